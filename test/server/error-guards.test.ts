/**
 * The guards recognise an error by its class's name, so an error thrown by a second copy of the
 * package (two bundles, two versions side by side) is still ours, and none keeps a list of names:
 * a subclass is known by the base it derives from.
 */
import { describe, expect, it, vi } from 'vitest';
import { isUaidError } from '../../src/protocol/index.js';
import { isUaidServerError, RequestRejectedError, StoreError, UaidServerError } from '../../src/server/errors/index.js';
import { isSimulatorConfigError, SimulatorConfigError } from '../../src/simulator/errors.js';

// A second copy of the same modules, evaluated afresh: other classes, the same names.
vi.resetModules();
const copy = await import('../../src/server/errors/index.js');
const simulatorCopy = await import('../../src/simulator/errors.js');

describe('error guards', () => {
	it('loads a second copy whose classes are not the first copy’s', () => {
		expect(copy.RequestRejectedError).not.toBe(RequestRejectedError);
		expect(new copy.RequestRejectedError('not-found', 'x')).not.toBeInstanceOf(UaidServerError);
	});

	it('recognise the kit’s errors from another copy, the subclasses used inside included', () => {
		for (const error of [
			new copy.UaidServerError('internal-error', 'x'),
			new copy.RequestRejectedError('not-found', 'x'),
			new copy.StoreError('store-unavailable', 'x'),
		]) {
			expect(isUaidServerError(error), error.name).toBe(true);
			expect(isUaidError(error), error.name).toBe(true);
		}
	});

	it('recognise every part’s errors as UaidErrors, and tell the parts apart', () => {
		const simulator = new simulatorCopy.SimulatorConfigError('apps', 'must be a list.');
		expect(isUaidError(simulator)).toBe(true);
		expect(isSimulatorConfigError(simulator)).toBe(true);
		expect(isUaidServerError(simulator)).toBe(false);
		expect(isSimulatorConfigError(new StoreError('store-unavailable', 'x'))).toBe(false);
		expect(isSimulatorConfigError(new SimulatorConfigError('apps', 'x'))).toBe(true);
	});

	it('do not take a Node error with a string code, or an Error that only borrows a name, for ours', () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(isUaidError(reset)).toBe(false);
		expect(isUaidServerError(reset)).toBe(false);
		const named = Object.assign(new Error('x'), { name: 'StoreError', code: 'store-unavailable' });
		expect(isUaidServerError(named)).toBe(false);
	});
});
