/**
 * One rule for where imeiTokenValidate is called, at the kit's start-up and in doctor's
 * `--platform-url`: a URL with a path is taken as it is, a bare origin is the platform's base and
 * gets the guide's path, anything else is refused naming the value.
 */
import { describe, expect, it } from 'vitest';
import { validateUrlFor } from '../../src/cli/doctor/checks.js';
import { resolveValidateUrl, VALIDATE_PATH, VALIDATE_URL } from '../../src/protocol/index.js';
import { createUaidHandler } from '../../src/server/index.js';
import { APP_ID, APP_KEY, KEYS, postJson, signAndGetToken, startKit, useKitAndSimulator } from './support.js';

describe('validateUrl as a bare origin', () => {
	const env = useKitAndSimulator();

	for (const form of ['origin', 'origin with a slash'] as const) {
		it(`is the platform's base (${form}): the kit calls the guide's path and validates`, async () => {
			const base = form === 'origin' ? env.simulator.url : `${env.simulator.url}/`;
			const kit = await startKit({ validateUrl: base });
			try {
				const { signed, token } = await signAndGetToken(kit.url, env.simulator);
				const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
				expect(answer.status).toBe(200);
				expect(
					env.simulator
						.log()
						.filter((entry) => entry.endpoint === 'imeiTokenValidate')
						.at(-1),
				).toMatchObject({ resultCode: '000000' });
			} finally {
				await kit.close();
			}
		});
	}

	it('is what doctor --platform-url calls too: one function decides both', () => {
		for (const value of [
			env.simulator.url,
			`${env.simulator.url}/`,
			`${env.simulator.url}${VALIDATE_PATH}`,
			`${env.simulator.url}/proxy/validate?x=1`,
			'https://www.cmpassport.com',
		]) {
			expect(validateUrlFor(value).href).toBe(resolveValidateUrl(value));
		}
		expect(resolveValidateUrl('https://www.cmpassport.com')).toBe(VALIDATE_URL);
		expect(resolveValidateUrl(`${env.simulator.url}/proxy/validate?x=1`)).toBe(`${env.simulator.url}/proxy/validate?x=1`);
	});
});

describe('validateUrl that cannot work', () => {
	it('fails at start-up as invalid-option, naming the option and the value', () => {
		for (const validateUrl of ['not a url', '/NumberAbility/h5/imeiTokenValidate.htm', 'ftp://www.cmpassport.com/x', '']) {
			let thrown: unknown;
			try {
				createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, validateUrl });
			} catch (error) {
				thrown = error;
			}
			expect(thrown, validateUrl).toMatchObject({ code: 'invalid-option' });
			expect((thrown as Error).message).toMatch(/^validateUrl: must be an absolute http\(s\) URL/);
			expect((thrown as Error).message).toContain(`got ${JSON.stringify(validateUrl)}`);
		}
	});
});
