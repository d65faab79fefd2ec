import {
	buildValidateRequest,
	codeOf,
	isProtocolError,
	ProtocolError,
	parseValidateResponse,
	type ExpandParams,
	type ValidateResult,
} from '../../protocol/index.js';
import { signRsaAsync, type SignatureAlgorithm } from '../../protocol/node/index.js';
import type { KeyObject } from 'node:crypto';
import { invalidOption, PlatformResultError, PlatformTransportError, RequestRejectedError } from '../errors/index.js';
import { errorCauseCode } from '../errors/error-cause-code.js';
import { resolvePlatformOptions, type PlatformSettings } from './platform-options.js';
import { UnreadableAnswerError, type TransportAnswer } from './platform-transport.js';
import { loadOtelApi } from '../telemetry/otel-api.js';
import { platformTarget, startPlatformCall, type PlatformCallEnd } from '../telemetry/platform-call-telemetry.js';

/** What one call to imeiTokenValidate came to, for a logger. Never carries the token or a key. */
export interface ValidateAttemptEvent {
	/** 1 for the first call, 2 for the first retry, … */
	attempt: number;
	/** The msgId of this call (fresh per call). */
	msgId: string;
	durationMs: number;
	/** The platform's resultCode, when it answered with one. */
	platformCode?: string;
	/** Set when `platformCode` is in no table of the catalogue: the platform said something nobody has documented. */
	unknownPlatformCode?: true;
	/** With `unknownPlatformCode`: the platform's `resultDesc`, as it sent it. */
	platformDesc?: string;
	/** HTTP status, when a response arrived. */
	httpStatus?: number;
	/** The transport's error code (`ECONNREFUSED`, `ENOTFOUND`, …), when the connection failed. */
	errorCode?: string;
	outcome: 'answered' | 'garbled' | 'timeout' | 'not-sent' | 'lost';
}

export interface ValidateTokenOptions {
	/** The application id from the open platform. @example '300011580392' */
	appId: string;
	/** Base64 PKCS#8 DER (as the vendor's RsaUtils writes it), PEM, or a KeyObject. @example process.env.UAID_PRIVATE_KEY */
	privateKey: string | KeyObject;
	/** The token getMobile returned to the browser. */
	token: string;
	/**
	 * Digest of the RSA signature: the vendor's `MD5withRSA` or `SHA256withRSA`.
	 * @default 'md5'
	 * @example 'sha256'
	 */
	signatureAlgorithm?: SignatureAlgorithm;
	/**
	 * imeiTokenValidate URL; point it at the simulator in tests. A bare origin gets the guide's path
	 * (`/NumberAbility/h5/imeiTokenValidate.htm`), as doctor's `--platform-url` does.
	 * @default 'https://www.cmpassport.com/NumberAbility/h5/imeiTokenValidate.htm'
	 * @example `${simulator.url}/NumberAbility/h5/imeiTokenValidate.htm`
	 */
	validateUrl?: string;
	/**
	 * Time allowed for one call, answer included.
	 * @default 5000
	 * @example 3000
	 */
	timeoutMs?: number;
	/**
	 * Extra calls after a transport failure with no answer (connection refused or reset). Timeouts
	 * and platform answers are never retried. A retry after a lost answer that meets 120009 is
	 * reported as `validate-outcome-unknown`.
	 * @default 1
	 * @example 0
	 */
	retries?: number;
	/** Extra parameters for the platform. @default {} @example { channel: 'h5' } */
	expandParams?: ExpandParams;
	/** Aborts the whole validation (e.g. the browser went away). @default none @example request.signal */
	signal?: AbortSignal;
	/**
	 * A fetch to call the platform with instead of the built-in transport (undici's `request` over a
	 * keep-alive pool): a runtime's own, a proxy-aware one, a test double.
	 * @default none (undici request)
	 * @example undiciFetch
	 */
	fetch?: typeof globalThis.fetch;
	/** Called after every call to the platform. @default none @example (e) => log.info(e) */
	onAttempt?: (event: ValidateAttemptEvent) => void;
}

export interface ValidatedToken {
	/** The UAID: 64 lower-case hex in the guide's example. */
	uaid: string;
	/** The full parsed platform answer. */
	result: ValidateResult;
	/** Calls made, retries included. */
	attempts: number;
}

// Connection failures that happen before a single byte of the request is written: the platform
// cannot have seen the token, so calling again is safe. The undici code comes from a caller's fetch.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const RETRY_PAUSE_MS = 100;

