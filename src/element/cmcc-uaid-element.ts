import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEFAULT_SIGN_URL, DEFAULT_TIMEOUT_MS, DEFAULT_TOKEN_URL, DEFAULT_VALIDATE_URL, UaidClient, UaidClientError, isUaidClientError, type UaidClientOptions, type UaidProgress, type UaidSuccess, type UaidToken } from '../client/index.js';
import { cmccUaidStyles } from './cmcc-uaid-element.styles.js';
import { UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent } from './events.js';
import { preconnect } from './preconnect.js';
import { errorText, stringsFor } from './strings.js';

/** What the element shows: nothing yet, a run going, the outcome. */
export type CmccUaidState = 'idle' | 'busy' | 'success' | 'token' | 'error';

/** When the signed request is fetched ahead of the click. */
export type CmccUaidPrefetch = 'connect' | 'intent' | 'none';

/** Properties that change how requests are made: a change replaces the client (and aborts its run). */
const CLIENT_PROPERTIES = ['signUrl', 'validateUrl', 'tokenUrl', 'timeout', 'skipWifiCheck', 'credentials'] as const;

/**
 * @summary Gets the UAID of the China Mobile subscriber on this page's cellular connection, with one tag.
 *
 * @tag cmcc-uaid
 *
 * @event {UaidTokenEvent} uaid-token - getMobile issued a token: `detail` `{ token, traceId }`. With `validate-url=""` this is the outcome.
 * @event {UaidSuccessEvent} uaid-success - The UAID was obtained: `detail` `{ uaid, traceId }`.
 * @event {UaidErrorEvent} uaid-error - The run failed: `detail` `{ code, stage, platformCode?, message, retryable }`.
 * @event {UaidProgressEvent} uaid-progress - A step of the run started or ended: `detail` `{ stage, phase, elapsed, attempt, prefetched? }`.
 *
 * @slot - The button's label. Default: 本机一键认证 (`lang="en"`: Verify this phone).
 *
 * @csspart base - The wrapper of everything below.
 * @csspart button - The button that starts the flow.
 * @csspart spinner - The busy indicator inside the button.
 * @csspart label - The button's label.
 * @csspart status - The `aria-live` status line (busy, success, error).
 * @csspart error-detail - The platform's or server's own text for an error, rendered as text.
 * @csspart retry-button - The retry button after an error.
 *
 * @cssproperty [--cmcc-uaid-color=#0085d0] - Button background and focus ring.
 * @cssproperty [--cmcc-uaid-color-contrast=#ffffff] - Button text.
 * @cssproperty [--cmcc-uaid-success-color=#1a7f37] - Success line.
 * @cssproperty [--cmcc-uaid-error-color=#c62828] - Error line and retry button.
 * @cssproperty [--cmcc-uaid-radius=0.5em] - Corner radius of both buttons.
 * @cssproperty [--cmcc-uaid-padding=0.75em 1.5em] - Button padding.
 * @cssproperty [--cmcc-uaid-font-size=1rem] - Base font size.
 * @cssproperty [--cmcc-uaid-spinner-size=1em] - Spinner diameter.
 * @cssproperty --cmcc-uaid-focus-ring - Box shadow of a focused button.
 */
export class CmccUaidElement extends LitElement {
	static override styles = cmccUaidStyles;

	/**
	 * Registers the element. Tolerates only "already defined" (another copy of this library on the page).
	 *
	 * @example CmccUaidElement.define('my-uaid')
	 */
	static define(tag = 'cmcc-uaid', registry: CustomElementRegistry = customElements): typeof CmccUaidElement {
		if (registry.get(tag) === this) return this;
		try {
			registry.define(tag, this);
		} catch (error) {
			if (!(error instanceof DOMException && error.name === 'NotSupportedError' && registry.get(tag))) throw error;
		}
		return this;
	}

	@state() private uiState: CmccUaidState = 'idle';
	@state() private failure: UaidClientError | undefined;

	/** The integrator's sign endpoint. */
	@property({ attribute: 'sign-url' }) signUrl: string = DEFAULT_SIGN_URL;

	/** The integrator's validate endpoint; `""` stops after the token (only `uaid-token` is fired). */
	@property({ attribute: 'validate-url' }) validateUrl: string = DEFAULT_VALIDATE_URL;

	/** China Mobile's getMobile endpoint. */
	@property({ attribute: 'token-url' }) tokenUrl: string = DEFAULT_TOKEN_URL;

	/** Start as soon as the element is connected. */
	@property({ type: Boolean }) auto = false;

	/** Milliseconds each request may take (default 10000; see DEFAULT_TIMEOUT_MS for why). */
	@property({ type: Number }) timeout: number = DEFAULT_TIMEOUT_MS;

	/** Language of the default UI: `zh-CN` (default) or `en`. */
	@property({ reflect: true }) override lang!: string;

	/** When to fetch the signed request ahead: on `connect` (default), on hover/focus/touch (`intent`) or `none`. */
	@property() prefetch: CmccUaidPrefetch = 'connect';

	/** Do not end the flow early when the browser says it is on Wi-Fi; let the platform decide. */
	@property({ type: Boolean, attribute: 'skip-wifi-check' }) skipWifiCheck = false;

	/** Credentials mode of the two backend requests (getMobile never sends credentials). */
	@property() credentials: RequestCredentials = 'same-origin';

	#client: UaidClient | undefined;
	#run: Promise<UaidSuccess | UaidToken> | undefined;
	/** Increases with every run, reset and disconnection: an answer for an older value is stale and dropped. */
	#generation = 0;
	#justConnected = false;

	/** What the element shows now. */
	get state(): CmccUaidState {
		return this.uiState;
	}

