import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { DEFAULT_SIGN_URL, DEFAULT_TIMEOUT_MS, DEFAULT_TOKEN_URL, DEFAULT_VALIDATE_URL } from '../client/options.js';
import { UaidClientError } from '../client/errors.js';
import type { StartOptions, UaidSuccess, UaidToken } from '../client/uaid-client.js';
import { cmccUaidStyles } from './cmcc-uaid-element.styles.js';
import { cmccUaidTemplate } from './cmcc-uaid-template.js';
import { consentTemplate } from './consent-template.js';
import { CoverageController } from './coverage-controller.js';
import { errorDetail } from './developer-hint.js';
import { UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent, type UaidErrorDetail } from './events.js';
import { preconnect } from './preconnect.js';
import { stringsFor } from './strings.js';
import { UaidRunController, type CmccUaidState } from './uaid-run-controller.js';

export type { CmccUaidState } from './uaid-run-controller.js';

/** When the signed request is fetched ahead of the click. */
export type CmccUaidPrefetch = 'connect' | 'intent' | 'none';

/** Properties that change how requests are made: a change replaces the client (and aborts its run). */
const CLIENT_PROPERTIES = ['signUrl', 'validateUrl', 'coverageUrl', 'tokenUrl', 'timeout', 'skipWifiCheck', 'credentials'] as const;

/** What shows the user may tap soon: the signed request is fetched then with `prefetch="intent"`. */
const INTENT_EVENTS = ['pointerenter', 'focusin', 'touchstart'] as const;

