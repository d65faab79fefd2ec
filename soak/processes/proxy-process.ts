/**
 * A small round-robin reverse proxy on loopback: each request goes to the next backend, with the
 * caller's address appended to X-Forwarded-For, as a load balancer in front of several instances does.
 */
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady, exitWithParent, settings } from './ipc.js';

export interface ProxyProcessSettings {
	backendPorts: number[];
}

const { backendPorts } = settings<ProxyProcessSettings>();
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = createServer((req, res) => {
	const port = backendPorts[next++ % backendPorts.length]!;
	const peer = req.socket.remoteAddress ?? '';
	const forwarded = req.headers['x-forwarded-for'];
	const headers = { ...req.headers, 'x-forwarded-for': forwarded ? `${String(forwarded)}, ${peer}` : peer };
	const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent }, (answer) => {
		res.writeHead(answer.statusCode ?? 502, answer.headers);
		answer.pipe(res);
	});
	upstream.on('error', () => {
		if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
		res.end('bad gateway');
	});
	req.pipe(upstream);
});
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
exitWithParent(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	agent.destroy();
});
announceReady((server.address() as AddressInfo).port);
