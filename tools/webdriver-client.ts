/**
 * Just enough of classic WebDriver (W3C, over HTTP) to drive WebKitWebDriver from Node with
 * fetch: a session, navigation, script execution, a click. Every call is bounded by a timeout.
 */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

export interface WebElementReference {
	[ELEMENT_KEY]: string;
}

export class WebDriverSession {
	private constructor(
		private readonly base: string,
		readonly id: string,
		readonly capabilities: Record<string, unknown>,
	) {}

	static async create(base: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
		const value = (await command(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, 60_000)) as {
			sessionId: string;
			capabilities: Record<string, unknown>;
		};
		return new WebDriverSession(base, value.sessionId, value.capabilities);
	}

	private call(method: string, path: string, body?: unknown): Promise<unknown> {
		return command(this.base, method, `/session/${this.id}${path}`, body);
	}

	async navigate(url: string): Promise<void> {
		await this.call('POST', '/url', { url });
	}

	/** Runs a function body in the page (`return …` gives the result). */
	execute<T>(script: string, args: unknown[] = []): Promise<T> {
		return this.call('POST', '/execute/sync', { script, args }) as Promise<T>;
	}

	async click(element: WebElementReference): Promise<void> {
		await this.call('POST', `/element/${element[ELEMENT_KEY]}/click`, {});
	}

	async close(): Promise<void> {
		await this.call('DELETE', '').catch(() => undefined);
	}
}

async function command(base: string, method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<unknown> {
	const response = await fetch(base + path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const json = (await response.json().catch(() => ({}))) as { value?: { error?: string; message?: string } & Record<string, unknown> };
	if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`);
	return json.value ?? null;
}

/** Polls GET /status until the driver is ready. */
export async function waitForDriver(base: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const value = (await command(base, 'GET', '/status', undefined, 2_000)) as { ready?: boolean };
			if (value?.ready) return;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) throw new Error(`WebDriver at ${base} was not ready within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
