import { isUaidServerError, UaidServerError } from '../errors/index.js';

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
	 * Response headers, `set-cookie` above all. Headers that would break the answer or its CORS are
	 * refused (the answer is then `integrator-failed`): `content-type`, `content-length`,
	 * `content-encoding`, `cache-control`, `vary`, `x-content-type-options`, `access-control-*` and
	 * the hop-by-hop headers (`connection`, `transfer-encoding`, …).
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
	/** The user's agreement, when the page asked for it first (`<cmcc-uaid consent>`, `start({ consent })`); absent otherwise. */
	consent?: UaidConsent;
}

/**
 * A consent the kit recorded for one validated token. Store it with the UAID: it is what a privacy
 * policy's "we identify your phone with your agreement" rests on, and the `UserGrantId` a reseller's
 * UAID API asks for (Aliyun: at most 128 characters).
 */
export interface UaidConsent {
	/** The policy version the page named (`consent-version`); absent when it named none. */
	version?: string;
	/**
	 * When the kit received the validate request, as an ISO 8601 UTC string. The server's clock, not
	 * the phone's: a phone's clock can be hours off or set by anyone, and the tick came before sign,
	 * getMobile and validate, so this is at most those seconds after it.
	 */
	grantedAt: string;
	/** A random id the kit made for this consent (a UUID, 36 characters): the same id is in the validate log line. */
	grantId: string;
}

/** The `onUaid` option: the integrator's step with the UAID, whose return value joins the validate answer. */
export type OnUaidHook = (
	result: { uaid: string; traceId: string },
	context: UaidHookContext,
) => void | UaidAnswerExtras | Promise<void | UaidAnswerExtras>;

/** The extras after the check: lower-case header names, every value a list. */
export interface CheckedExtras {
	body: Record<string, unknown>;
	headers: Map<string, string[]>;
}

// Headers that keep the answer JSON, uncached and readable only by the allowed origin: the kit's alone.
const KIT_HEADERS = new Set([
	'content-type',
	'content-length',
	'content-encoding',
	'cache-control',
	'vary',
	'x-content-type-options',
	'transfer-encoding',
	'connection',
	'keep-alive',
	'upgrade',
	'trailer',
]);
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
			if (KIT_HEADERS.has(name) || name.startsWith('access-control-'))
				return (
					`the ${name} header is the kit's own: set by the hook, it would break the JSON answer or its CORS (set-cookie and your own ` +
					`headers are fine)`
				);
			const values: readonly unknown[] = Array.isArray(item) ? item : [item];
			if (!values.every((v) => typeof v === 'string' && HEADER_VALUE.test(v)))
				return `headers["${rawName.slice(0, 100)}"] is not a string (or an array of strings) without line breaks`;
			checked.headers.set(name, [...(checked.headers.get(name) ?? []), ...(values as string[])]);
		}
	}
	return checked;
}

const failed = (message: string, cause?: unknown): UaidServerError =>
	new UaidServerError(
		'integrator-failed',
		`The UAID was obtained, but the backend's onUaid step failed (${message}); the token is spent: start again.`,
		cause === undefined ? {} : { cause },
	);

/** The hook's own promise, or a rejection when it has not settled within `timeoutMs`. */
function settleWithin<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() =>
				reject(
					failed(`it did not settle within onUaidTimeoutMs, ${timeoutMs} ms`, new Error(`onUaid did not settle within ${timeoutMs} ms.`)),
				),
			timeoutMs,
		);
	});
	return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Calls the integrator's hook once, within `timeoutMs`, and checks what it returned.
 * @throws {UaidServerError} `integrator-failed` when the hook throws, rejects, does not settle in time or returns something the kit
 * cannot answer; `cause` is what it threw, or the reason.
 */
export async function runOnUaid(
	hook: OnUaidHook,
	result: { uaid: string; traceId: string },
	context: UaidHookContext,
	timeoutMs: number,
): Promise<CheckedExtras> {
	let value: unknown;
	try {
		value = await settleWithin(
			Promise.resolve().then(() => hook(result, context)),
			timeoutMs,
		);
	} catch (cause) {
		if (isUaidServerError(cause) && cause.code === 'integrator-failed') throw cause;
		throw failed('it threw', cause);
	}
	const checked = checkExtras(value);
	if (typeof checked === 'string') throw failed('bad return value', new TypeError(`onUaid: ${checked}.`));
	return checked;
}