	override connectedCallback(): void {
		super.connectedCallback();
		this.#justConnected = true;
		this.addEventListener('pointerenter', this.#handleIntent);
		this.addEventListener('focusin', this.#handleIntent);
		this.addEventListener('touchstart', this.#handleIntent, { passive: true });
		// Attributes set by frameworks right after connection land in the same update.
		this.requestUpdate();
	}

	override disconnectedCallback(): void {
		super.disconnectedCallback();
		this.removeEventListener('pointerenter', this.#handleIntent);
		this.removeEventListener('focusin', this.#handleIntent);
		this.removeEventListener('touchstart', this.#handleIntent);
		this.#abandon();
		if (this.uiState === 'busy') this.uiState = 'idle';
	}

	/**
	 * Runs the flow, or joins the run that is going.
	 *
	 * @returns `{ uaid, traceId }`, or `{ token, traceId }` with `validate-url=""`.
	 * @throws {UaidClientError} the same error the `uaid-error` event carries.
	 */
	start(): Promise<UaidSuccess | UaidToken> {
		if (this.#run) return this.#run;
		const generation = ++this.#generation;
		const current = () => generation === this.#generation;
		this.uiState = 'busy';
		this.failure = undefined;
		const run = this.#getClient()
			.start()
			.then(
				(result) => {
					if (current()) {
						this.uiState = 'uaid' in result ? 'success' : 'token';
						if ('uaid' in result) this.dispatchEvent(new UaidSuccessEvent({ uaid: result.uaid, traceId: result.traceId }));
					}
					return result;
				},
				(error: unknown) => {
					const failure = isUaidClientError(error) ? error : new UaidClientError('network', String(error), { stage: 'sign', retryable: true, cause: error });
					if (current()) {
						this.uiState = 'error';
						this.failure = failure;
						this.dispatchEvent(new UaidErrorEvent(errorDetail(failure)));
					}
					throw failure;
				},
			)
			.finally(() => {
				if (this.#run !== run) return;
				this.#run = undefined;
				// The next click (or retry) should again find a fresh signed request waiting; not after a
				// refusal that will not change by itself, where it would only spend the sign endpoint's quota.
				if (this.prefetch === 'connect' && this.isConnected && (this.failure === undefined || this.failure.retryable)) void this.#getClient().prefetch();
			});
		this.#run = run;
		return run;
	}

	/** Aborts a run that is going (no event is fired for it) and returns to the initial state. */
	reset(): void {
		this.#abandon();
		this.uiState = 'idle';
		this.failure = undefined;
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (CLIENT_PROPERTIES.some((name) => changed.has(name)) && this.#client) {
			this.#abandon();
			this.#client = undefined;
			if (this.uiState === 'busy') this.uiState = 'idle';
		}
	}

	protected override updated(): void {
		if (!this.#justConnected || !this.isConnected) return;
		this.#justConnected = false;
		preconnect(this.tokenUrl || DEFAULT_TOKEN_URL, this.ownerDocument);
		if (this.auto) this.start().catch(ignore);
		else if (this.prefetch === 'connect') void this.#getClient().prefetch();
	}

	#getClient(): UaidClient {
		if (!this.#client) {
			const options: UaidClientOptions = {
				signUrl: this.signUrl,
				validateUrl: this.validateUrl ?? DEFAULT_VALIDATE_URL,
				tokenUrl: this.tokenUrl,
				// A missing or nonsensical attribute falls back to the default rather than breaking the button.
				timeout: Number.isFinite(this.timeout) && this.timeout > 0 ? this.timeout : DEFAULT_TIMEOUT_MS,
				detectWifi: !this.skipWifiCheck,
				credentials: this.credentials,
				onToken: (detail) => this.dispatchEvent(new UaidTokenEvent(detail)),
				onProgress: (progress: UaidProgress) => this.dispatchEvent(new UaidProgressEvent(progress)),
			};
			this.#client = new UaidClient(options);
		}
		return this.#client;
	}

	#abandon(): void {
		this.#generation++;
		this.#run = undefined;
		this.#client?.reset();
	}

	#handleIntent = (): void => {
		if (this.prefetch !== 'none' && !this.#run) void this.#getClient().prefetch();
	};

	#handleClick = (): void => {
		this.start().catch(ignore);
	};

	protected override render() {
		const strings = stringsFor(this.lang);
		const busy = this.uiState === 'busy';
		const failure = this.failure;
		const statusText =
			this.uiState === 'busy' ? strings.busy : this.uiState === 'success' ? strings.success : this.uiState === 'token' ? strings.tokenReceived : failure ? errorText(strings, failure.code) : '';
		return html`
			<div part="base">
				<button part="button" type="button" aria-disabled=${busy ? 'true' : 'false'} aria-busy=${busy ? 'true' : 'false'} @click=${busy ? ignore : this.#handleClick}>
					${busy ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
					<span part="label"><slot>${strings.button}</slot></span>
				</button>
				<p part="status" role="status" aria-live="polite" data-state=${this.uiState}>
					${statusText}
					${failure && failure.message ? html`<span part="error-detail">${failure.platformCode ? `${failure.platformCode} ` : ''}${failure.message}</span>` : nothing}
				</p>
				${failure ? html`<button part="retry-button" type="button" @click=${this.#handleClick}>${strings.retry}</button>` : nothing}
			</div>
		`;
	}
}

function errorDetail(error: UaidClientError): UaidErrorEvent['detail'] {
	return {
		code: error.code,
		stage: error.stage,
		...(error.platformCode !== undefined ? { platformCode: error.platformCode } : {}),
		message: error.message,
		retryable: error.retryable,
	};
}

function ignore(): void {}
