/**
 * Compile-time tests (checked by `npm run typecheck`, never run): what an integrator's editor says
 * about <cmcc-uaid> in plain TypeScript. Each @ts-expect-error must stay an error, or tsc fails.
 */
import { expectTypeOf } from 'vitest';
import type { CmccUaidElement } from '../../src/element/cmcc-uaid-element.js';
import type { UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent } from '../../src/element/events.js';
import '../../src/element/cmcc-uaid-define.js';
import type { UaidClientErrorCode } from '../../src/client/index.js';

declare const element: CmccUaidElement;

// The tag maps to the class.
expectTypeOf(document.createElement('cmcc-uaid')).toEqualTypeOf<CmccUaidElement>();
expectTypeOf(document.querySelector('cmcc-uaid')).toEqualTypeOf<CmccUaidElement | null>();

// Every event is typed by name, on the element and on any ancestor.
element.addEventListener('uaid-success', (event) => {
	expectTypeOf(event).toEqualTypeOf<UaidSuccessEvent>();
	expectTypeOf(event.detail.uaid).toEqualTypeOf<string | undefined>();
	expectTypeOf(event.detail.traceId).toEqualTypeOf<string>();
	expectTypeOf(event.detail.data).toEqualTypeOf<Record<string, unknown>>();
});
document.addEventListener('uaid-error', (event) => {
	expectTypeOf(event).toEqualTypeOf<UaidErrorEvent>();
	expectTypeOf(event.detail.code).toEqualTypeOf<UaidClientErrorCode>();
	expectTypeOf(event.detail.retryable).toEqualTypeOf<boolean>();
	expectTypeOf(event.detail.platformCode).toEqualTypeOf<string | undefined>();
});
window.addEventListener('uaid-token', (event) => expectTypeOf(event).toEqualTypeOf<UaidTokenEvent>());
element.addEventListener('uaid-progress', (event) => expectTypeOf(event).toEqualTypeOf<UaidProgressEvent>());
element.onclick = null;

element.addEventListener('uaid-success', (event) => {
	// @ts-expect-error the success detail has no error code
	void event.detail.code;
});

// Properties keep their types.
element.timeout = 5000;
// @ts-expect-error timeout is a number of milliseconds
element.timeout = '5000';
element.prefetch = 'intent';
// @ts-expect-error prefetch is 'connect' | 'intent' | 'none'
element.prefetch = 'always';
element.auto = true;
// @ts-expect-error the event detail is read-only
element.addEventListener('uaid-success', (event) => (event.detail.uaid = 'x'));

expectTypeOf(element.start).returns.resolves.toEqualTypeOf<
	{ uaid?: string; traceId: string; data: Record<string, unknown> } | { token: string; traceId: string }
>();