/**
 * @summary Gets the UAID of the China Mobile subscriber on this page's cellular connection, with one tag.
 *
 * @tag cmcc-uaid
 *
 * @event {UaidTokenEvent} uaid-token - getMobile issued a token: `detail` `{ token, traceId }`. With `validate-url=""` this is the outcome.
 * @event {UaidSuccessEvent} uaid-success - The backend obtained the UAID: `detail` `{ uaid?, traceId, data }`; `uaid` is absent when the
 * backend keeps it (`exposeUaid: false`), `data` holds the fields its `onUaid` hook added.
 * @event {UaidErrorEvent} uaid-error - The run failed: `detail` `{ code, stage, platformCode?, message, retryable, carrier? }`
 * (`carrier` where getMobile's answer named the connection's carrier).
 * @event {UaidProgressEvent} uaid-progress - A step of the run started or ended: `detail` `{ stage, phase, elapsed, attempt, prefetched?
 * }`.
 * @event {UaidAvailabilityEvent} uaid-availability - The coverage endpoint answered, once per connection: `detail` `{ carrier }`,
 * `china-mobile`, `china-unicom`, `china-telecom`, `other` or `unknown` (also when it failed).
 *
 * @slot - The button's label. Default: 本机一键认证 (`lang="en"`: Verify this phone), also when the slot holds only whitespace.
 * @slot fallback - Your other way in (a link to SMS login): shown when the carrier is not China Mobile (`china-unicom`, `china-telecom`,
 * `other`: `uaid-availability` and `uaid-error` say which) and after any error that is not `retryable` (`not-cellular`, `wifi-detected`,
 * `app-config`…), hidden otherwise; once a run has started its room is kept while hidden.
 * @slot consent - With `consent`: the checkbox's label, your text and policy link (`我已阅读并同意<a href="/privacy">《隐私政策》</a>`). Default: 我同意
 * (`lang="en"`: I agree).
 *
 * @csspart base - The wrapper of everything below.
 * @csspart button - The button that starts the flow; after success it shows the outcome and starts nothing until `reset()`. Not
 * shown after an error.
 * @csspart spinner - The busy indicator inside the button (it takes the label's place, so the button keeps its size).
 * @csspart label - The button's label.
 * @csspart status - The `aria-live` status line (busy, success, error); its space is kept in every state, once a run has started as tall
 * as its longest sentence.
 * @csspart error-detail - With `debug` only: the platform code and the platform's or server's own text for an error, rendered as text.
 * @csspart retry-button - The action after an error a retry can help (`retryable`, or one the user can change: Wi-Fi, no cellular
 * number, too many attempts), in the button's place; after any other error the fallback is the way out.
 * @csspart fallback - The `fallback` slot, while it is shown.
 * @csspart consent - With `consent`: the row above the button, the native checkbox and its label (`accent-color` follows
 * `--cmcc-uaid-color`).
 *
 * @cssproperty [--cmcc-uaid-color=#0077bb] - Button background and focus ring.
 * @cssproperty [--cmcc-uaid-color-contrast=#ffffff] - Button text.
 * @cssproperty [--cmcc-uaid-success-color=#1a7f37] - The outcome on the button after success (#3fb950 under `prefers-color-scheme: dark`).
 * @cssproperty [--cmcc-uaid-error-color=#c62828] - Error line and retry button (#ff7b72 under `prefers-color-scheme: dark`).
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
			timeout: { converter: (value) => (value?.trim() ? Number(value) : undefined) }, // removed or empty: the default
			lang: { reflect: true },
			prefetch: {},
			skipWifiCheck: { type: Boolean, attribute: 'skip-wifi-check' },
			credentials: {},
			block: { type: Boolean, reflect: true },
			debug: { type: Boolean },
			consent: { type: Boolean },
			consentVersion: { attribute: 'consent-version' },
		};
	}

	/**
	 * Registers the element. Tolerates only "already defined" (another copy of this library on the page).
	 *
	 * @example CmccUaidElement.define('my-uaid')
	 */
	static define(tag = 'cmcc-uaid', registry: CustomElementRegistry = customElements): typeof CmccUaidElement {
		// A tag taken (by this class or another copy's) is left as it is; any other refusal of define() is thrown.
		if (!registry.get(tag)) registry.define(tag, this);
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
			onError: (error) => this.dispatchEvent(new UaidErrorEvent(this.#warn(error))),
			onSettled: () => this.#prefetchOnConnect(), // the retry should find a fresh signed request waiting
		},
	);

	/** The integrator's sign endpoint. */
	signUrl: string = DEFAULT_SIGN_URL;

	/** The integrator's validate endpoint; `""` stops after the token (only `uaid-token` is fired). */
	validateUrl: string = DEFAULT_VALIDATE_URL;

	/**
	 * The integrator's coverage endpoint, asked on connect; default: sign-url's path ending `coverage` instead of `sign`; `""` turns
	 * it off.
	 */
	declare coverageUrl: string | undefined;

	/**
	 * Hide the button while the coverage endpoint says the carrier is not China Mobile (the default keeps it: an IP database can be wrong).
	 */
	hideUnavailable = false;

	/** China Mobile's getMobile endpoint. */
	tokenUrl: string = DEFAULT_TOKEN_URL;

	/** Start as soon as the element is connected. */
	auto = false;

	/**
	 * Milliseconds each request may take (default 10000, also when the attribute is removed or empty); any other value that is not a
	 * positive number fails the run with `invalid-option`.
	 */
	timeout: number | undefined = DEFAULT_TIMEOUT_MS;

	/** Language of the default UI: `zh-CN` (default) or `en`. */
	declare lang: string;

	/** When to fetch the signed request ahead: on `connect` (default), on hover/focus/touch (`intent`) or `none`. */
	prefetch: CmccUaidPrefetch = 'connect';

	/** Do not end the flow early when the browser says it is on Wi-Fi; let the platform decide. */
	skipWifiCheck = false;

	/**
	 * Credentials mode of the two backend requests (getMobile never sends credentials): `include` for a backend on another origin
	 * whose session cookie must reach the page.
	 */
	credentials: RequestCredentials = 'same-origin';

	/** Take the full width of the container, as the main button of an H5 login page does. */
	block = false;

	/**
	 * Show the platform code and the developer text of an error under the user's sentence (they are always in `uaid-error` and the
	 * console).
	 */
	debug = false;

	/**
	 * Ask for agreement first: a checkbox labelled by the `consent` slot; until it is ticked nothing is sent (no coverage, no sign, no
	 * getMobile) and a tap says why.
	 */
	consent = false;

	/**
	 * The version of the policy the user agrees to, sent with sign and validate (the backend's `onUaid` gets it in `context.consent`); with
	 * `consent` only.
	 */
	declare consentVersion: string | undefined;

	readonly #coverage = new CoverageController(this);
	#justConnected?: boolean;
	/** Whether the box is ticked: for the page's life, until `reset()` (or the user unticks it). */
	#consented?: boolean;
	/** Whether a tap came before the tick: the status line says why nothing happened. */
	#consentAsked?: boolean;
	/** Whether focus was on a control of this element before the update that may replace it. */
	#hadFocus?: boolean;
	/** Whether the default slot holds only whitespace (the markup's line breaks), which is no label. */
	#blankLabel?: boolean;
	/** Whether the state has left `idle` once: from then on the element keeps the room of its tallest state. */
	#engaged?: boolean;

	/** What the element shows now. */
	get state(): CmccUaidState {
		return this.#run.status;
	}

	override connectedCallback(): void {
		super.connectedCallback();
		this.#justConnected = true;
		for (const type of INTENT_EVENTS) this.addEventListener(type, this.#handleIntent, { passive: true });
		// Attributes set by frameworks right after connection land in the same update.
		this.requestUpdate();
	}

	override disconnectedCallback(): void {
		super.disconnectedCallback();
		for (const type of INTENT_EVENTS) this.removeEventListener(type, this.#handleIntent);
	}

	/**
	 * Runs the flow, or joins the run that is going. Properties set just before apply to this run: the
	 * pending update is applied first, not after, where it would abort the run.
	 *
	 * @returns `{ uaid?, traceId, data }` (as `uaid-success` carries it), or `{ token, traceId }` with `validate-url=""`.
	 * @throws {UaidClientError} the same error the `uaid-error` event carries; with `consent` before the tick, `consent-required` (no
	 * event: the element moves focus to the checkbox and says why).
	 */
	start(): Promise<UaidSuccess | UaidToken> {
		if (this.isConnected && this.isUpdatePending) this.performUpdate();
		if (this.#awaitingConsent) {
			this.#consentAsked = true;
			this.requestUpdate();
			this.shadowRoot?.querySelector('input')?.focus();
			return Promise.reject(new UaidClientError('consent-required', 'consent required', { stage: 'sign', retryable: false }));
		}
		return this.#run.run(this.#consentOption);
	}

	/**
	 * Aborts a run that is going (no event is fired for it) and returns to the initial state, where the button starts a new run; with
	 * `consent`, the box is unticked.
	 */
	reset(): void {
		this.#run.reset();
		this.#consented = this.#consentAsked = false;
		this.#prefetchOnConnect();
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (CLIENT_PROPERTIES.some((name) => changed.has(name))) this.#run.replaceClient();
		this.#hadFocus = !!this.shadowRoot?.activeElement;
		if (this.#run.status !== 'idle') this.#engaged = true;
	}

	protected override updated(): void {
		// The focused button gave way to the other one (the button to retry after an error, and back), or
		// to the fallback where no retry can help: focus follows.
		// The button an error with no retry keeps as its room (invisible) is still focused here: it counts as gone.
		if (this.#hadFocus && !this.shadowRoot!.querySelector(':focus:not(.room)'))
			(this.shadowRoot!.querySelector<HTMLElement>('button:not(.room)') ?? this.querySelector<HTMLElement>('[slot=fallback]'))?.focus();
		if (!this.#justConnected || !this.isConnected) return;
		this.#justConnected = false;
		// With `consent`, nothing of the flow leaves the page before the tick: the tick does this.
		if (!this.#awaitingConsent) this.#reachOut();
	}

	/** What connecting starts (with `consent`, each tick): the connection to getMobile, the coverage question, then `auto` or the prefetch. */
	#reachOut(): void {
		preconnect(this.tokenUrl || DEFAULT_TOKEN_URL, this.ownerDocument);
		let client: UaidRunController['client'] | undefined;
		try {
			client = this.#run.client;
		} catch (error) {
			// An attribute that cannot work is said now, as the tap would say it, not only then.
			this.#warn(error as UaidClientError);
		}
		if (client && this.coverageUrl !== '') this.#coverage.ask(client);
		if (this.auto) this.start().catch(() => undefined);
		else this.#prefetchOnConnect();
	}

	/** The developer's side of an error, on the console (the page shows the user one sentence): the event's detail. */
	#warn(error: UaidClientError): UaidErrorDetail {
		const detail = errorDetail(error, this);
		console.warn(`<${this.localName}> ${error.code}${error.platformCode ? ` ${error.platformCode}` : ''}: ${detail.message}`);
		return detail;
	}

	#prefetchOnConnect(): void {
		if (this.prefetch === 'connect' && this.isConnected && this.#mayPrefetch) void this.#run.usableClient()?.prefetch(this.#consentOption);
	}

	/**
	 * Whether to fetch ahead: before a run, or after an error a retry may mend; not after a lasting refusal or a failed sign (it would only
	 * spend the sign quota); never before the consent.
	 */
	get #mayPrefetch(): boolean {
		const error = this.#run.error;
		return !this.#awaitingConsent && (this.#run.status === 'idle' || (!!error && error.retryable && error.stage !== 'sign'));
	}

	/** With `consent`, until the box is ticked. */
	get #awaitingConsent(): boolean {
		return this.consent && !this.#consented;
	}

	/** The consent sign and validate carry: none without the `consent` attribute (no extra bytes). */
	get #consentOption(): StartOptions {
		return { consent: this.consent ? { version: this.consentVersion || undefined } : undefined };
	}

	// The handlers are methods, not bound arrows: Lit calls a template's listeners with `this` the host
	// element, and the element's own listeners are called on it.
	#handleConsent(event: Event): void {
		this.#consented = (event.target as HTMLInputElement).checked;
		this.#consentAsked = false;
		this.requestUpdate();
		if (this.#consented) this.#reachOut();
	}

	/** Whether the button starts a run: not while one is going, nor after an outcome until `reset()`. */
	get #ready(): boolean {
		return this.#run.status === 'idle' || this.#run.status === 'error';
	}

	#handleLabelChange(event: Event): void {
		// Comments are never assigned to a slot; whitespace-only text is, and would make an empty label.
		const nodes = (event.target as HTMLSlotElement).assignedNodes();
		this.#blankLabel = !!nodes[0] && nodes.every((node) => !node.textContent!.trim() && !(node as Element).localName);
		this.requestUpdate();
	}

	#handleIntent(): void {
		if (this.prefetch !== 'none' && this.#mayPrefetch) void this.#run.usableClient()?.prefetch(this.#consentOption);
	}

	#handleClick(): void {
		if (this.#ready) this.start().catch(() => undefined);
	}

	protected override render() {
		const failure = this.#run.error;
		const hidden = this.hideUnavailable && this.#coverage.showsFallback();
		const strings = stringsFor(this.lang);
		return cmccUaidTemplate({
			strings,
			status: this.#run.status,
			failure,
			ready: this.#ready,
			debugMessage: this.debug && failure ? errorDetail(failure, this).message : undefined,
			hidden,
			fallback: this.#coverage.showsFallback(failure),
			blankLabel: this.#blankLabel,
			engaged: this.#engaged,
			onClick: this.#handleClick,
			onLabelChange: this.#handleLabelChange,
			consent: this.consent ? consentTemplate(strings.consent, this.#consented, this.#handleConsent) : undefined,
			notice: this.#consentAsked ? strings.consentRequired : '',
		});
	}
}
