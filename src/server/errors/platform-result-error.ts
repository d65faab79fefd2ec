import type { ResultCategory } from '../../protocol/index.js';
import { isUaidErrorNamed } from '../../protocol/errors.js';
import { UaidServerError } from './uaid-server-error.js';

/** The platform answered imeiTokenValidate with a result code other than success; `code` is its catalogue category. */
export class PlatformResultError extends UaidServerError {
	override name = 'PlatformResultError' as const;
	declare readonly platformCode: string;
	declare readonly resultDesc: string;
	readonly category: Exclude<ResultCategory, 'ok'>;

	constructor(category: Exclude<ResultCategory, 'ok'>, platformCode: string, resultDesc: string, retryable: boolean, message?: string) {
		super(category, message ?? `The platform answered ${platformCode}${resultDesc ? ` (${resultDesc})` : ''}.`, {
			platformCode,
			resultDesc,
			retryable,
		});
		this.category = category;
	}
}

export function isPlatformResultError(error: unknown): error is PlatformResultError {
	return isUaidErrorNamed<PlatformResultError>(error, 'PlatformResultError');
}
