import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpsPlatform {
	/** Port of the HTTPS front on 127.0.0.1. */
	port: number;
	/** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo, for `--ignore-certificate-errors-spki-list`. */
	spkiHash: string;
	close(): Promise<void>;
}

/**
 * The production host name served over HTTPS in front of the simulator: a certificate for
 * `hostname` made now with the openssl command line, and a TLS server on port 0 that passes every
 * request (method, path, headers, body) on to the simulator.
 */
export async function startHttpsPlatform(hostname: string, simulatorUrl: string): Promise<HttpsPlatform> {
	const dir = mkdtempSync(join(tmpdir(), 'cmcc-uaid-tls-'));
	let key: Buffer;
	let cert: Buffer;
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-days',
				'1',
				'-subj',
				`/CN=${hostname}`,
				'-addext',
				`subjectAltName=DNS:${hostname}`,
				'-keyout',
				join(dir, 'key.pem'),
				'-out',
				join(dir, 'cert.pem'),
			],
			{ stdio: 'pipe' },
		);
		key = readFileSync(join(dir, 'key.pem'));
		cert = readFileSync(join(dir, 'cert.pem'));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
	const spkiHash = createHash('sha256').update(spki).digest('base64');
	const target = new URL(simulatorUrl);
	const server: Server = createServer({ key, cert }, (request, response) => {
		const upstream = httpRequest(
			{ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		spkiHash,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
