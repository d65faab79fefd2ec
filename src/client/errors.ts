import { UaidError, isUaidErrorNamed } from '../protocol/errors.js';
import type { ResultCategory } from '../protocol/result-codes.js';
import type { BackendErrorCode, MobileCarrier } from '../protocol/backend-wire.js';

/**
 * The step of the flow an error happened in: the integrator's sign endpoint, China Mobile's getMobile, the integrator's validate
 * endpoint.
 */
export type UaidStage = 'sign' | 'token' | 'validate';

/** Codes the client raises of its own, besides the platform's categories and the backend's codes. */
export type UaidClientOwnErrorCode =
	/** The request never got an answer: offline, DNS, TLS, CORS refused, connection dropped. */
	| 'network'
	/** No answer within the `timeout`. */
	| 'timeout'
	/** `reset()`, a disconnected element or the caller's `AbortSignal` ended the run. */
	| 'aborted'
	/** `navigator.connection.type` says Wi-Fi: the gateway cannot see a cellular number, so no platform call was spent. */
	| 'wifi-detected'
	/** An answer that is not the shape its endpoint promises (garbled body, missing fields). */
	| 'invalid-response'
	/** A non-2xx answer without the backend's error body (a proxy page, a platform outage page). */
	| 'http-error'
	/** An option (or element attribute) that cannot work, such as `timeout="abc"`: nothing was sent. */
	| 'invalid-option'
	/** `start()` on `<cmcc-uaid consent>` before the box was ticked: nothing was sent (no `uaid-error`: the element says why). */
	| 'consent-required';

/**
 * Every code a {@link UaidClientError} can carry: the platform's result categories (from the
 * protocol catalogue), the backend's codes and the client's own. Switch on it, never on `message`.
 */
export type UaidClientErrorCode = Exclude<ResultCategory, 'ok'> | BackendErrorCode | UaidClientOwnErrorCode;

export interface UaidClientErrorOptions {
	stage: UaidStage;
	retryable: boolean;
	/** The platform's resultCode, when China Mobile answered with one. */
	platformCode?: string;
	/** The HTTP status of the answer, when there was one. */
	status?: number;
	/** The data connection's carrier, where getMobile's answer named it (`msisdnOwner`). */
	carrier?: MobileCarrier;
	cause?: unknown;
}

/**
 * A failed UAID flow, as the client and the element report it.
 *
 * `retryable` means "trying again at once, with nothing else changed, may succeed".
 */
export class UaidClientError extends UaidError {
	override name = 'UaidClientError' as const;
	declare readonly code: UaidClientErrorCode;
	readonly stage: UaidStage;
	readonly retryable: boolean;
	readonly platformCode?: string;
	readonly status?: number;
	/** The data connection's carrier, where getMobile's answer named it (`msisdnOwner` CM / CU / CT). */
	readonly carrier?: MobileCarrier;

	constructor(code: UaidClientErrorCode, message: string, options: UaidClientErrorOptions) {
		super(code, message, options.cause === undefined ? undefined : options);
		this.stage = options.stage;
		this.retryable = options.retryable;
		if (options.platformCode !== undefined) this.platformCode = options.platformCode;
		if (options.status !== undefined) this.status = options.status;
		if (options.carrier !== undefined) this.carrier = options.carrier;
	}
}

export function isUaidClientError(error: unknown): error is UaidClientError {
	return isUaidErrorNamed<UaidClientError>(error, 'UaidClientError');
}
