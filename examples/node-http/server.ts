/**
 * The UAID backend on plain `node:http`: the kit's Fetch handler behind `toNodeListener`.
 *
 *   UAID_APP_ID=… UAID_APP_KEY=… UAID_PRIVATE_KEY=… UAID_ALLOWED_ORIGINS=https://m.example.com \
 *     npx tsx examples/node-http/server.ts
 *
 * The page then points `<cmcc-uaid sign-url>`/`validate-url` at http://this-host:8080/uaid/sign and /uaid/validate.
 */
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createUaidHandler, toNodeListener, type UaidHandlerOptions } from 'cmcc-uaid/server';

/** The whole server: requests under `/uaid/` go to the kit, anything else is a 404 of your own. */
export function createUaidServer(options: UaidHandlerOptions): Server {
	const uaid = toNodeListener(createUaidHandler(options));
	return createServer((request, response) => {
		// With a `next` callback the listener answers only under its basePath and hands the rest back.
		uaid(request, response, () => {
			response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
			response.end('Not found\n');
		});
	});
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
		// Leave unset in production; point it at `cmcc-uaid simulator` while developing.
		...(process.env.UAID_VALIDATE_URL ? { validateUrl: process.env.UAID_VALIDATE_URL } : {}),
	};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const server = createUaidServer(optionsFromEnvironment());
	server.listen(Number(process.env.PORT ?? 8080), () => {
		const { port } = server.address() as { port: number };
		console.log(`UAID backend on http://localhost:${port}/uaid/`);
	});
}
