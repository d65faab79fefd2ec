/**
 * The UAID backend inside an Express 5 app: the same listener is Express middleware, and every
 * path outside its `basePath` goes on to your own routes.
 *
 *   UAID_APP_ID=… UAID_APP_KEY=… UAID_PRIVATE_KEY=… UAID_ALLOWED_ORIGINS=https://m.example.com \
 *     npx tsx examples/express/server.ts
 */
import { pathToFileURL } from 'node:url';
import express, { type Express } from 'express';
import { createUaidHandler, toNodeListener, type UaidHandlerOptions } from 'cmcc-uaid/server';

export function createUaidApp(options: UaidHandlerOptions): Express {
	const app = express();
	// Behind a reverse proxy, rate-limit by the address it forwards: pass
	// `clientIp: { header: 'x-forwarded-for', hops: 1 }` in the options.
	app.use(toNodeListener(createUaidHandler({ basePath: '/api/uaid', ...options })));
	// A body parser mounted before the kit is fine too: the adapter reads what it parsed.
	app.use(express.json());
	app.get('/api/health', (_request, response) => {
		response.json({ ok: true });
	});
	return app;
}

function optionsFromEnvironment(): UaidHandlerOptions {
	const required = (name: string): string => {
		const value = process.env[name];
		if (!value) throw new Error(`Set ${name} (see README "Backend set-up").`);
		return value;
	};
	return {
		appId: required('UAID_APP_ID'),
		appKey: required('UAID_APP_KEY'),
		privateKey: required('UAID_PRIVATE_KEY'),
		allowedOrigins: (process.env.UAID_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
		...(process.env.UAID_VALIDATE_URL ? { validateUrl: process.env.UAID_VALIDATE_URL } : {}),
	};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const server = createUaidApp(optionsFromEnvironment()).listen(Number(process.env.PORT ?? 8080), () => {
		const { port } = server.address() as { port: number };
		console.log(`UAID backend on http://localhost:${port}/api/uaid/`);
	});
}
