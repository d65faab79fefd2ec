import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { DEFAULT_SIGN_URL, DEFAULT_TIMEOUT_MS, DEFAULT_TOKEN_URL, DEFAULT_VALIDATE_URL } from '../client/options.js';
import type { UaidSuccess, UaidToken } from '../client/uaid-client.js';
import { cmccUaidStyles } from './cmcc-uaid-element.styles.js';
import { CoverageController } from './coverage-controller.js';
import { errorDetail } from './developer-hint.js';
import { UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent } from './events.js';
import { preconnect } from './preconnect.js';
import { situationOf, stringsFor } from './strings.js';
import { UaidRunController, type CmccUaidState } from './uaid-run-controller.js';

export type { CmccUaidState } from './uaid-run-controller.js';

/** When the signed request is fetched ahead of the click. */
export type CmccUaidPrefetch = 'connect' | 'intent' | 'none';

/** Properties that change how requests are made: a change replaces the client (and aborts its run). */
const CLIENT_PROPERTIES = ['signUrl', 'validateUrl', 'coverageUrl', 'tokenUrl', 'timeout', 'skipWifiCheck', 'credentials'] as const;

/**
 * @summary Gets the UAID of the China Mobile subscriber on this page's cellular connection, with one tag.
 *
 * @tag cmcc-uaid
 *
 * @event {UaidTokenEvent} uaid-token - getMobile issued a token: `detail` `{ token, traceId }`. With `validate-url=""` this is the outcome.
 * @event {UaidSuccessEvent} uaid-success - The backend obtained the UAID: `detail` `{ uaid?, traceId, data }`; `uaid` is absent when the backend keeps it (`exposeUaid: false`), `data` holds the fields its `onUaid` hook added.
 * @event {UaidErrorEvent} uaid-error - The run failed: `detail` `{ code, stage, platformCode?, message, retryable }`.
 * @event {UaidProgressEvent} uaid-progress - A step of the run started or ended: `detail` `{ stage, phase, elapsed, attempt, prefetched? }`.
 * @event {UaidAvailabilityEvent} uaid-availability - The coverage endpoint answered, once per connection: `detail` `{ carrier }`, `china-mobile`, `other` or `unknown` (also when it failed).
 *
 * @slot - The button's label. Default: 本机一键认证 (`lang="en"`: Verify this phone).
 * @slot fallback - Your other way in (a link to SMS login): shown when the carrier is `other` and after a `not-cellular` or `wifi-detected` error, hidden otherwise.
 *
 * @csspart base - The wrapper of everything below.
 * @csspart button - The button that starts the flow.
 * @csspart spinner - The busy indicator inside the button.
 * @csspart label - The button's label.
 * @csspart status - The `aria-live` status line (busy, success, error).
 * @csspart error-detail - The platform's or server's own text for an error, rendered as text.
 * @csspart retry-button - The retry button after an error.
 * @csspart fallback - The `fallback` slot, while it is shown.
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
	// Getters, not decorators or static fields: with either, esbuild lowers every private member
	// of the class to WeakMap helpers (about 0.5 KB gzip in every bundle).
	static override get styles() {
		return cmccUaidStyles;
	}

	/** The reactive properties and their attributes. */
	static override get properties(): PropertyDeclarations {
		return {
			signUrl: { attribute: 'sign-url' },
			validateUrl: { attribute: 'validate-url' },
			coverageUrl: { attribute: 'coverage-url' },
			hideUnavailable: { type: Boolean, attribute: 'hide-unavailable' },
			tokenUrl: { attribute: 'token-url' },
			auto: { type: Boolean },
			timeout: { type: Number },
			lang: { reflect: true },
			prefetch: {},
			skipWifiCheck: { type: Boolean, attribute: 'skip-wifi-check' },
			credentials: {},
		};
	}

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

	readonly #run = new UaidRunController(
		this,
		() => ({
			signUrl: this.signUrl,
			validateUrl: this.validateUrl ?? DEFAULT_VALIDATE_URL,
			coverageUrl: this.coverageUrl,
			tokenUrl: this.tokenUrl,
			timeoutMs: this.timeout,
			detectWifi: !this.skipWifiCheck,
			credentials: this.credentials,
			onToken: (detail) => this.dispatchEvent(new UaidTokenEvent(detail)),
			onProgress: (progress) => this.dispatchEvent(new UaidProgressEvent(progress)),
		}),
		{
			onSuccess: (result) => {
				if (!('token' in result)) this.dispatchEvent(new UaidSuccessEvent(result));
			},
			onError: (error) => {
				const detail = errorDetail(error, this);
				if (situationOf(error.code, error.stage) === 'misconfigured' || detail.message !== error.message) console.warn(`<${this.localName}>: ${detail.message} (docs/element.md#error-codes)`);
				this.dispatchEvent(new UaidErrorEvent(detail));
			},
			// The next click (or retry) should again find a fresh signed request waiting; not after a
			// refusal that will not change by itself or a failed sign, where it would only spend the sign endpoint's quota.
			onSettled: (error) => {
				if (this.prefetch === 'connect' && this.isConnected && (error === undefined || (error.retryable && error.stage !== 'sign'))) this.#prefetchSigned();
			},
		},
	);

	/** The integrator's sign endpoint. */
	signUrl: string = DEFAULT_SIGN_URL;

	/** The integrator's validate endpoint; `""` stops after the token (only `uaid-token` is fired). */
	validateUrl: string = DEFAULT_VALIDATE_URL;

	/** The integrator's coverage endpoint, asked on connect; default: sign-url's path ending `coverage` instead of `sign`; `""` turns it off. */
	declare coverageUrl: string | undefined;

	/** Hide the button while the coverage endpoint says the carrier is `other` (the default keeps it: an IP database can be wrong). */
	hideUnavailable = false;

	/** China Mobile's getMobile endpoint. */
	tokenUrl: string = DEFAULT_TOKEN_URL;

	/** Start as soon as the element is connected. */
	auto = false;

	/** Milliseconds each request may take (default 10000); a value that is not a positive number fails the run with `invalid-option`. */
	timeout: number = DEFAULT_TIMEOUT_MS;

	/** Language of the default UI: `zh-CN` (default) or `en`. */
	declare lang: string;

	/** When to fetch the signed request ahead: on `connect` (default), on hover/focus/touch (`intent`) or `none`. */
	prefetch: CmccUaidPrefetch = 'connect';

	/** Do not end the flow early when the browser says it is on Wi-Fi; let the platform decide. */
	skipWifiCheck = false;

	/** Credentials mode of the two backend requests (getMobile never sends credentials): `include` for a backend on another origin whose session cookie must reach the page. */
	credentials: RequestCredentials = 'same-origin';

	readonly #coverage = new CoverageController(this);
	#justConnected = false;

	/** What the element shows now. */
	get state(): CmccUaidState {
		return this.#run.status;
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
	}

	/**
	 * Runs the flow, or joins the run that is going.
	 *
	 * @returns `{ uaid?, traceId, data }` (as `uaid-success` carries it), or `{ token, traceId }` with `validate-url=""`.
	 * @throws {UaidClientError} the same error the `uaid-error` event carries.
	 */
	start(): Promise<UaidSuccess | UaidToken> {
		return this.#run.run();
	}

	/** Aborts a run that is going (no event is fired for it) and returns to the initial state. */
	reset(): void {
		this.#run.reset();
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (CLIENT_PROPERTIES.some((name) => changed.has(name))) this.#run.replaceClient();
	}

	protected override updated(): void {
		if (!this.#justConnected || !this.isConnected) return;
		this.#justConnected = false;
		preconnect(this.tokenUrl || DEFAULT_TOKEN_URL, this.ownerDocument);
		const client = this.#run.usableClient();
		if (client && this.coverageUrl !== '') this.#coverage.ask(client);
		if (this.auto) this.start().catch(ignore);
		else if (this.prefetch === 'connect') this.#prefetchSigned();
	}

	#prefetchSigned(): void {
		void this.#run.usableClient()?.prefetch();
	}

	#handleIntent = (): void => {
		if (this.prefetch !== 'none' && this.#run.status !== 'busy') this.#prefetchSigned();
	};

	#handleClick = (): void => {
		this.start().catch(ignore);
	};

	protected override render() {
		const strings = stringsFor(this.lang);
		const status = this.#run.status;
		const busy = status === 'busy';
		const failure = this.#run.error;
		const statusText = busy ? strings.busy : status === 'success' ? strings.success : status === 'token' ? strings.tokenReceived : failure ? strings[situationOf(failure.code, failure.stage)] : '';
		return html`
			<div part="base">
				<button part="button" type="button" ?hidden=${this.hideUnavailable && this.#coverage.carrier === 'other'} aria-disabled=${busy ? 'true' : 'false'} aria-busy=${busy ? 'true' : 'false'} @click=${busy ? ignore : this.#handleClick}>
					${busy ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
					<span part="label"><slot>${strings.button}</slot></span>
				</button>
				<p part="status" role="status" aria-live="polite" data-state=${status}>
					${statusText}
					${failure && failure.message ? html`<span part="error-detail">${failure.platformCode ? `${failure.platformCode} ` : ''}${failure.message}</span>` : nothing}
				</p>
				${failure ? html`<button part="retry-button" type="button" @click=${this.#handleClick}>${strings.retry}</button>` : nothing}
				${this.#coverage.showsFallback(failure) ? html`<slot name="fallback" part="fallback"></slot>` : nothing}
			</div>
		`;
	}
}

function ignore(): void {}
