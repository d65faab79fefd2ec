import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UaidClientError } from '../client/errors.js';
import type { UaidClientOptions } from '../client/options.js';
import { UaidClient, type StartOptions, type UaidSuccess, type UaidToken } from '../client/uaid-client.js';

/** What the element shows: nothing yet, a run going, the outcome. */
export type CmccUaidState = 'idle' | 'busy' | 'success' | 'token' | 'error';

/** What the host does with a run's outcome. Called only for the latest run, never for one reset or replaced. */
export interface UaidRunCallbacks {
	onSuccess(result: UaidSuccess | UaidToken): void;
	onError(error: UaidClientError): void;
	/** After either, once the run has ended. */
	onSettled(error: UaidClientError | undefined): void;
}

/**
 * The element's run, as @lit/task keeps a task: it owns the client, the status, the error and a
 * call id, so only the latest call updates the host. The client decides joining and aborting; this
 * controller only decides which outcome is still news.
 */
export class UaidRunController implements ReactiveController {
	/** Where the run stands. */
	status: CmccUaidState = 'idle';
	/** The failure the host shows, while `status` is `error`. */
	error: UaidClientError | undefined;

	readonly #host: ReactiveControllerHost;
	readonly #options: () => UaidClientOptions;
	readonly #callbacks: UaidRunCallbacks;
	#client: UaidClient | undefined;
	#callId = 0;
	/** The current call's promise, handed to a caller who joins the run it is waiting for. */
	#pending: Promise<UaidSuccess | UaidToken> | undefined;

	constructor(host: ReactiveControllerHost, options: () => UaidClientOptions, callbacks: UaidRunCallbacks) {
		this.#host = host;
		this.#options = options;
		this.#callbacks = callbacks;
		host.addController(this);
	}

	/**
	 * The client for the host's current options, made on first use.
	 * @throws {UaidClientError} `invalid-option` when the options are not usable.
	 */
	get client(): UaidClient {
		this.#client ??= new UaidClient(this.#options());
		return this.#client;
	}

	/** The client, or undefined for options it refuses (reported when a run starts). */
	usableClient(): UaidClient | undefined {
		try {
			return this.client;
		} catch {
			return undefined;
		}
	}

	/** Runs the flow, or joins the run that is going. */
	run(options?: StartOptions): Promise<UaidSuccess | UaidToken> {
		if (this.#pending && this.#client?.running) return this.#pending;
		const callId = ++this.#callId;
		const current = (): boolean => callId === this.#callId;
		this.#set('busy');
		let started: Promise<UaidSuccess | UaidToken>;
		try {
			started = this.client.start(options);
		} catch (error) {
			started = Promise.reject(error);
		}
		const pending = started
			.then(
				(result) => {
					if (current()) {
						this.#set('token' in result ? 'token' : 'success');
						this.#callbacks.onSuccess(result);
					}
					return result;
				},
				// The client rejects with nothing but a UaidClientError (its constructor throws one too, for a bad option).
				(failure: UaidClientError) => {
					if (current()) {
						this.#set('error', failure);
						this.#callbacks.onError(failure);
					}
					throw failure;
				},
			)
			.finally(() => {
				if (!current()) return;
				this.#pending = undefined;
				this.#callbacks.onSettled(this.error);
			});
		this.#pending = pending;
		return pending;
	}

	/** Drops the run that is going: the client aborts it, and its late outcome is not news any more. */
	abandon(): void {
		this.#callId++;
		this.#pending = undefined;
		this.#client?.reset();
		if (this.status === 'busy') this.#set('idle');
	}

	/** Back to the initial state. */
	reset(): void {
		this.abandon();
		this.#set('idle');
	}

	/** The options changed: the next run gets a new client. */
	replaceClient(): void {
		this.abandon();
		this.#client = undefined;
	}

	hostDisconnected(): void {
		this.abandon();
	}

	#set(status: CmccUaidState, error?: UaidClientError): void {
		this.status = status;
		this.error = error;
		this.#host.requestUpdate();
	}
}
