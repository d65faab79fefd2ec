import { VALIDATE_PATH } from './fields.js';

/**
 * The imeiTokenValidate URL for what an integrator gives: a URL with a path as it is, a bare origin
 * (`https://www.cmpassport.com`, a simulator's `url`) with the guide's path added. One rule for
 * the server kit's `validateUrl` and doctor's `--platform-url`: posted as it is, a bare origin
 * reaches the host's root, which answers 404.
 *
 * @throws {TypeError} for a value that is not an absolute http: or https: URL.
 * @example resolveValidateUrl('http://127.0.0.1:4010') // 'http://127.0.0.1:4010/NumberAbility/h5/imeiTokenValidate.htm'
 */
export function resolveValidateUrl(value: string): string {
	const url = typeof value === 'string' ? URL.parse(value) : null;
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
		throw new TypeError(`${String(value).slice(0, 200)} is not an absolute http(s) URL.`);
	if (url.pathname === '/' || url.pathname === '') url.pathname = VALIDATE_PATH;
	return url.href;
}
