import type { UaidClientError } from '../client/errors.js';
import { classifyResultCode } from '../protocol/result-classes.js';
import type { UaidErrorDetail } from './events.js';

/** The element's endpoints, as the hints name them, and its attributes. */
interface Endpoints {
	signUrl: string;
	validateUrl: string;
	tokenUrl: string;
	timeout: number | undefined;
	getAttribute(name: 'timeout'): string | null;
}

/**
 * `uaid-error`'s detail, its message followed by what the developer should fix where the browser
 * can tell (docs/element.md § Error codes has the long explanations).
 */
export function errorDetail(error: UaidClientError, endpoints: Endpoints): UaidErrorDetail {
	const hint = developerHint(error, endpoints);
	return {
		code: error.code,
		stage: error.stage,
		...(error.platformCode !== undefined ? { platformCode: error.platformCode } : {}),
		carrier: error.carrier,
		message: hint ? `${error.message} — ${hint}` : error.message,
		retryable: error.retryable,
	};
}

function developerHint({ code, stage, platformCode }: UaidClientError, endpoints: Endpoints): string | undefined {
	// The client names its option (timeoutMs); the page's author wrote an attribute. It is the element's only option a client can refuse.
	if (code === 'invalid-option') return `timeout="${endpoints.getAttribute('timeout') ?? endpoints.timeout}" is no number of ms`;
	// The catalogue's hint for the code as the endpoint of this stage answered it (130018 needs a different fix at each).
	const row =
		platformCode === undefined ? undefined : classifyResultCode(stage === 'token' ? 'getMobile' : 'imeiTokenValidate', platformCode);
	if (row?.hint)
		return row.namesPage
			? `${row.hint}: this page sent Origin ${location.origin} and Referer ${sentReferer(endpoints.tokenUrl)}`
			: row.hint;
	const url =
		(code === 'network' || code === 'timeout') &&
		stage !== 'token' &&
		new URL(stage === 'sign' ? endpoints.signUrl : endpoints.validateUrl, location.href);
	if (!url) return undefined;
	// A browser cannot tell a CORS refusal from a dead network; only a cross-origin call can be the former.
	const cors = code === 'network' && url.origin !== location.origin;
	return `no answer from ${url.href}${cors ? `: if it is up, it may refuse CORS; add ${location.origin} to its allowedOrigins` : ''}`;
}

/**
 * The Referer this page's getMobile (a cross-origin fetch) carried: not `document.referrer`, but the
 * page's URL as its referrer policy cuts it. The policy is read from the last
 * `<meta name="referrer">`; a `Referrer-Policy` response header cannot be read by script, so without
 * the meta tag this assumes the default, `strict-origin-when-cross-origin`: the origin with a
 * trailing `/`, and none from an https page to an http URL.
 */
function sentReferer(tokenUrl: string): string {
	const policy =
		[...document.querySelectorAll<HTMLMetaElement>('meta[name=referrer]')].pop()?.content.trim().toLowerCase() ||
		'strict-origin-when-cross-origin';
	const downgrade = location.protocol === 'https:' && new URL(tokenUrl, location.href).protocol === 'http:';
	if (policy === 'no-referrer' || policy === 'same-origin' || (downgrade && /^(strict|no-referrer-when)/.test(policy))) return '(none)';
	return policy === 'unsafe-url' || policy === 'no-referrer-when-downgrade' ? location.href.split('#')[0]! : `${location.origin}/`;
}