/**
 * Longest resultCode or resultDesc the kit carries on (error JSON, log fields, metric attributes): a platform's text is not ours to
 * relay whole.
 */
const MAX_PLATFORM_TEXT = 256;

/** imeiTokenValidate's success code, from the catalogue, and its text form in an answer. */
const VALIDATE_OK = codeOf('imeiTokenValidate', 'success');
const SENT_AS_TEXT = new RegExp(`"result(?:Coo?de|code)"\\s*:\\s*"\\s*${VALIDATE_OK}\\s*"`);

/** The documented UAID: 64 hex (lowercase in the guide, uppercase in Aliyun's example). */
const UAID = /^[0-9a-fA-F]{64}$/;

/**
 * The answer as the kit trusts it: success only on the string `000000` (not getMobile's 103000,
 * nor a JSON number 0 the parser pads), with a UAID of the documented form; anything else that
 * claims success is a platform error, and its UAID reaches neither page nor hook. The platform's
 * code and text are cut to {@link MAX_PLATFORM_TEXT}.
 */
function checkedResult(result: ValidateResult, text: string): ValidateResult {
	const bounded: ValidateResult = {
		...result,
		resultCode: result.resultCode.slice(0, MAX_PLATFORM_TEXT),
		resultDesc: result.resultDesc.slice(0, MAX_PLATFORM_TEXT),
	};
	if (bounded.category !== 'ok') return bounded;
	// The parser reads the number 0 as 000000 (JSON drops leading zeros); a success must have been sent as text.
	const sentAsText = SENT_AS_TEXT.test(text);
	if (bounded.resultCode !== VALIDATE_OK || !sentAsText)
		return { ...bounded, category: 'platform-error', retryable: false, known: false, uaid: undefined };
	if (!UAID.test(bounded.uaid ?? ''))
		throw new ProtocolError('invalid-response', 'imeiTokenValidate: success, but the UAID is not 64 hex characters');
	return bounded;
}

/**
 * Exchanges a token for the UAID with imeiTokenValidate: builds and RSA-signs the request, posts
 * it with a bounded timeout, retries only where the platform cannot have consumed the token, and
 * parses the answer tolerantly.
 *
 * @throws {UaidServerError} the platform answered a result code other than 000000 (`code` is its
 * category, `platformCode` and `resultDesc` what it sent); or `timeout`, `platform-unreachable`,
 * `platform-error` (garbled answer), `validate-outcome-unknown`; or `invalid-option` for a key that cannot be read.
 * @example
 * const { uaid } = await validateToken({ appId: '300011580392', privateKey: process.env.UAID_PRIVATE_KEY!, token });
 */
export async function validateToken(options: ValidateTokenOptions): Promise<ValidatedToken> {
	const { token, signal, onAttempt } = options;
	return validateWithSettings(resolvePlatformOptions(options), { token, signal, onAttempt });
}

/** What one validation adds to the shared {@link PlatformSettings}. */
export type ValidateCall = Pick<ValidateTokenOptions, 'token' | 'signal' | 'onAttempt'>;

/**
 * {@link validateToken} over settings resolved once ({@link resolvePlatformOptions}): the handler's
 * path, which reads its key and checks its options at start-up, not on every validation.
 */
