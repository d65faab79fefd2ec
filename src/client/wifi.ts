interface NetworkInformationLike {
	readonly type?: string;
}

/**
 * Whether the browser states that the device is on Wi-Fi. Only Chromium on Android exposes
 * `navigator.connection.type`; everywhere else this answers false and the platform decides (111002).
 */
export function isOnWifi(
	nav: { connection?: unknown } | undefined = globalThis.navigator as { connection?: unknown } | undefined,
): boolean {
	const connection = nav?.connection as NetworkInformationLike | undefined;
	return typeof connection === 'object' && connection !== null && connection.type === 'wifi';
}
