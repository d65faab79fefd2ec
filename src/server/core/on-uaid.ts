import { UaidServerError } from '../errors/index.js';

/**
 * What an `onUaid` hook may add to the validate answer: `body` fields next to `traceId` (and
 * `uaid`, unless `exposeUaid` is `false`), and response `headers` such as the `Set-Cookie` of the
 * session it opened. An array value sends the header once per item (several cookies).
 */
export interface UaidAnswerExtras {
	/**
	 * JSON fields for the page: strings, finite numbers, booleans, null, arrays and plain objects of them. `uaid` and `traceId` are
	 * the kit's.
	 */
	body?: Record<string, unknown>;
	/**
	 * Response headers; `content-type`, `content-length`, `cache-control`, `vary`, `x-content-type-options`, `access-control-*` and
	 * hop-by-hop headers are the kit's.
	 */
	headers?: Record<string, string | readonly string[]>;
}

/** What the hook learns of the request that brought the token. */
export interface UaidHookContext {
	/** URL, method and headers (cookies included) as a Fetch `Request`; its body has been read by the kit already. */
	request: Request;
	/** The client IP as the `clientIp` option reads it. */
	clientIp: string;
	/** The page's `Origin` header, when the browser sent one. */
	origin?: string;
}

/** The `onUaid` option: the integrator's step with the UAID, whose return value joins the validate answer. */
export type OnUaidHook = (result: { uaid: string; traceId: string }, context: UaidHookContext) => void | UaidAnswerExtras | Promise<void | UaidAnswerExtras>;

/** The extras after the check: lower-case header names, every value a list. */
export interface CheckedExtras {
	body: Record<string, unknown>;
	headers: Map<string, string[]>;
}

// Headers that keep the answer JSON, uncached and readable only by the allowed origin: the kit's alone.
const KIT_HEADERS = new Set(['content-type', 'content-length', 'cache-control', 'vary', 'x-content-type-options', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
// What Node's writeHead accepts in a value: a value it would refuse must fail here, as integrator-failed, not on the socket.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
	if (typeof value !== 'object' || value === null) return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	return proto === Object.prototype || proto === null;
};

/** A value JSON keeps as it is: no `undefined`, function, `NaN`, Date, Map or cycle to change shape on the way to the page. */
function isJsonValue(value: unknown, depth: number): boolean {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (depth > 32) return false;
	if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
	return isPlainObject(value) && Object.values(value).every((item) => isJsonValue(item, depth + 1));
}

/** The reason a hook's return value cannot be answered, or undefined when it can. */
function checkExtras(value: unknown): CheckedExtras | string {
	const checked: CheckedExtras = { body: {}, headers: new Map() };
	if (value === undefined) return checked;
	if (!isPlainObject(value)) return 'it returned something other than undefined or { body?, headers? }';
	const { body, headers } = value as UaidAnswerExtras;
	if (body !== undefined) {
		if (!isPlainObject(body)) return 'body is not a plain object';
		for (const [key, item] of Object.entries(body)) {
			if (key === 'uaid' || key === 'traceId') return `body.${key} is the kit's own field`;
			if (!isJsonValue(item, 0)) return `body.${key} is not a JSON value (string, finite number, boolean, null, array, plain object)`;
		}
		checked.body = body;
	}
	if (headers !== undefined) {
		if (!isPlainObject(headers)) return 'headers is not a plain object';
		for (const [rawName, item] of Object.entries(headers)) {
			const name = rawName.toLowerCase();
			if (!HEADER_NAME.test(name)) return `"${rawName.slice(0, 100)}" is not a header name`;
			if (KIT_HEADERS.has(name) || name.startsWith('access-control-')) return `the ${name} header is the kit's own`;
			const values: readonly unknown[] = Array.isArray(item) ? item : [item];
			if (!values.every((v) => typeof v === 'string' && HEADER_VALUE.test(v))) return `headers["${rawName.slice(0, 100)}"] is not a string (or an array of strings) without line breaks`;
			checked.headers.set(name, [...(checked.headers.get(name) ?? []), ...(values as string[])]);
		}
	}
	return checked;
}

const failed = (message: string, cause?: unknown): UaidServerError =>
	new UaidServerError('integrator-failed', `The UAID was obtained, but the backend's onUaid step failed (${message}); the token is spent: start again.`, cause === undefined ? {} : { cause });

/**
 * Calls the integrator's hook once and checks what it returned.
 * @throws {UaidServerError} `integrator-failed` when the hook throws, rejects or returns something the kit cannot answer; `cause`
 * is what it threw, or the reason.
 */
export async function runOnUaid(hook: OnUaidHook, result: { uaid: string; traceId: string }, context: UaidHookContext): Promise<CheckedExtras> {
	let value: unknown;
	try {
		value = await hook(result, context);
	} catch (cause) {
		throw failed('it threw', cause);
	}
	const checked = checkExtras(value);
	if (typeof checked === 'string') throw failed('bad return value', new TypeError(`onUaid: ${checked}.`));
	return checked;
}
