/**
 * Child process: the demo backend for the click-to-UAID run — the server kit's endpoints under
 * `/uaid/`, the built script-tag bundle, and one page per variant:
 *
 * - `default`: `<cmcc-uaid>` as documented (prefetch on connect, preconnect to getMobile);
 * - `no-prefetch`: `<cmcc-uaid prefetch="none">`;
 * - `naive`: the flow as most integrations write it — sign, then getMobile posted as
 *   `application/json` (so the browser sends a CORS preflight first), then validate.
 *
 * Every page records `performance.now()` at the click and at `uaid-success` in `window.__bench`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childOptions, serveChild } from '../support/child.js';
import { distUrl, importDist } from '../../tools/dist.js';

export interface ClickServerOptions {
	/** imeiTokenValidate URL the backend calls (through the delaying proxy). */
	validateUrl: string;
}

const { createUaidHandler, toNodeListener, validateToken } =
	await importDist<typeof import('../../src/server/index.js')>('server/index.js');
const { DEMO_APP, DEMO_PRIVATE_KEY } = await importDist<typeof import('../../src/simulator/index.js')>('simulator/index.js');
const { appId: DEMO_APP_ID, appKey: DEMO_APP_KEY } = DEMO_APP;
const options = childOptions<ClickServerOptions>();
if (!options.validateUrl) throw new Error('click-server: validateUrl is required');
const iife = readFileSync(distUrl('cmcc-uaid.iife.js'));

const kit = toNodeListener(
	createUaidHandler({
		appId: DEMO_APP_ID,
		appKey: DEMO_APP_KEY,
		privateKey: DEMO_PRIVATE_KEY,
		validateUrl: options.validateUrl,
		rateLimit: false,
	}),
);

// The floor counts the backend's imeiTokenValidate as one round trip: a backend in use holds a
// keep-alive connection to the platform. Between two runs (a browser starting, the user reading)
// the pool's 4 s keep-alive can lapse, and the next validate would pay a handshake no user of a busy
// backend pays. Other users' traffic is played by a token the platform never issued, through the
// same pool (validateToken shares the kit's), once as each page is served: the connection is then
// fresh at the click, at most a few seconds later, and never busy with it (a call every 2 s fell on
// a click's validate one run in ten, which then waited for a second connection's handshake).
const KEEP_WARM_TOKEN = 'bench-keep-warm';
const keepWarm = (): void => {
	validateToken({ appId: DEMO_APP_ID, privateKey: DEMO_PRIVATE_KEY, validateUrl: options.validateUrl, token: KEEP_WARM_TOKEN }).catch(
		() => undefined,
	);
};

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const RECORDER = `
window.__bench = { clickAt: undefined, doneAt: undefined, error: undefined, progress: [] };
document.addEventListener('uaid-progress', (event) => { window.__bench.progress.push(event.detail.stage + ':' + event.detail.phase + '@' + Math.round(performance.now() - (window.__bench.clickAt ?? 0)) + (event.detail.prefetched ? ' (prefetched)' : '')); });
document.addEventListener('click', () => { if (window.__bench.clickAt === undefined) window.__bench.clickAt = performance.now(); }, true);
document.addEventListener('uaid-success', () => { window.__bench.doneAt = performance.now(); });
document.addEventListener('uaid-error', (event) => { window.__bench.error = JSON.stringify(event.detail); });
`;

const NAIVE = `
const post = async (url, body) => {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!response.ok) throw new Error(url + ' answered ' + response.status);
	return response.json();
};
document.getElementById('naive').addEventListener('click', async () => {
	try {
		const signed = await post('/uaid/sign', {});
		const answer = await post(document.body.dataset.tokenUrl, signed);
		if (answer.body.resultCode !== '103000') throw new Error('getMobile answered ' + answer.body.resultCode);
		const result = await post('/uaid/validate', { token: answer.body.token, traceId: signed.traceId });
		document.dispatchEvent(new CustomEvent('uaid-success', { detail: result }));
	} catch (error) {
		window.__bench.error = String(error);
	}
});
`;

function page(variant: string, tokenUrl: string): string {
	const token = escapeAttribute(tokenUrl);
	// What `<link rel="preconnect" crossorigin>` does in a browser that honours it: a connection in the pool of
	// credential-less CORS requests, which getMobile then takes. A GET is answered 405, with CORS headers, and spends no token.
	// The body is read so that the request ends and its connection goes back to the pool.
	const body =
		variant === 'naive'
			? `<button id="naive" type="button">本机一键认证</button><script type="module">${NAIVE}</script>`
			: `<script src="/cmcc-uaid.iife.js"></script><cmcc-uaid token-url="${token}"${variant === 'no-prefetch' ? ' prefetch="none"' : ''}></cmcc-uaid>`;
	return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench ${variant}</title><script>${RECORDER}</script></head><body data-token-url="${token}">${body}</body></html>`;
}

const server = createServer((request, response) => {
	const url = new URL(request.url ?? '/', 'http://bench');
	if (url.pathname.startsWith('/uaid/')) return kit(request, response);
	if (url.pathname === '/cmcc-uaid.iife.js') {
		response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
		return response.end(iife);
	}
	if (url.pathname === '/bench.html') {
		keepWarm();
		response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
		return response.end(page(url.searchParams.get('variant') ?? 'default', url.searchParams.get('token') ?? ''));
	}
	response.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => serveChild(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
