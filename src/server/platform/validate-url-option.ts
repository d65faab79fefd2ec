import { resolveValidateUrl, VALIDATE_URL } from '../../protocol/index.js';
import { invalidOption } from '../errors/index.js';

/**
 * The imeiTokenValidate URL: a bare origin is taken as the platform's base and gets the guide's
 * path, as doctor's `--platform-url` does (`resolveValidateUrl`).
 * @throws {UaidServerError} `invalid-option` for anything but an absolute http(s) URL.
 */
export function readValidateUrl(value: string | undefined): string {
	if (value === undefined) return VALIDATE_URL;
	try {
		return resolveValidateUrl(value);
	} catch (cause) {
		throw invalidOption(
			'validateUrl',
			`must be an absolute http(s) URL (the full imeiTokenValidate URL, or the platform's origin), got ` +
				`${JSON.stringify(String(value).slice(0, 200))}.`,
			cause,
		);
	}
}
