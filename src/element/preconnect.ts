/**
 * Adds `<link rel="preconnect" crossorigin>` for a cross-origin URL, once per origin, so DNS, TCP
 * and TLS to getMobile are done before the click. `crossorigin` (anonymous) because getMobile is
 * fetched without credentials, and the browser keeps those connections in a separate pool.
 */
export function preconnect(url: string, doc: Document = document): void {
	let origin: string;
	try {
		origin = new URL(url, doc.baseURI).origin;
	} catch {
		return;
	}
	if (origin === 'null' || origin === doc.location?.origin) return;
	const head = doc.head;
	if (!head) return;
	for (const link of head.querySelectorAll<HTMLLinkElement>('link[rel~="preconnect"]')) {
		if (link.href && new URL(link.href).origin === origin && link.crossOrigin === 'anonymous') return;
	}
	const link = doc.createElement('link');
	link.rel = 'preconnect';
	link.href = origin;
	link.crossOrigin = 'anonymous';
	head.append(link);
}
