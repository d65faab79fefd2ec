import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
	buildValidateRequest,
	parseValidateResponse,
	parseTimestamp,
	resolveValidateUrl,
	resultCodeEntry,
	type ValidateResult,
} from '../../protocol/index.js';
import { readPrivateKey, readPublicKey, signRsa, type SignatureAlgorithm } from '../../protocol/node/index.js';
import { postJsonOverPool, UnreadableAnswerError } from '../../server/platform/platform-transport.js';
import { checkGetMobile } from './get-mobile-check.js';
import { transportVerdict, verdict, type Verdict } from './verdict.js';

export type { CheckName, VerdictStatus } from './verdict.js';

export interface DoctorInput {
	appId: string;
	/** The private key file's text. */
	privateKeyText: string;
	/** The public key file's text, when `--public-key` was given. */
	publicKeyText?: string;
	algorithm: SignatureAlgorithm;
	/** Base URL of the platform (or the simulator), or the full imeiTokenValidate URL. */
	platformUrl: string;
	/** Where the getMobile signed with the appkey goes (the platform's getMobile, or the simulator's). */
	getMobileUrl: string;
	/** With `--app-key-env`: the variable's name and value (undefined when unset). The value is never reported. */
	appKey?: { name: string; value: string | undefined };
	timeoutMs: number;
	/** The local clock (ms since the epoch). */
	now: () => number;
}

export interface DoctorReport {
	readonly verdicts: readonly Verdict[];
	/** The public key of the private key, as pasted into the platform (Base64 X.509 SPKI DER). */
	readonly publicKey?: string;
	readonly ok: boolean;
}

/** Beyond this, tokens and timestamps are likely to be judged by a clock that disagrees with the platform's. */
const MAX_CLOCK_SKEW_SECONDS = 60;

const OTHER_ALGORITHM: Record<SignatureAlgorithm, SignatureAlgorithm> = { md5: 'sha256', sha256: 'md5' };

/**
 * The imeiTokenValidate URL for a base URL (`https://www.cmpassport.com`, a simulator's `url`) or a
 * full URL: the server kit's `validateUrl` rule, so what doctor checks is where the kit will call.
 * @throws {TypeError} for anything but an absolute http(s) URL.
 */
export function validateUrlFor(platformUrl: string): URL {
	return new URL(resolveValidateUrl(platformUrl));
}

function checkPrivateKey(text: string): { verdict: Verdict; key?: KeyObject } {
	try {
		const key = readPrivateKey(text.trim());
		const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
		const format = /-----BEGIN/.test(text) ? 'PEM' : 'Base64 PKCS#8 DER';
		return { verdict: verdict('private-key', 'pass', 'privateKey.ok', { bits, format }), key };
	} catch (error) {
		return {
			verdict: verdict('private-key', 'fail', 'privateKey.unreadable', { reason: error instanceof Error ? error.message : String(error) }),
		};
	}
}

