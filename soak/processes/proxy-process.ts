/**
 * A small round-robin reverse proxy on loopback: each request goes to the next backend, with the
 * caller's address appended to X-Forwarded-For, as a load balancer in front of several instances does.
 *
 * Like a real one, it keeps connections to the backends alive, and so meets the keep-alive race:
 * a backend closes an idle connection just as the proxy sends on it. That request never reached
 * the backend, so it is sent again once, on a fresh connection (the pattern Node's documentation
 * gives for `request.reusedSocket`); any other upstream failure is a 502 naming its cause.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady, exitWithParent, settings } from './ipc.js';

export interface ProxyProcessSettings {
	backendPorts: number[];
}

const { backendPorts } = settings<ProxyProcessSettings>();
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, attempt: number): void {
	const port = backendPorts[next++ % backendPorts.length]!;
	const peer = req.socket.remoteAddress ?? '';
	const forwarded = req.headers['x-forwarded-for'];
	const headers = {
		...req.headers,
		'x-forwarded-for': forwarded ? `${String(forwarded)}, ${peer}` : peer,
		'content-length': String(body.length),
	};
	const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent }, (answer) => {
		res.writeHead(answer.statusCode ?? 502, answer.headers);
		answer.pipe(res);
	});
	upstream.on('error', (error: NodeJS.ErrnoException) => {
		if (upstream.reusedSocket && error.code === 'ECONNRESET' && attempt === 1 && !res.headersSent) {
			forward(req, res, body, attempt + 1);
			return;
		}
		if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'x-proxy-error': error.code ?? 'error' });
		res.end(`bad gateway: ${error.code ?? error.message}`);
	});
	upstream.end(body);
}

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => forward(req, res, Buffer.concat(chunks), 1));
});
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
exitWithParent(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	agent.destroy();
});
announceReady((server.address() as AddressInfo).port);
