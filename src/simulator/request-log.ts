/** One platform request and what the simulator answered. */
export interface LogEntry {
	/** ISO 8601 time the request arrived (from the simulator's clock). */
	time: string;
	endpoint: 'getMobile' | 'imeiTokenValidate';
	method: string;
	/** Whether this was a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`). */
	preflight: boolean;
	origin?: string;
	referer?: string;
	contentType?: string;
	/** The caller IP the simulator used (rate limit, whitelist). */
	clientIp: string;
	appId?: string;
	/** HTTP status sent; absent when the connection was dropped. */
	status?: number;
	resultCode?: string;
	resultVariant?: string;
	/** The token issued or presented, masked: the first 11 and last 4 characters. */
	token?: string;
	/** The fault applied, if any. */
	fault?: 'latency' | 'resultCode' | 'httpStatus' | 'garbled' | 'drop';
}

/** The most recent `limit` entries, oldest first. */
export class RequestLog {
	readonly #entries: LogEntry[] = [];

	constructor(private readonly limit: number) {}

	add(entry: LogEntry): void {
		this.#entries.push(entry);
		if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
	}

	entries(): LogEntry[] {
		return this.#entries.map((entry) => ({ ...entry }));
	}

	clear(): void {
		this.#entries.length = 0;
	}
}
