/**
 * A page on Vite's dev server calling the kit through Vite's proxy: the shorthand
 * `proxy: { '/uaid': 'http://127.0.0.1:8080' }` sets `changeOrigin`, so the kit sees the target's
 * Host, and the page's origin no longer looks like its own. The 403 must say which origin it saw,
 * what it compared it with, and which option fixes it; each documented fix must then work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { createUaidHandler, toNodeListener, type UaidHandlerOptions } from '../../src/server/index.js';
import { APP_ID, APP_KEY, closeServer, KEYS, listen } from './support.js';

// No platform call happens in these tests: a closed port stands in for it.
const NO_PLATFORM = 'http://127.0.0.1:9/NumberAbility/h5/imeiTokenValidate.htm';

interface DevSetup {
	/** The kit's own URL: the Host the proxy writes. */
	kitUrl: string;
	/** The page's origin: Vite's dev server. */
	pageOrigin: string;
}

describe("a page on Vite's dev server, calling the kit through Vite's proxy shorthand", () => {
	const root = mkdtempSync(join(tmpdir(), 'uaid-vite-proxy-'));
	const running: { server: Server; vite: ViteDevServer }[] = [];

	/** A Vite dev server whose `/uaid` proxies to the kit as the shorthand does; the kit's options may name the page origin. */
	async function behindVite(options: (pageOrigin: string) => Partial<UaidHandlerOptions>, keepHost = false): Promise<DevSetup> {
		const server = createHttpServer();
		const kitUrl = await listen(server);
		const proxy = keepHost ? { target: kitUrl, changeOrigin: false } : kitUrl;
		const vite = await createServer({
			configFile: false,
			root,
			logLevel: 'silent',
			server: { host: '127.0.0.1', port: 0, proxy: { '/uaid': proxy } },
		});
		await vite.listen();
		running.push({ server, vite });
		const pageOrigin = new URL(vite.resolvedUrls!.local[0]!).origin;
		server.on(
			'request',
			toNodeListener(
				createUaidHandler({
					appId: APP_ID,
					appKey: APP_KEY,
					privateKey: KEYS.privateKey,
					validateUrl: NO_PLATFORM,
					...options(pageOrigin),
				}),
			),
		);
		return { kitUrl, pageOrigin };
	}

	/** What the page's `fetch('/uaid/sign', { method: 'POST', body: '{}' })` sends: its own origin, to its own server. */
	const signFrom = async ({
		pageOrigin,
	}: DevSetup): Promise<{ status: number; allowOrigin: string | null; body: { error?: { code: string; message: string } } }> => {
		const response = await fetch(`${pageOrigin}/uaid/sign`, {
			method: 'POST',
			headers: { origin: pageOrigin, 'content-type': 'text/plain' },
			body: '{}',
		});
		return {
			status: response.status,
			allowOrigin: response.headers.get('access-control-allow-origin'),
			body: (await response.json()) as { error?: { code: string; message: string } },
		};
	};

	afterAll(async () => {
		for (const { server, vite } of running) {
			await vite.close();
			await closeServer(server);
		}
		rmSync(root, { recursive: true, force: true });
	});

	it('is refused with a message naming the page origin, the own origin read from the rewritten Host, and both options', async () => {
		const setup = await behindVite(() => ({}));
		const { status, body } = await signFrom(setup);
		expect(status).toBe(403);
		expect(body.error?.code).toBe('origin-not-allowed');
		const message = body.error!.message;
		expect(message).toContain(`Origin ${setup.pageOrigin} is not allowed`);
		// The Host the kit saw is the proxy target's: that is the own origin it compared with.
		expect(message).toContain(`own origin, ${setup.kitUrl}, read from the Host header`);
		expect(message).toContain(`add ${setup.pageOrigin} to allowedOrigins`);
		expect(message).toContain(`set publicOrigin: '${setup.pageOrigin}'`);
		expect(message).toContain('changeOrigin');
	});

	it('names publicOrigin as what it compared with, when one is configured', async () => {
		const setup = await behindVite(() => ({ publicOrigin: 'https://m.example.com' }));
		const { status, body } = await signFrom(setup);
		expect(status).toBe(403);
		expect(body.error!.message).toBe(
			`Origin ${setup.pageOrigin} is not allowed: it is neither in allowedOrigins nor publicOrigin (https://m.example.com). To allow it, add ${setup.pageOrigin} to allowedOrigins.`,
		);
	});

	it.each([
		['the dev origin is in allowedOrigins', (pageOrigin: string) => ({ allowedOrigins: [pageOrigin] }), false],
		['publicOrigin is the dev origin', (pageOrigin: string) => ({ publicOrigin: pageOrigin }), false],
		['the proxy keeps Host (changeOrigin: false)', () => ({}), true],
	])('passes once %s', async (_, options, keepHost) => {
		const setup = await behindVite(options, keepHost);
		const { status, allowOrigin } = await signFrom(setup);
		expect(status).toBe(200);
		expect(allowOrigin).toBe(setup.pageOrigin);
	});
});
