/**
 * What counts as a validate success (issue 30): the string 000000 with a UAID of the documented
 * form, nothing else; and the platform's code and text are cut to a bounded length wherever the
 * kit carries them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UaidLogEvent } from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { postJson, signAndGetToken, startFakePlatform, startKit, startTestSimulator } from './support.js';

let simulator: RunningSimulator;
beforeAll(async () => {
	simulator = await startTestSimulator();
});
afterAll(async () => {
	await simulator?.close();
});

const UAID = 'a'.repeat(64);

/** A validate whose platform answers `body` (the `{header, body}` envelope), with the hook recording what it was handed. */
async function validateAgainst(
	body: Record<string, unknown>,
): Promise<{ status: number; json: any; text: string; hooked: string[]; logs: UaidLogEvent[] }> {
	const platform = await startFakePlatform(() => ({
		status: 200,
		body: JSON.stringify({ header: { msgId: 'x', timestamp: '20260101000000000' }, body }),
	}));
	const hooked: string[] = [];
	const kit = await startKit({
		validateUrl: `${platform.url}/NumberAbility/h5/imeiTokenValidate.htm`,
		retries: 0,
		onUaid: ({ uaid }) => void hooked.push(uaid),
	});
	try {
		const { signed, token } = await signAndGetToken(kit.url, simulator);
		const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		return { ...answer, hooked, logs: kit.logs };
	} finally {
		await kit.close();
		await platform.close();
	}
}

describe('a validate succeeds on 000000 only', () => {
	it.each([
		["getMobile's 103000", { resultCode: '103000', UAID }],
		['the number 0', { resultCode: 0, UAID }],
		['the string 0', { resultCode: '0', UAID }],
	])('%s with a UAID is a platform error; the UAID reaches neither page nor hook', async (_name, body) => {
		const answer = await validateAgainst(body);
		expect(answer.status).toBe(502);
		expect(answer.json.error.code).toBe('platform-error');
		expect(answer.hooked).toEqual([]);
		expect(answer.text).not.toContain(UAID);
	});

	it.each([
		['too short', 'a'.repeat(63)],
		['too long', 'a'.repeat(65)],
		['not hex', 'g'.repeat(64)],
		['with markup', `<img src=x onerror=alert(1)>${'a'.repeat(36)}`],
	])('000000 with a UAID %s is a platform error, never handed on', async (_name, uaid) => {
		const answer = await validateAgainst({ resultCode: '000000', UAID: uaid });
		expect(answer.status).toBe(502);
		expect(answer.json.error.code).toBe('platform-error');
		expect(answer.hooked).toEqual([]);
		expect(answer.text).not.toContain(uaid);
	});

	it('000000 with 64 hex of either case succeeds', async () => {
		const upper = 'ABCDEF0123456789'.repeat(4);
		const answer = await validateAgainst({ resultCode: '000000', UAID: upper });
		expect(answer.status).toBe(200);
		expect(answer.hooked).toEqual([upper]);
	});
});

describe("the platform's code and text are bounded", () => {
	it('a 10,000-character resultCode and resultDesc reach the browser, the log and the span cut to 256', async () => {
		const answer = await validateAgainst({ resultCode: '9'.repeat(10_000), resultDesc: '长'.repeat(10_000) });
		expect(answer.status).toBe(502);
		expect(answer.json.error.platformCode.length).toBeLessThanOrEqual(256);
		expect(answer.json.error.message.length).toBeLessThan(1000);
		for (const event of answer.logs) {
			expect((event.platformCode ?? '').length, event.stage).toBeLessThanOrEqual(256);
			expect(event.message.length, event.stage).toBeLessThan(2000);
		}
	});
});
