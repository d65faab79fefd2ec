import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { UaidError } from '../protocol/errors.js';
import { readBodyBytes } from '../protocol/node/read-body.js';
import { sendJson } from '../simulator/http-io.js';

export function send(response: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
	response.writeHead(status, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
	response.end(body);
}

/**
 * The demo's own refusals: one code per case, a fixed message, never the text of an exception
 * (which would tell a prober how the server is built).
 */
export type DemoErrorCode =
	| 'bad-request'
	| 'host-not-allowed'
	| 'origin-not-allowed'
	| 'method-not-allowed'
	| 'not-found'
	| 'payload-too-large'
	| 'internal-error';

export function sendDemoError(
	response: ServerResponse,
	status: number,
	code: DemoErrorCode,
	message: string,
	headers: Record<string, string> = {},
): void {
	sendJson(response, status, { error: { code, message } }, headers);
}

/** A request body the demo refuses; the route answers it with its code. */
export class DemoRequestError extends UaidError {
	override name = 'DemoRequestError' as const;
	declare readonly code: DemoErrorCode;
	readonly status: number;

	constructor(status: number, code: DemoErrorCode, message: string) {
		super(code, message);
		this.status = status;
	}
}

const DEMO_BODY_LIMIT_BYTES = 16 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
	const read = await readBodyBytes(request, DEMO_BODY_LIMIT_BYTES);
	if (read.kind === 'too-large') throw new DemoRequestError(413, 'payload-too-large', `The body exceeds ${DEMO_BODY_LIMIT_BYTES} bytes.`);
	if (read.kind === 'aborted') throw new DemoRequestError(400, 'bad-request', 'The request body could not be read.');
	return read.bytes.toString('utf8');
}

/** Reads a file below `base`, or undefined when the path leaves it or does not exist. */
export async function readInside(base: string, relative: string): Promise<Buffer | undefined> {
	const path = normalize(join(base, relative));
	if (path !== base && !path.startsWith(base.endsWith(sep) ? base : base + sep)) return undefined;
	try {
		return await readFile(path);
	} catch {
		return undefined;
	}
}
