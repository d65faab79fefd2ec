import { isIP } from 'node:net';

/** Names a local server answers to on loopback, whatever interface it listens on. */
const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Whether a request's `Host` names this server: the demo's and the simulator's one rule. A page on
 * another site can point its own hostname at 127.0.0.1 (DNS rebinding) and then read the server
 * same-origin, Origin-less GETs included; its requests still carry that other hostname in `Host`.
 * An IP address in `Host` cannot be rebound, so any is accepted on the right port (a phone on the
 * LAN reaching a server started with `--host 0.0.0.0`).
 *
 * @param listenHost the interface the server listens on (`--host`), also accepted as a name.
 * @param anyPortNames names accepted on any port: the simulator's production platform hosts, which
 *   a test maps to it through an HTTPS front, and names an integrator adds (a compose service name).
 */
export function createHostCheck(
	listenHost: string,
	port: number,
	anyPortNames: readonly string[] = [],
): (hostHeader: string | undefined) => boolean {
	const listenName = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
	const names = new Set([...LOOPBACK_HOSTNAMES, listenName.toLowerCase()]);
	const everywhere = new Set(anyPortNames.map((name) => name.toLowerCase()));
	return (hostHeader) => {
		// Anything beyond host[:port] (credentials, a path) is not a Host header a browser sends.
		if (!hostHeader || /[/\\@?#\s]/.test(hostHeader)) return false;
		let url: URL;
		try {
			url = new URL(`http://${hostHeader}`);
		} catch {
			return false;
		}
		if (everywhere.has(url.hostname)) return true;
		const bare = url.hostname.replace(/^\[(.*)\]$/, '$1');
		return (names.has(url.hostname) || isIP(bare) !== 0) && (url.port === '' ? 80 : Number(url.port)) === port;
	};
}
