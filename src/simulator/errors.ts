import { UaidError, isUaidErrorNamed } from '../protocol/errors.js';

/**
 * A simulator setting that cannot be used: a bad config file, or bad input to the admin API
 * (`registerApp`, `setNetwork`, `setFaults`). `field` names the offending setting, such as
 * `apps[0].publicKey` or `getMobile.httpStatus`, so the message can be acted on.
 */
export class SimulatorConfigError extends UaidError {
	override name = 'SimulatorConfigError' as const;
	/** `invalid-option`, as every part of cmcc-uaid says of a setting that cannot work. */
	declare readonly code: 'invalid-option';
	/** Dotted path of the offending setting. */
	readonly field: string;

	constructor(field: string, message: string, options?: { cause?: unknown }) {
		super('invalid-option', `${field}: ${message}`, options);
		this.field = field;
	}
}

export function isSimulatorConfigError(error: unknown): error is SimulatorConfigError {
	return isUaidErrorNamed<SimulatorConfigError>(error, 'SimulatorConfigError');
}
