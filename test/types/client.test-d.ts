/**
 * Compile-time tests (checked by `npm run typecheck`, never run): what `start()` resolves with, as
 * the options passed to createUaidClient say (issue 25). Each @ts-expect-error must stay an error.
 */
import { expectTypeOf } from 'vitest';
import { createUaidClient, type UaidSuccess, type UaidToken } from '../../src/client/index.js';

// The README's use: a validate URL (or none, the default) resolves the backend's answer.
const client = createUaidClient({ signUrl: '/uaid/sign', validateUrl: '/uaid/validate' });
expectTypeOf(client.start()).resolves.toEqualTypeOf<UaidSuccess>();
export async function signIn(): Promise<string | undefined> {
	const { uaid, data } = await client.start();
	expectTypeOf(data).toEqualTypeOf<Record<string, unknown>>();
	return uaid;
}
expectTypeOf(createUaidClient().start()).resolves.toEqualTypeOf<UaidSuccess>();
expectTypeOf(createUaidClient({ signUrl: '/api/sign' }).start()).resolves.toEqualTypeOf<UaidSuccess>();

// validateUrl '' stops after getMobile: the token.
const tokenOnly = createUaidClient({ validateUrl: '' });
expectTypeOf(tokenOnly.start()).resolves.toEqualTypeOf<UaidToken>();
export async function tokenOf(): Promise<string> {
	const { token } = await tokenOnly.start();
	// @ts-expect-error a token-only run has no UAID
	void (await tokenOnly.start()).uaid;
	return token;
}

// A URL only known at run time may be either: the caller narrows.
declare const validateUrl: string;
const either = createUaidClient({ validateUrl });
expectTypeOf(either.start()).resolves.toEqualTypeOf<UaidSuccess | UaidToken>();
export async function narrowed(): Promise<string> {
	const result = await either.start();
	// @ts-expect-error the union has no uaid until narrowed
	void result.uaid;
	return 'token' in result ? result.token : result.traceId;
}
