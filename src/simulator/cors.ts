import type { IncomingMessage } from 'node:http';
import { headerValue } from './http-io.js';

/**
 * CORS headers for getMobile, which pages call cross-origin. The request's Origin is echoed (not
 * `*`) and `Vary: Origin` set, as a service that records and checks the Origin would.
 */
export function echoedOriginHeaders(request: IncomingMessage): Record<string, string> {
	const origin = headerValue(request, 'origin');
	return origin === undefined ? {} : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/** Whether an OPTIONS request is a CORS preflight (it names the method it asks for). */
export function isPreflight(request: IncomingMessage): boolean {
	return request.method === 'OPTIONS' && headerValue(request, 'access-control-request-method') !== undefined;
}

/** The preflight answer's headers: POST allowed with whatever headers the page asked for. */
export function getMobilePreflightHeaders(request: IncomingMessage): Record<string, string> {
	const requested = headerValue(request, 'access-control-request-headers');
	return {
		...echoedOriginHeaders(request),
		Vary: 'Origin, Access-Control-Request-Headers',
		'Access-Control-Allow-Methods': 'POST, OPTIONS',
		...(requested !== undefined ? { 'Access-Control-Allow-Headers': requested } : {}),
		'Access-Control-Max-Age': '600',
	};
}
