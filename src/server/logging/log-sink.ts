/**
 * The `logger` option as one function the kit calls with each event's fields: the console by
 * default (warnings and errors, one line each), the integrator's function, a level logger such as
 * pino, or nothing (`false`). Whatever the logger throws stays here.
 */
import { invalidOption } from '../errors/index.js';
import type { UaidHandlerOptions, UaidLevelLogger, UaidLogEvent, UaidLogFields } from '../core/options.js';
import { logLevel, logLine, platformAddress } from './log-line.js';

/** Takes an event's fields; the sink adds the level and the message. */
export type LogSink = (fields: UaidLogFields) => void;

const LEVELS = ['info', 'warn', 'error'] as const;

const isLevelLogger = (value: object): value is UaidLevelLogger =>
	LEVELS.every((level) => typeof (value as Record<string, unknown>)[level] === 'function');

/**
 * The sink for a `logger` option, or undefined for `false`. `platformUrl` is where the kit calls
 * imeiTokenValidate: the lines that need the platform's host name it.
 * @throws {UaidServerError} `invalid-option` for a value that is none of those.
 */
export function createLogSink(logger: UaidHandlerOptions['logger'], platformUrl: string): LogSink | undefined {
	if (logger === false) return undefined;
	if (logger !== undefined && typeof logger !== 'function' && (typeof logger !== 'object' || logger === null || !isLevelLogger(logger))) {
		throw invalidOption('logger', 'must be a function, a logger with info, warn and error methods (such as pino()), or false.');
	}
	const platform = platformAddress(platformUrl);
	let deliver: (fields: UaidLogFields, level: UaidLogEvent['level'], message: string) => void;
	if (logger === undefined) {
		deliver = (_fields, level, message) => {
			if (level === 'error') console.error(`cmcc-uaid: ${message}`);
			else console.warn(`cmcc-uaid: ${message}`);
		};
	} else if (typeof logger === 'function') {
		deliver = (fields, level, message) => logger({ ...fields, level, message });
	} else {
		// pino writes its own `level` and `msg`: the fields go without ours, the message as its message.
		deliver = (fields, level, message) => logger[level](fields, message);
	}
	return (fields) => {
		const level = logLevel(fields);
		// The default logger prints warnings and errors only: a success costs no line and no formatting.
		if (logger === undefined && level === 'info') return;
		try {
			deliver(fields, level, logLine(fields, platform));
		} catch (error) {
			// A failing logger must never turn an answer into an error; it is told once per failure, on the console.
			console.error('cmcc-uaid: the logger option threw; the answer is unaffected.', error);
		}
	};
}
