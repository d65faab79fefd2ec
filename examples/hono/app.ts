/**
 * The UAID backend in Hono, on any Fetch-standard runtime (Cloudflare Workers, Deno, Bun, or Node
 * with @hono/node-server): the kit *is* a Fetch handler, so the route hands it the raw Request.
 *
 *   export default createUaidApp({ appId, appKey, privateKey, allowedOrigins })   // Bun / Deno / Workers
 *
 * The kit signs with `node:crypto`, so on Workers enable `nodejs_compat`.
 */
import { Hono } from 'hono';
import { createUaidHandler, type UaidHandlerOptions } from 'cmcc-uaid/server';

export function createUaidApp(options: UaidHandlerOptions): Hono {
	const uaid = createUaidHandler({
		basePath: '/api/uaid',
		// These runtimes give no socket address to the kit; the edge proxy's header is the client IP.
		clientIp: { header: 'x-forwarded-for', hops: 1 },
		...options,
	});
	const app = new Hono();
	// `all`, not `post`: the kit answers CORS preflights (OPTIONS) and 405s itself.
	app.all('/api/uaid/*', (context) => uaid(context.req.raw));
	app.get('/api/health', (context) => context.json({ ok: true }));
	return app;
}
