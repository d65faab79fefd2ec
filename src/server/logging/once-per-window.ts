/**
 * At most one loud event per key per window: the first report of a failure code is a warning, the
 * repeats within the minute are quiet, and the next warning says how many there were. The keys
 * are the catalogue's codes and a handful of others, so the map stays small.
 */
export interface OncePerWindow {
	/** Whether `key` may be loud now; when it may, how many quiet repeats came since it last was. */
	take(key: string): { loud: boolean; repeats: number };
}

export function createOncePerWindow(windowMs: number, now: () => number = Date.now): OncePerWindow {
	const windows = new Map<string, { until: number; repeats: number }>();
	return {
		take(key) {
			const time = now();
			const window = windows.get(key);
			if (window && window.until > time) {
				window.repeats++;
				return { loud: false, repeats: window.repeats };
			}
			windows.set(key, { until: time + windowMs, repeats: 0 });
			return { loud: true, repeats: window?.repeats ?? 0 };
		},
	};
}
