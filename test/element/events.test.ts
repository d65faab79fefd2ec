import { describe, expect, it } from 'vitest';
import { UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent } from '../../src/element/events.js';

describe('event classes', () => {
	it('each is an Event with its type, bubbling and composed, and a frozen copy of its detail', () => {
		const detail = { uaid: 'a'.repeat(64), traceId: 't', data: {} };
		const cases = [
			[new UaidSuccessEvent(detail), 'uaid-success', UaidSuccessEvent],
			[new UaidTokenEvent({ token: 'H5HTTPS', traceId: 't' }), 'uaid-token', UaidTokenEvent],
			[new UaidErrorEvent({ code: 'timeout', stage: 'token', message: 'm', retryable: true }), 'uaid-error', UaidErrorEvent],
			[new UaidProgressEvent({ stage: 'sign', phase: 'start', elapsed: 0, attempt: 0 }), 'uaid-progress', UaidProgressEvent],
		] as const;
		for (const [event, type, eventClass] of cases) {
			expect(event).toBeInstanceOf(Event);
			expect(event.type).toBe(type);
			expect(eventClass.type).toBe(type);
			expect(event.bubbles).toBe(true);
			expect(event.composed).toBe(true);
			expect(Object.isFrozen(event.detail)).toBe(true);
		}
		const success = new UaidSuccessEvent(detail);
		detail.uaid = 'changed';
		expect(success.detail.uaid).toBe('a'.repeat(64));
	});

	it('an error event carries platformCode only when there is one', () => {
		expect(
			new UaidErrorEvent({ code: 'not-cellular', stage: 'token', platformCode: '111002', message: '黑名单号码用户', retryable: false })
				.detail,
		).toEqual({
			code: 'not-cellular',
			stage: 'token',
			platformCode: '111002',
			message: '黑名单号码用户',
			retryable: false,
		});
		expect('platformCode' in new UaidErrorEvent({ code: 'network', stage: 'sign', message: 'm', retryable: true }).detail).toBe(false);
	});
});