export async function validateWithSettings(settings: PlatformSettings, options: ValidateCall): Promise<ValidatedToken> {
	const { key, algorithm, url, timeoutMs, retries, post } = settings;
	if (options.onAttempt !== undefined && typeof options.onAttempt !== 'function')
		throw invalidOption('onAttempt', `must be a function, got ${typeof options.onAttempt}.`);
	if (typeof options.token !== 'string' || options.token === '') throw new RequestRejectedError('bad-request', 'A token is required.');
	const otel = await loadOtelApi();
	const target = otel && platformTarget(url);

	let answerMayBeLost = false;
	let lastFailure: PlatformTransportError | undefined;
	for (let attempt = 1; attempt <= retries + 1; attempt++) {
		if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * (attempt - 1)));
		options.signal?.throwIfAborted();
		// A fresh msgId, timestamp and signature per call: the guide wants every msgId unique.
		const body = await buildValidateRequest({
			appId: settings.appId,
			token: options.token,
			sign: (content) => signRsaAsync(content, key, algorithm),
			expandParams: settings.expandParams,
		});
		const started = Date.now();
		const call = otel && target ? startPlatformCall(otel, target, attempt) : undefined;
		const report = (
			event: Omit<ValidateAttemptEvent, 'attempt' | 'msgId' | 'durationMs'>,
			verdict: Pick<PlatformCallEnd, 'category' | 'errorType' | 'outcomeUnknown'>,
		): void => {
			call?.end({ ...event, ...verdict });
			try {
				options.onAttempt?.({ attempt, msgId: body.header.msgId, durationMs: Date.now() - started, ...event });
			} catch (error) {
				// The integrator's callback must never turn into a failed validation or a retry that spends the token.
				console.error('cmcc-uaid: the onAttempt callback threw; the validation goes on.', error);
			}
		};
		// Our own deadline tells a timeout apart, whatever error the transport rejects with.
		const deadline = AbortSignal.timeout(timeoutMs);
		const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;

		let answer: TransportAnswer;
		try {
			answer = await post(url, JSON.stringify(body), signal);
		} catch (error) {
			if (options.signal?.aborted) {
				call?.end({ outcome: 'aborted', category: 'aborted' });
				throw options.signal.reason;
			}
			if (deadline.aborted) {
				report({ outcome: 'timeout' }, { category: 'timeout' });
				throw new PlatformTransportError(
					'timeout',
					`The platform did not answer within ${timeoutMs} ms; it may still have validated (and so used ` +
						`up) the token. Start again with a new token.`,
					{ cause: error },
				);
			}
			if (error instanceof UnreadableAnswerError) {
				report({ outcome: 'garbled', httpStatus: error.status }, { category: 'platform-error' });
				throw new PlatformTransportError(
					'platform-error',
					`The platform answered HTTP ${error.status} with something that is not its documented JSON: ${error.message}`,
					{ cause: error, retryable: true },
				);
			}
			const code = errorCauseCode(error);
			const notSent = code !== undefined && NOT_SENT_CODES.has(code);
			report(
				{ outcome: notSent ? 'not-sent' : 'lost', ...(code ? { errorCode: code } : {}) },
				{ category: 'platform-unreachable', errorType: code ?? 'platform-unreachable' },
			);
			if (!notSent) answerMayBeLost = true;
			lastFailure = new PlatformTransportError('platform-unreachable', `The platform could not be reached${code ? ` (${code})` : ''}.`, {
				cause: error,
			});
			continue;
		}

		const { status, text } = answer;
		let result: ValidateResult;
		try {
			result = checkedResult(parseValidateResponse(text), text);
		} catch (error) {
			if (!isProtocolError(error)) {
				call?.end({ outcome: 'answered', httpStatus: status, category: 'internal-error' });
				throw error;
			}
			// A redirect lands here too (its body is not the platform's JSON): following it would hand the token to another host.
			report({ outcome: 'garbled', httpStatus: status }, { category: 'platform-error' });
			throw new PlatformTransportError(
				'platform-error',
				`The platform answered HTTP ${status} with something that is not its documented JSON: ${error.message}`,
				{ cause: error, retryable: true },
			);
		}
		const outcomeUnknown = answerMayBeLost && result.category === 'token-expired';
		const category =
			result.category === 'ok' ? (result.uaid ? 'ok' : 'platform-error') : outcomeUnknown ? 'validate-outcome-unknown' : result.category;
		report(
			{
				outcome: 'answered',
				httpStatus: status,
				platformCode: result.resultCode,
				...(result.known ? {} : { unknownPlatformCode: true, platformDesc: result.resultDesc }),
			},
			{ category, outcomeUnknown },
		);
		if (result.category === 'ok' && result.uaid) return { uaid: result.uaid, result, attempts: attempt };
		if (result.category === 'ok')
			throw new PlatformTransportError('platform-error', 'The platform reported success without a UAID.', { retryable: true });
		if (outcomeUnknown) {
			throw new PlatformTransportError(
				'validate-outcome-unknown',
				`An earlier call's answer was lost in transit and the retry was answered ${result.resultCode} ` +
					`(token already used or expired): the platform may have validated the token on that earlier ` +
					`call. Start again with a new token.`,
				{ platformCode: result.resultCode },
			);
		}
		throw new PlatformResultError(result.category, result.resultCode, result.resultDesc, result.retryable);
	}
	throw lastFailure ?? new PlatformTransportError('platform-unreachable', 'The platform could not be reached.');
}
