import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** BENCH_PROXY_TRACE=1: a line on the clock the proxies' trace uses (the click, the start of a run). */
export function traceMark(text: string): void {
	if (process.env.BENCH_PROXY_TRACE) process.stderr.write(`    ${performance.now().toFixed(0).padStart(7)} ms  ${text}\n`);
}

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

	/**
	 * BENCH_PROXY_TRACE=1: every request line and status line on this connection, on the bench
	 * process's clock (the one the click bench marks each click on), so which connection each request
	 * took and when it left the browser can be read across proxies.
	 */
	#trace(client: Socket, upstream: Socket): void {
		const id = ++DelayProxy.#connections;
		const port = new URL(this.#url).port;
		const line = (text: string) => traceMark(`:${port} #${id} ${text}`);
		line('opened');
		const firstLine = (chunk: Buffer) => chunk.toString('latin1', 0, 200).split('\r\n')[0] ?? '';
		// As the bytes leave the browser and reach the proxy from the server, before the delays.
		client.on('data', (chunk: Buffer) => {
			const text = firstLine(chunk);
			if (/^[A-Z]+ \S+ HTTP\//.test(text)) line(`→ ${text.replace(/\?\S* HTTP/, ' HTTP')}`);
		});
		upstream.on('data', (chunk: Buffer) => {
			const text = firstLine(chunk);
			if (!text.startsWith('HTTP/')) return;
			// A failure's body says why (the kit's error code); Node's own 400 for a broken request has none.
			const body = /^HTTP\/\S+ [45]/.test(text) ? (chunk.toString('latin1').split('\r\n\r\n')[1] ?? '').slice(0, 160) : '';
			line(`← ${text} ${body}`);
		});
		client.once('close', () => line('closed'));
	}

	static #connections = 0;

	#accept(client: Socket): void {
		const upstream = connect(this.target.port, this.target.host);
		if (process.env.BENCH_PROXY_TRACE) this.#trace(client, upstream);
		client.setNoDelay(true);
		upstream.setNoDelay(true);
		this.#sockets.add(client).add(upstream);
		const d = this.oneWayMs;
		// SYN → SYN-ACK → ACK+data: the first byte of a new connection reaches the server 1.5 round trips after connect().
		const openAt = performance.now() + 2 * d;
		// One queue per direction, drained in order: a timer per chunk could fire out of order when two
		// fall due in the same millisecond (a request's headers and body written apart, as WebKit does,
		// or the last chunk and the end), and the server would read a broken request.
		const forward = (from: Socket, to: Socket, extraUntil: number) => {
			const queue: { due: number; chunk: Buffer | undefined }[] = [];
			const drain = () => {
				while (queue.length > 0 && (queue[0]?.due ?? 0) <= performance.now() + 1) {
					const { chunk } = queue.shift() as { chunk: Buffer | undefined };
					if (to.destroyed) continue;
					if (chunk) to.write(chunk);
					else to.end();
				}
				if (queue.length > 0) this.#later((queue[0]?.due ?? 0) - performance.now(), drain);
			};
			// Undefined is the end of the stream.
			const push = (chunk: Buffer | undefined) => {
				queue.push({ due: Math.max(extraUntil, performance.now()) + d, chunk });
				if (queue.length === 1) this.#later(d + Math.max(0, extraUntil - performance.now()), drain);
			};
			from.on('data', (chunk: Buffer) => push(chunk));
			from.on('end', () => push(undefined));
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
