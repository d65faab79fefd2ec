import { Agent } from 'undici';
import { UaidError } from '../../protocol/errors.js';

/** What the platform sent back: the HTTP status and the body decoded as UTF-8. */
export interface TransportAnswer {
	status: number;
	text: string;
}

/**
 * Posts a JSON body to the platform and reads the whole answer. Rejects with `signal.reason` once
 * `signal` aborts (at any point until the answer is fully read), with {@link UnreadableAnswerError}
 * when an answer arrived but cannot be read as text, and with the network error otherwise.
 */
export type PostJson = (url: string, body: string, signal: AbortSignal) => Promise<TransportAnswer>;

/** An answer arrived (so the platform saw the request) but its body cannot be read as text. */
export class UnreadableAnswerError extends UaidError {
	override name = 'UnreadableAnswerError' as const;
	declare readonly code: 'unreadable-answer';
	/** The HTTP status of the unreadable answer. */
	readonly status: number;

	constructor(status: number, message: string, options?: { cause?: unknown }) {
		super('unreadable-answer', message, options);
		this.status = status;
	}
}

/** The platform's answers are a few hundred bytes; anything near this is not its JSON. */
const MAX_ANSWER_BYTES = 1024 * 1024;

const HEADERS = {
	'content-type': 'application/json;charset=UTF-8',
	accept: 'application/json',
	// The answers are a few hundred bytes: compression would save nothing and cost a decoder.
	'accept-encoding': 'identity',
	'user-agent': 'cmcc-uaid',
} as const;

// One keep-alive pool per platform host for the process, so a validate flow costs no TCP (or TLS)
// handshake. Idle sockets go after 4 s, before the 5 s keep-alive of Node's own server (the
// simulator) and of many proxies; a shorter `Keep-Alive: timeout=` hint from the server wins.
// Past 64 calls in flight to one host, calls wait for a socket, and the wait counts toward
// `timeoutMs`.
const platformPool = new Agent({ keepAliveTimeout: 4000, connections: 64 });

// Decodes as fetch's text() does: a byte order mark is dropped, invalid bytes become U+FFFD.
const utf8 = new TextDecoder('utf-8');

/**
 * The default transport: undici's `request` over a keep-alive pool. Redirects are never followed
 * (undici's request does not follow them), so a token is never sent to another host.
 */
export const postJsonOverPool: PostJson = async (url, body, signal) => {
	const target = new URL(url);
	if (target.protocol !== 'http:' && target.protocol !== 'https:')
		throw new TypeError(`The platform URL must be http: or https:, not ${target.protocol}`);
	// A pooled socket the server closed while idle fails here with a socket error, usually before
	// the server read anything. The caller still counts it as "lost", not "not sent": nothing proves
	// the server did not read the request before closing, and retrying here would spend the token
	// outside `retries`. undici never retries a POST on its own.
	const answer = await platformPool.request({
		origin: target.origin,
		path: target.pathname + target.search,
		method: 'POST',
		headers: HEADERS,
		body,
		signal,
	});
	const status = answer.statusCode;
	const coding = answer.headers['content-encoding'];
	if (coding !== undefined && coding !== 'identity') {
		// Destroying an unread body makes undici emit "Request aborted" on it: nobody else listens, so we do.
		answer.body.on('error', () => undefined).destroy();
		throw new UnreadableAnswerError(
			status,
			`The answer is compressed (content-encoding: ${String(coding)}) although the request asked for identity.`,
		);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of answer.body as AsyncIterable<Buffer>) {
		size += chunk.length;
		// Leaving the loop early destroys the body, and with it the socket: a half-read answer never reaches the next call.
		if (size > MAX_ANSWER_BYTES) throw new UnreadableAnswerError(status, `The answer is larger than ${MAX_ANSWER_BYTES} bytes.`);
		chunks.push(chunk);
	}
	return { status, text: utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)) };
};

/** The transport when the caller brings a fetch (a runtime's own, a proxy-aware one, a test double). */
export function postJsonWithFetch(doFetch: typeof globalThis.fetch): PostJson {
	return async (url, body, signal) => {
		const response = await doFetch(url, {
			method: 'POST',
			headers: { 'content-type': HEADERS['content-type'], accept: HEADERS.accept },
			body,
			signal,
			redirect: 'manual',
		});
		return { status: response.status, text: await response.text() };
	};
}
