import { UaidError } from '../protocol/errors.js';

/**
 * Why `cmcc-uaid serve` refused to start. Each is met before anything listens:
 * - `invalid-config`: the file is missing, not JSON, or breaks the schema (`field` names the place);
 * - `missing-secret`: a `{ "env": NAME }` secret whose variable is unset or empty (`envVar` names it);
 * - `unreadable-file`: a `{ "file": path }` secret or key that cannot be read or parsed;
 * - `missing-dependency`: an optional package the config asks for is not installed (ioredis, ip2region);
 * - `store-unavailable`: Redis did not answer at start.
 */
export type ServeErrorCode = 'invalid-config' | 'missing-secret' | 'unreadable-file' | 'missing-dependency' | 'store-unavailable';

export class ServeConfigError extends UaidError {
	override name = 'ServeConfigError' as const;
	declare readonly code: ServeErrorCode;
	/** The config field at fault, as a dotted path (`session.signingKey`), when there is one. */
	readonly field: string | undefined;
	/** The environment variable at fault, for `missing-secret`. */
	readonly envVar: string | undefined;

	constructor(code: ServeErrorCode, message: string, options: { field?: string; envVar?: string; cause?: unknown } = {}) {
		super(code, message, options.cause === undefined ? {} : { cause: options.cause });
		this.field = options.field;
		this.envVar = options.envVar;
	}
}

export const isServeConfigError = (value: unknown): value is ServeConfigError =>
	value instanceof Error && value.name === 'ServeConfigError';
