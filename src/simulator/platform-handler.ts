import type { IncomingMessage, ServerResponse } from 'node:http';
import { GET_MOBILE_PATH, VALIDATE_PATH } from '../protocol/fields.js';
import type { PlatformEndpoint } from '../protocol/result-codes.js';
import { resultVariant } from '../protocol/result-codes.js';
import { echoedOriginHeaders, isPreflight, getMobilePreflightHeaders } from './cors.js';
import { takeFault, type ActiveFault } from './faults.js';
import { checkGetMobile, getMobileEcho, type CheckOutcome } from './get-mobile-checks.js';
import { clientIp, headerValue, readBody, sendError, sendJson } from './http-io.js';
import { platformAnswerBody, type EchoFields, type PlatformAnswer } from './platform-answer.js';
import { maskToken } from '../protocol/mask-token.js';
import type { LogEntry } from './request-log.js';
import type { SimulatorState } from './state.js';
import { checkValidate, validateEcho } from './validate-checks.js';

/** The platform paths the simulator serves, as in production. */
export const PLATFORM_ROUTES: ReadonlyMap<string, PlatformEndpoint> = new Map([
	[GET_MOBILE_PATH, 'getMobile'],
	[VALIDATE_PATH, 'imeiTokenValidate'],
]);

export interface PlatformHandlerOptions {
	readonly maxBodyBytes: number;
	readonly trustForwardedFor: boolean;
	/** Waits, but gives up when the simulator closes. */
	readonly sleep: (ms: number) => Promise<void>;
}

/** A body that is not JSON, for the `garbled` fault: the start of a real answer, cut off. */
const GARBLED_BODY = '{"header":{"appId":"';

function errorPage(status: number): string {
	return (
		`<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>simulated ` +
		`gateway error</center></body></html>`
	);
}

/**
 * Serves getMobile and imeiTokenValidate: CORS (getMobile only), body limits, faults, the checks,
 * and one log entry per request.
 */
export async function handlePlatformRequest(
	endpoint: PlatformEndpoint,
	request: IncomingMessage,
	response: ServerResponse,
	state: SimulatorState,
	options: PlatformHandlerOptions,
): Promise<void> {
	const origin = headerValue(request, 'origin');
	const referer = headerValue(request, 'referer');
	const contentType = headerValue(request, 'content-type');
	const entry: LogEntry = {
		time: new Date(state.now()).toISOString(),
		endpoint,
		method: request.method ?? '',
		preflight: false,
		origin,
		referer,
		contentType,
		clientIp: clientIp(request, options.trustForwardedFor),
	};
	const cors = endpoint === 'getMobile' ? echoedOriginHeaders(request) : {};
	try {
		if (request.method === 'OPTIONS' && endpoint === 'getMobile') {
			entry.preflight = isPreflight(request);
			entry.status = 204;
			response.writeHead(204, entry.preflight ? getMobilePreflightHeaders(request) : { ...cors, Allow: 'POST, OPTIONS' });
			response.end();
			return;
		}
		if (request.method !== 'POST') {
			request.resume();
			const allow = endpoint === 'getMobile' ? 'POST, OPTIONS' : 'POST';
			entry.status = 405;
			sendError(response, 405, 'method-not-allowed', `${request.method} is not allowed here; use POST.`, { ...cors, Allow: allow });
			return;
		}
		const body = await readBody(request, options.maxBodyBytes);
		// The client went away mid-body: nothing to answer; the entry is logged without a status.
		if (body.kind === 'aborted') return;
		if (body.kind === 'too-large') {
			entry.status = 413;
			// The rest of the body is not read: close the connection after the answer.
			sendError(response, 413, 'payload-too-large', `The body exceeds ${options.maxBodyBytes} bytes.`, { ...cors, Connection: 'close' });
			return;
		}
		const text = body.kind === 'ok' ? body.text : undefined;
		const echo = endpoint === 'getMobile' ? getMobileEcho(text) : validateEcho(text);
		const fault = takeFault(state.faults, endpoint);
		if (fault && (await applyFault(fault, endpoint, echo, response, state, options, cors, entry))) return;

		let outcome: CheckOutcome;
		if (text === undefined) {
			// Bytes that are not UTF-8 cannot be JSON (RFC 8259 §8.1): the parse error.
			outcome = { answer: { entry: resultVariant(endpoint, 'parse-error') }, echo: {} };
		} else {
			const context = { clientIp: entry.clientIp, origin, referer };
			outcome = endpoint === 'getMobile' ? checkGetMobile(text, state, context) : checkValidate(text, state, context);
		}
		if (outcome.appId !== undefined) entry.appId = outcome.appId;
		if (outcome.token !== undefined) entry.token = maskToken(outcome.token);
		sendAnswer(endpoint, outcome.answer, outcome.echo, response, state, cors, entry);
	} catch {
		// Never a stack trace in a body: whatever went wrong is the platform's 系统错误.
		if (!response.headersSent && !response.destroyed)
			sendAnswer(endpoint, { entry: resultVariant(endpoint, 'system-error') }, {}, response, state, cors, entry);
	} finally {
		state.log.add(entry);
	}
}

function sendAnswer(
	endpoint: PlatformEndpoint,
	answer: PlatformAnswer,
	echo: EchoFields,
	response: ServerResponse,
	state: SimulatorState,
	cors: Record<string, string>,
	entry: LogEntry,
): void {
	entry.status = 200;
	entry.resultCode = answer.entry.code;
	entry.resultVariant = answer.entry.variant;
	sendJson(response, 200, platformAnswerBody(endpoint, answer, echo, state.now(), state.answers.shape), cors);
}

/** Applies a fault; true when it answered (or dropped) the request, false when checks still run (latency only). */
async function applyFault(
	fault: ActiveFault,
	endpoint: PlatformEndpoint,
	echo: EchoFields,
	response: ServerResponse,
	state: SimulatorState,
	options: PlatformHandlerOptions,
	cors: Record<string, string>,
	entry: LogEntry,
): Promise<boolean> {
	const { spec } = fault;
	if (spec.latencyMs) {
		entry.fault = 'latency';
		await options.sleep(spec.latencyMs);
		if (response.destroyed) return true;
	}
	if (spec.drop) {
		entry.fault = 'drop';
		response.socket?.destroy();
		return true;
	}
	if (spec.httpStatus !== undefined) {
		entry.fault = 'httpStatus';
		entry.status = spec.httpStatus;
		const page = errorPage(spec.httpStatus);
		response.writeHead(spec.httpStatus, { ...cors, 'Content-Type': 'text/html;charset=UTF-8', 'Content-Length': Buffer.byteLength(page) });
		response.end(page);
		return true;
	}
	if (spec.garbled) {
		entry.fault = 'garbled';
		entry.status = 200;
		response.writeHead(200, {
			...cors,
			'Content-Type': 'application/json;charset=UTF-8',
			'Content-Length': Buffer.byteLength(GARBLED_BODY),
		});
		response.end(GARBLED_BODY);
		return true;
	}
	if (fault.forced) {
		entry.fault = 'resultCode';
		if (echo.appId !== undefined) entry.appId = echo.appId;
		sendAnswer(endpoint, { entry: fault.forced }, echo, response, state, cors, entry);
		return true;
	}
	return false;
}
