/** Names the demo answers to on loopback, whatever interface it listens on. */
const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Whether a request's `Host` names this demo server. A page on another site can point its own
 * hostname at 127.0.0.1 (DNS rebinding) and then read the demo same-origin, Origin-less GETs
 * included; its requests still carry that other hostname in `Host`.
 *
 * @param listenHost the interface the demo listens on (`--host`), also accepted as a name.
 */
export function createHostCheck(listenHost: string, port: number): (hostHeader: string | undefined) => boolean {
	const listenName = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
	const names = new Set([...LOOPBACK_HOSTNAMES, listenName.toLowerCase()]);
	return (hostHeader) => {
		// Anything beyond host[:port] (credentials, a path) is not a Host header a browser sends.
		if (!hostHeader || /[/\\@?#\s]/.test(hostHeader)) return false;
		let url: URL;
		try {
			url = new URL(`http://${hostHeader}`);
		} catch {
			return false;
		}
		return names.has(url.hostname) && (url.port === '' ? 80 : Number(url.port)) === port;
	};
}
