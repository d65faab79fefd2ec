import type { UaidClientErrorCode, UaidProgress, UaidStage } from '../client/index.js';
import type { Carrier } from '../protocol/backend-wire.js';

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
}

/** `uaid-availability`: whose network this page's IP is on, as the backend's coverage endpoint answered. */
export interface UaidAvailabilityDetail {
	/** `other`: UAID cannot work here; `china-mobile`: it may (only on cellular data); `unknown`: no telling, or the endpoint failed. */
	carrier: Carrier;
}

const init: EventInit = { bubbles: true, composed: true };

/** Fired when getMobile has issued a token (before validation, or instead of it with `validate-url=""`). */
export class UaidTokenEvent extends Event {
	static readonly type = 'uaid-token' as const;
	readonly detail: Readonly<UaidTokenDetail>;

	constructor(detail: UaidTokenDetail) {
		super(UaidTokenEvent.type, init);
		this.detail = Object.freeze({ ...detail });
	}
}

/** Fired when the backend has obtained the UAID (and its `onUaid` hook has run). */
export class UaidSuccessEvent extends Event {
	static readonly type = 'uaid-success' as const;
	readonly detail: Readonly<UaidSuccessDetail>;

	constructor(detail: UaidSuccessDetail) {
		super(UaidSuccessEvent.type, init);
		this.detail = Object.freeze({ ...detail });
	}
}

/** Fired when a run fails (after any automatic retry). Not fired for runs ended by `reset()` or disconnection. */
export class UaidErrorEvent extends Event {
	static readonly type = 'uaid-error' as const;
	readonly detail: Readonly<UaidErrorDetail>;

	constructor(detail: UaidErrorDetail) {
		super(UaidErrorEvent.type, init);
		this.detail = Object.freeze({ ...detail });
	}
}

/** Fired as each step of the current run starts and ends: for step-by-step displays and timing. */
export class UaidProgressEvent extends Event {
	static readonly type = 'uaid-progress' as const;
	readonly detail: Readonly<UaidProgress>;

	constructor(detail: UaidProgress) {
		super(UaidProgressEvent.type, init);
		this.detail = Object.freeze({ ...detail });
	}
}

/** Fired once per connection when the coverage endpoint has answered (`unknown` when it failed); not with `coverage-url=""`. */
export class UaidAvailabilityEvent extends Event {
	static readonly type = 'uaid-availability' as const;
	readonly detail: Readonly<UaidAvailabilityDetail>;

	constructor(detail: UaidAvailabilityDetail) {
		super(UaidAvailabilityEvent.type, init);
		this.detail = Object.freeze({ ...detail });
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
