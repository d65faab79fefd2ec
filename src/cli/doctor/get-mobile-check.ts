/**
 * doctor's appkey check: one getMobile signed with the appkey, sent from this server. The answer
 * is read against the result-code catalogue (no code is named here): a sign refusal names the
 * appkey; a gateway answer means the platform did not refuse the signature before its gateway
 * check, which is as far as a call from a server (never on China Mobile cellular data) gets.
 */
import { parseGetMobileResponse, resultCodeEntry, resultFix, signGetMobileRequest, type GetMobileResult } from '../../protocol/index.js';
import { postJsonOverPool, UnreadableAnswerError } from '../../server/platform/platform-transport.js';
import { transportVerdict, verdict, type Verdict } from './verdict.js';

/** What the check needs of doctor's input. */
export interface GetMobileCheckInput {
	readonly appId: string;
	/** With `--app-key-env`: the variable's name and value. */
	readonly appKey?: { name: string; value: string | undefined };
	readonly getMobileUrl: string;
	readonly timeoutMs: number;
}

function answerVerdict(result: GetMobileResult, name: string): Verdict {
	const params = { code: result.resultCode, desc: result.resultDesc, name };
	const fix = resultFix('getMobile', result.resultCode)?.en;
	if (result.category === 'ok') return verdict('get-mobile', 'pass', 'getMobile.ok', params);
	// The catalogue's rows for a wrong appKey (130018, 103101 at getMobile) say so in their doctor finding.
	if (resultCodeEntry('getMobile', result.resultCode)?.doctor === 'appKey' && fix)
		return verdict('get-mobile', 'fail', 'getMobile.appKey', { ...params, fix });
	if (result.category === 'app-config' && fix) return verdict('get-mobile', 'fail', 'getMobile.appConfig', { ...params, fix });
	if (result.category === 'not-cellular') return verdict('get-mobile', 'skip', 'getMobile.gateway', params);
	if (result.category === 'bad-request') return verdict('get-mobile', 'fail', 'getMobile.other', params);
	return verdict('get-mobile', 'skip', result.known ? 'getMobile.undecided' : 'platform.unknown', params);
}

/** The getMobile check; `appKeyUsable` says whether the appkey's own check passed. */
export async function checkGetMobile(input: GetMobileCheckInput, appKeyUsable: boolean): Promise<Verdict> {
	if (!input.appKey) return verdict('get-mobile', 'skip', 'getMobile.noAppKeyEnv');
	const { name, value } = input.appKey;
	if (!appKeyUsable || value === undefined) return verdict('get-mobile', 'skip', 'getMobile.appKeyUnusable', { name });
	let url: URL;
	try {
		url = new URL(input.getMobileUrl);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(url.protocol);
	} catch {
		return verdict('get-mobile', 'fail', 'getMobile.badUrl', { url: input.getMobileUrl });
	}
	let signed: ReturnType<typeof signGetMobileRequest>;
	try {
		signed = signGetMobileRequest({ appId: input.appId, appKey: value });
	} catch (error) {
		return verdict('get-mobile', 'fail', 'net.other', { code: 'sign', reason: error instanceof Error ? error.message : String(error) });
	}
	const deadline = AbortSignal.timeout(input.timeoutMs);
	let answer: Awaited<ReturnType<typeof postJsonOverPool>>;
	try {
		answer = await postJsonOverPool(url.href, JSON.stringify(signed), deadline);
	} catch (error) {
		if (error instanceof UnreadableAnswerError) return verdict('get-mobile', 'fail', 'net.garbled', { status: error.status });
		return transportVerdict(
			deadline.aborted ? Object.assign(new Error(`No answer within ${input.timeoutMs} ms.`), { code: 'DOCTOR_TIMEOUT' }) : error,
			url,
			input.timeoutMs,
			'get-mobile',
		);
	}
	if (answer.status < 200 || answer.status > 299) return verdict('get-mobile', 'fail', 'net.http', { status: answer.status });
	try {
		return answerVerdict(parseGetMobileResponse(answer.text), name);
	} catch {
		return verdict('get-mobile', 'fail', 'net.garbled', { status: answer.status });
	}
}
