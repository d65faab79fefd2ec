/** Timers for fault latencies that `close()` can end at once, instead of leaving handlers waiting. */
export class Sleeper {
	readonly #pending = new Map<NodeJS.Timeout, () => void>();

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.#pending.delete(timer);
				resolve();
			}, ms);
			this.#pending.set(timer, resolve);
		});
	}

	/** Ends every pending sleep now. */
	wakeAll(): void {
		for (const [timer, wake] of this.#pending) {
			clearTimeout(timer);
			wake();
		}
		this.#pending.clear();
	}
}
