import { resolveClientIp, type ClientIpSource } from '../core/client-ip.js';
import { resolveHandlerOptions } from '../core/handler-options.js';
import { toResponse } from '../core/json-response.js';
import { createKitCore, type KitCore, type KitRequest } from '../core/kit-core.js';
import type { UaidHandlerOptions } from '../core/options.js';
import { originFromHost } from '../core/origin-policy.js';
import { readRequestBody } from '../core/request-body.js';

export type { KitRequest } from '../core/kit-core.js';

/** Where {@link toNodeListener} finds a handler's core. A symbol, so the core stays off the handler's documented surface. */
export const KIT_CORE: unique symbol = Symbol('cmcc-uaid kit core');

/** The core and the settled options an adapter reads when it is built, so no request carries them. */
export interface KitBinding {
	readonly core: KitCore;
	readonly basePath: string;
	readonly maxBodyBytes: number;
	readonly clientIp: ClientIpSource;
}

/** A Fetch-API handler (Next.js route handlers, Hono, Bun, Deno) that also knows its path prefix. */
export interface UaidHandler {
	(request: Request): Promise<Response>;
	/** The normalised `basePath`; {@link toNodeListener} passes other paths on to `next()`. */
	readonly basePath: string;
	/** The runtime-neutral core both adapters call, with the settings they are built with. @internal */
	readonly [KIT_CORE]: KitBinding;
}

/** A Fetch `Request` as the core reads it. */
function fetchKitRequest(request: Request, { maxBodyBytes, clientIp }: KitBinding): KitRequest {
	const url = URL.parse(request.url);
	return {
		method: request.method,
		pathname: url?.pathname ?? '',
		header: (name) => request.headers.get(name),
		// A real HTTP request always has Host (HTTP/2 maps :authority to it); only a Request built
		// in-process lacks it, and then its URL is the caller's own.
		ownOrigin: () => {
			const host = request.headers.get('host');
			return host === null ? url?.origin : originFromHost(url?.protocol.slice(0, -1) ?? 'http', host);
		},
		body: () => readRequestBody(request, maxBodyBytes),
		clientIp: () => resolveClientIp(request, clientIp),
		fetchRequest: () => request,
	};
}

/**
 * The integrator's two endpoints as one Fetch-API handler: `POST {basePath}/sign` answers the
 * signed getMobile body; `POST {basePath}/validate` exchanges `{token, traceId}` for the UAID,
 * hands it to `onUaid`, and answers `{ uaid, traceId, ...fields }` (no `uaid` with `exposeUaid: false`).
 * Every failure is the documented error JSON with a stable code.
 *
 * @throws {UaidServerError} `invalid-option`, naming the option, for an option that cannot work.
 * @example
 * const handler = createUaidHandler({ appId: '300011580392', appKey: process.env.UAID_APP_KEY!, privateKey:
 * process.env.UAID_PRIVATE_KEY!, allowedOrigins: ['https://m.example.com'] });
 * http.createServer(toNodeListener(handler)).listen(8080);
 */
export function createUaidHandler(options: UaidHandlerOptions): UaidHandler {
	const settings = resolveHandlerOptions(options);
	const { basePath, maxBodyBytes, clientIp } = settings;
	const binding: KitBinding = { core: createKitCore(settings), basePath, maxBodyBytes, clientIp };
	const handler = async (request: Request): Promise<Response> => toResponse(await binding.core(fetchKitRequest(request, binding)));
	return Object.assign(handler, { basePath, [KIT_CORE]: binding });
}
