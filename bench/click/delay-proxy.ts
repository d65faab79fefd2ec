import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback that plays distance: every chunk waits `oneWayMs` in each direction, and
 * a new connection carries nothing for one extra round trip, as a TCP handshake over that distance
 * would (so connections opened ahead of time — `preconnect`, keep-alive — show their worth). It
 * passes bytes through untouched, so CORS preflights, Origin and Host are the browser's own.
 */
export class DelayProxy {
	readonly #server: Server;
	readonly #sockets = new Set<Socket>();
	readonly #timers = new Set<NodeJS.Timeout>();
	#url = '';

	private constructor(
		readonly target: { host: string; port: number },
		readonly oneWayMs: number,
	) {
		this.#server = createServer((client) => this.#accept(client));
	}

	/** Starts a proxy to `targetUrl` (http://host:port) on 127.0.0.1 port 0. */
	static async start(targetUrl: string, oneWayMs: number): Promise<DelayProxy> {
		const url = new URL(targetUrl);
		const proxy = new DelayProxy({ host: url.hostname, port: Number(url.port) }, oneWayMs);
		await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
		proxy.#url = `http://127.0.0.1:${(proxy.#server.address() as AddressInfo).port}`;
		return proxy;
	}

	/** Base URL of the proxy, e.g. `http://127.0.0.1:40123`. */
	get url(): string {
		return this.#url;
	}

	#later(ms: number, work: () => void): void {
		const timer = setTimeout(() => {
			this.#timers.delete(timer);
			work();
		}, ms);
		this.#timers.add(timer);
	}

	#accept(client: Socket): void {
		if (process.env.BENCH_PROXY_TRACE) {
			const opened = performance.now();
			process.stderr.write(`    proxy ${this.#url}: connection opened\n`);
			client.once('data', (chunk: Buffer) =>
				process.stderr.write(
					`    proxy ${this.#url}: first bytes ${Math.round(performance.now() - opened)} ms after connect: ${chunk
						.toString('latin1')
						.split('\r\n')
						.filter((l) => /^(POST|GET|OPTIONS)|^user-agent/i.test(l))
						.join(' | ')
						.slice(0, 120)}\n`,
				),
			);
		}
		const upstream = connect(this.target.port, this.target.host);
		client.setNoDelay(true);
		upstream.setNoDelay(true);
		this.#sockets.add(client).add(upstream);
		const d = this.oneWayMs;
		// SYN → SYN-ACK → ACK+data: the first byte of a new connection reaches the server 1.5 round trips after connect().
		const openAt = performance.now() + 2 * d;
		const forward = (from: Socket, to: Socket, extraUntil: number) => {
			from.on('data', (chunk: Buffer) => {
				const wait = Math.max(0, extraUntil - performance.now()) + d;
				this.#later(wait, () => {
					if (!to.destroyed) to.write(chunk);
				});
			});
			from.on('end', () => this.#later(Math.max(0, extraUntil - performance.now()) + d, () => to.end()));
		};
		forward(client, upstream, openAt);
		forward(upstream, client, 0);
		const close = () => {
			client.destroy();
			upstream.destroy();
			this.#sockets.delete(client);
			this.#sockets.delete(upstream);
		};
		client.on('error', close).on('close', () => this.#later(d, close));
		upstream.on('error', close).on('close', () => this.#later(d, close));
	}

	async close(): Promise<void> {
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers.clear();
		for (const socket of this.#sockets) socket.destroy();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}
}
