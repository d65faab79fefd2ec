/**
 * The soak's child processes are forked with an IPC channel: each says `ready` with its port once
 * listening, and exits when the parent goes away (disconnect), so no process outlives a run.
 */
export interface ReadyMessage {
	type: 'ready';
	port: number;
}

export function announceReady(port: number): void {
	process.send?.({ type: 'ready', port } satisfies ReadyMessage);
}

/** Runs `close` and exits when the parent disconnects or sends SIGTERM. */
export function exitWithParent(close: () => Promise<void>): void {
	let closing = false;
	const stop = (): void => {
		if (closing) return;
		closing = true;
		const timer = setTimeout(() => process.exit(0), 2_000);
		timer.unref();
		void close().finally(() => process.exit(0));
	};
	process.on('disconnect', stop);
	process.on('SIGTERM', stop);
}

/** The JSON settings the parent passes as the first argument. */
export function settings<T>(): T {
	return JSON.parse(process.argv[2] ?? '{}') as T;
}
