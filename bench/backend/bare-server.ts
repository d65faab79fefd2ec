/**
 * Child process: the baseline — a bare `node:http` server that answers every request with one
 * fixed JSON body the size of a real sign answer. Whatever the kit adds to a sign request shows
 * as the difference to this.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childOptions, serveChild } from '../support/child.js';

const { body = '{}' } = childOptions<{ body: string }>();
const bytes = Buffer.from(body);
const server = createServer((request, response) => {
	request.resume();
	request.on('end', () => {
		response.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
		response.end(bytes);
	});
});
server.listen(0, '127.0.0.1', () => serveChild(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