function spkiBase64(key: KeyObject): string {
	return readPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

function checkPublicKey(text: string, derived: string | undefined): Verdict {
	let given: string;
	try {
		given = spkiBase64(readPublicKey(text.trim()));
	} catch (error) {
		return verdict('public-key', 'fail', 'publicKey.unreadable', { reason: error instanceof Error ? error.message : String(error) });
	}
	if (derived === undefined) return verdict('public-key', 'skip', 'publicKey.noPrivateKey');
	return given === derived ? verdict('public-key', 'pass', 'publicKey.match') : verdict('public-key', 'fail', 'publicKey.mismatch');
}

/** The appkey's shape, never its value: set, not blank, no stray whitespace or quotes from a copy-paste. */
function checkAppKey(name: string, value: string | undefined): Verdict {
	if (value === undefined) return verdict('app-key', 'fail', 'appKey.unset', { name });
	if (value.trim() === '') return verdict('app-key', 'fail', 'appKey.empty', { name });
	if (value !== value.trim()) return verdict('app-key', 'fail', 'appKey.whitespace', { name });
	if (/^["'].*["']$/.test(value)) return verdict('app-key', 'fail', 'appKey.quoted', { name });
	if (/\s/.test(value)) return verdict('app-key', 'fail', 'appKey.innerWhitespace', { name });
	return verdict('app-key', 'pass', 'appKey.ok', { name, length: value.length });
}

/** A token of the platform's shape that it never issued: the answer then says how far the call got. */
function fakeToken(): string {
	return `H5HTTPS${randomBytes(16).toString('hex').toUpperCase()}`;
}

type Contact = { kind: 'answer'; result: ValidateResult; sentAt: number; receivedAt: number } | { kind: 'failure'; verdict: Verdict };

async function contact(input: DoctorInput, key: KeyObject, algorithm: SignatureAlgorithm, url: URL): Promise<Contact> {
	const body = await buildValidateRequest({ appId: input.appId, token: fakeToken(), sign: (content) => signRsa(content, key, algorithm) });
	const sentAt = input.now();
	// The server kit's own transport: what doctor sees is what the backend will see. Its idle
	// sockets do not keep the process alive, so the command still exits as soon as it is done.
	const deadline = AbortSignal.timeout(input.timeoutMs);
	let answer: Awaited<ReturnType<typeof postJsonOverPool>>;
	try {
		answer = await postJsonOverPool(url.href, JSON.stringify(body), deadline);
	} catch (error) {
		if (error instanceof UnreadableAnswerError)
			return { kind: 'failure', verdict: verdict('platform', 'fail', 'net.garbled', { status: error.status }) };
		return {
			kind: 'failure',
			verdict: transportVerdict(
				deadline.aborted ? Object.assign(new Error(`No answer within ${input.timeoutMs} ms.`), { code: 'DOCTOR_TIMEOUT' }) : error,
				url,
				input.timeoutMs,
			),
		};
	}
	const receivedAt = input.now();
	if (answer.status < 200 || answer.status > 299)
		return { kind: 'failure', verdict: verdict('platform', 'fail', 'net.http', { status: answer.status }) };
	try {
		return { kind: 'answer', result: parseValidateResponse(answer.text), sentAt, receivedAt };
	} catch {
		return { kind: 'failure', verdict: verdict('platform', 'fail', 'net.garbled', { status: answer.status }) };
	}
}

/** What an answer to the fake token says about the configuration. */
function answerVerdict(result: ValidateResult, algorithm: SignatureAlgorithm): Verdict {
	const params = { code: result.resultCode, desc: result.resultDesc, algorithm };
	const finding = resultCodeEntry('imeiTokenValidate', result.resultCode)?.doctor;
	if (finding) return verdict('platform', finding === 'accepted' ? 'pass' : 'fail', `platform.${finding}`, params);
	return verdict('platform', 'fail', result.known ? 'platform.other' : 'platform.unknown', params);
}

function clockVerdict(result: ValidateResult, sentAt: number, receivedAt: number): Verdict {
	const stamp = result.header.timestamp;
	if (stamp === undefined) return verdict('clock', 'skip', 'clock.noTimestamp');
	let platformTime: number;
	try {
		platformTime = parseTimestamp(stamp).getTime();
	} catch {
		return verdict('clock', 'skip', 'clock.noTimestamp');
	}
	// The platform stamped its answer somewhere between our send and our receipt: compare with the middle.
	const skewSeconds = Math.round((sentAt + (receivedAt - sentAt) / 2 - platformTime) / 1000);
	const params = { seconds: Math.abs(skewSeconds), max: MAX_CLOCK_SKEW_SECONDS };
	if (Math.abs(skewSeconds) <= MAX_CLOCK_SKEW_SECONDS) return verdict('clock', 'pass', 'clock.ok', params);
	return verdict('clock', 'fail', skewSeconds > 0 ? 'clock.ahead' : 'clock.behind', params);
}

/**
 * The doctor's checks: the offline ones (private key, public key, appkey), then one
 * imeiTokenValidate with a fake token (and, after 130018, one with the other algorithm) and the
 * clock against the answer's timestamp.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
	const verdicts: Verdict[] = [];
	const privateKey = checkPrivateKey(input.privateKeyText);
	verdicts.push(privateKey.verdict);
	const publicKey = privateKey.key ? spkiBase64(privateKey.key) : undefined;
	if (input.publicKeyText !== undefined) verdicts.push(checkPublicKey(input.publicKeyText, publicKey));
	if (input.appKey) verdicts.push(checkAppKey(input.appKey.name, input.appKey.value));
	// The appkey signs only getMobile, which the platform answers before anything reaches this backend: one call tells.
	verdicts.push(await checkGetMobile(input, verdicts.at(-1)?.check === 'app-key' && verdicts.at(-1)?.status === 'pass'));

	let url: URL | undefined;
	try {
		url = validateUrlFor(input.platformUrl);
	} catch {
		verdicts.push(verdict('platform', 'fail', 'platform.badUrl', { url: input.platformUrl }));
		url = undefined;
	}
	if (!privateKey.key) {
		if (url) verdicts.push(verdict('platform', 'skip', 'platform.noKey'));
	} else if (url) {
		const first = await contact(input, privateKey.key, input.algorithm, url);
		if (first.kind === 'failure') {
			verdicts.push(first.verdict);
		} else {
			let platform = answerVerdict(first.result, input.algorithm);
			if (resultCodeEntry('imeiTokenValidate', first.result.resultCode)?.doctor === 'sign') {
				// The other digest tells a wrong algorithm apart from a wrong key, at the cost of one more call.
				const other = OTHER_ALGORITHM[input.algorithm];
				const second = await contact(input, privateKey.key, other, url);
				if (second.kind === 'answer' && second.result.resultCode !== first.result.resultCode) {
					platform = verdict('platform', 'fail', 'platform.otherAlgorithm', {
						algorithm: input.algorithm,
						other,
						code: second.result.resultCode,
					});
				}
			}
			verdicts.push(platform);
			verdicts.push(clockVerdict(first.result, first.sentAt, first.receivedAt));
		}
	}
	return { verdicts, publicKey, ok: verdicts.every((v) => v.status !== 'fail') };
}
