import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { NodeListener } from '../server/adapters/node-listener.js';
import type { ServiceStore } from './service-store.js';
import type { PublishedKey } from './signing-key.js';

/** The paths the service answers itself; everything else goes to the kit. */
const HEALTH_PATH = '/healthz';
const READY_PATH = '/readyz';
export const JWKS_PATH = '/.well-known/jwks.json';

/** The JWK Set (RFC 7517 § 5): the current key first, then the earlier ones still in use. */
function jwksDocument(keys: readonly PublishedKey[]): { keys: object[] } {
	return { keys: keys.map(({ jwk, kid, alg }) => ({ ...jwk, kid, alg, use: 'sig' })) };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
		'x-content-type-options': 'nosniff',
		'cache-control': 'no-store',
		...headers,
	});
	res.end(res.req.method === 'HEAD' ? undefined : text);
}

export interface ServiceRouteOptions {
	readonly kit: NodeListener;
	readonly keys: readonly PublishedKey[];
	readonly store: ServiceStore;
	readonly logger: Logger;
	/** True once SIGTERM arrived: readiness fails so the proxy stops sending, and each answer closes its connection. */
	readonly draining: () => boolean;
}

/** The service's one request listener: health, readiness and the JWKS, then the kit. */
export function createServiceListener({
	kit,
	keys,
	store,
	logger,
	draining,
}: ServiceRouteOptions): (req: IncomingMessage, res: ServerResponse) => void {
	const jwks = jwksDocument(keys);
	return (req, res) => {
		if (draining()) res.setHeader('connection', 'close');
		const path = (req.url ?? '/').split('?')[0];
		const isRead = req.method === 'GET' || req.method === 'HEAD';
		if (isRead && path === HEALTH_PATH) return sendJson(res, 200, { status: 'ok' });
		// Verifiers cache the key set; a rotation lists the new key before it signs (see docs/serve.md).
		if (isRead && path === JWKS_PATH) return sendJson(res, 200, jwks, { 'cache-control': 'public, max-age=300' });
		if (isRead && path === READY_PATH) {
			if (draining()) return sendJson(res, 503, { status: 'draining', store: store.kind });
			void store.ready().then(
				(ready) => sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'store-unavailable', store: store.kind }),
				(error: unknown) => {
					logger.error({ err: error }, 'readiness check failed');
					sendJson(res, 503, { status: 'store-unavailable', store: store.kind });
				},
			);
			return;
		}
		kit(req, res);
	};
}
