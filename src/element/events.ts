import type { UaidClientErrorCode, UaidProgress, UaidStage } from '../client/index.js';
import type { Carrier, MobileCarrier } from '../protocol/backend-wire.js';

/** `uaid-token`: getMobile issued a token. With `validate-url=""` this is the outcome. */
export interface UaidTokenDetail {
	token: string;
	traceId: string;
}

/** `uaid-success`: the backend exchanged the token for the UAID. */
export interface UaidSuccessDetail {
	/** The UAID, unless the backend keeps it on the server (`exposeUaid: false`). */
	uaid?: string;
	traceId: string;
	/** The fields the backend's `onUaid` hook added to the validate answer; `{}` when none. */
	data: Record<string, unknown>;
}

/** `uaid-error`: the run failed. Switch on `code`; `message` is for logs and support, not for users. */
export interface UaidErrorDetail {
	code: UaidClientErrorCode;
	stage: UaidStage;
	platformCode?: string;
	message: string;
	/** Trying again at once, with nothing else changed, may succeed. */
	retryable: boolean;
	/**
	 * The data connection's carrier, where getMobile's answer named it (`msisdnOwner`): route `china-unicom` and `china-telecom` users to
	 * their carrier's path.
	 */
	carrier?: MobileCarrier;
}

/** `uaid-availability`: whose network this page's IP is on, as the backend's coverage endpoint answered. */
export interface UaidAvailabilityDetail {
	/**
	 * `china-unicom`, `china-telecom`, `other`: UAID cannot work here; `china-mobile`: it may (only on cellular data); `unknown`: no
	 * telling, or the endpoint failed.
	 */
	carrier: Carrier;
}

/**
 * What the element's events have in common: each takes its type from its class's static `type` (a
 * getter: a static field would make esbuild alias every class), bubbles out of the shadow root,
 * and carries a frozen copy of `detail`, so a listener cannot change what the next one sees.
 */
abstract class UaidEvent<Detail extends object> extends Event {
	readonly detail: Readonly<Detail>;

	constructor(detail: Detail) {
		super((new.target as unknown as { type: string }).type, { bubbles: true, composed: true });
		this.detail = Object.freeze({ ...detail });
	}
}

/** Fired when getMobile has issued a token (before validation, or instead of it with `validate-url=""`). */
export class UaidTokenEvent extends UaidEvent<UaidTokenDetail> {
	static get type(): 'uaid-token' {
		return 'uaid-token';
	}
}

/** Fired when the backend has obtained the UAID (and its `onUaid` hook has run). */
export class UaidSuccessEvent extends UaidEvent<UaidSuccessDetail> {
	static get type(): 'uaid-success' {
		return 'uaid-success';
	}
}

/** Fired when a run fails (after any automatic retry). Not fired for runs ended by `reset()` or disconnection. */
export class UaidErrorEvent extends UaidEvent<UaidErrorDetail> {
	static get type(): 'uaid-error' {
		return 'uaid-error';
	}
}

/** Fired as each step of the current run starts and ends: for step-by-step displays and timing. */
export class UaidProgressEvent extends UaidEvent<UaidProgress> {
	static get type(): 'uaid-progress' {
		return 'uaid-progress';
	}
}

/** Fired once per connection when the coverage endpoint has answered (`unknown` when it failed); not with `coverage-url=""`. */
export class UaidAvailabilityEvent extends UaidEvent<UaidAvailabilityDetail> {
	static get type(): 'uaid-availability' {
		return 'uaid-availability';
	}
}

declare global {
	interface GlobalEventHandlersEventMap {
		'uaid-token': UaidTokenEvent;
		'uaid-success': UaidSuccessEvent;
		'uaid-error': UaidErrorEvent;
		'uaid-progress': UaidProgressEvent;
		'uaid-availability': UaidAvailabilityEvent;
	}
}
