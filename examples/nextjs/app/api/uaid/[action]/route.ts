/**
 * The UAID backend as a Next.js App Router route handler: `app/api/uaid/[action]/route.ts` serves
 * POST /api/uaid/sign and POST /api/uaid/validate (and their CORS preflights).
 *
 * Set UAID_APP_ID, UAID_APP_KEY, UAID_PRIVATE_KEY and UAID_ALLOWED_ORIGINS in the deployment's
 * environment. The kit needs `node:crypto`: keep the Node.js runtime (not `edge`).
 */
import { createUaidHandler, type UaidHandler } from 'cmcc-uaid/server';

export const runtime = 'nodejs';
// Every answer is per-request (fresh traceId, single-use token): never cache or pre-render it.
export const dynamic = 'force-dynamic';

let handler: UaidHandler | undefined;

/** Built on first use, so `next build` does not need the secrets. */
function uaid(): UaidHandler {
	handler ??= createUaidHandler({
		appId: process.env.UAID_APP_ID ?? '',
		appKey: process.env.UAID_APP_KEY ?? '',
		privateKey: process.env.UAID_PRIVATE_KEY ?? '',
		allowedOrigins: (process.env.UAID_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
		basePath: '/api/uaid',
		// Vercel and most hosts put the client address in x-forwarded-for; there is no socket here.
		clientIp: { header: 'x-forwarded-for', hops: 1 },
		...(process.env.UAID_VALIDATE_URL ? { validateUrl: process.env.UAID_VALIDATE_URL } : {}),
	});
	return handler;
}

export function POST(request: Request): Promise<Response> {
	return uaid()(request);
}

export function OPTIONS(request: Request): Promise<Response> {
	return uaid()(request);
}
