/**
 * The one table of the kit's error codes: HTTP status, whether starting again may help, what to
 * tell the user and what the integrator should fix. `docs/server.md` prints the same table; the
 * platform codes behind each category live in the protocol core's result-code catalogue.
 */
import { codeOf, codesOf, describeFixes, type BackendErrorCode } from '../../protocol/index.js';

export interface BackendErrorCodeInfo {
	readonly status: number;
	/** Default retryability; a platform answer carries its own from the catalogue. */
	readonly retryable: boolean;
	/** A sentence the page may show an end user. */
	readonly tellUser: string;
	/** What the integrator should check or fix. */
	readonly integratorFix: string;
}

const info = (status: number, retryable: boolean, tellUser: string, integratorFix: string): BackendErrorCodeInfo =>
	Object.freeze({ status, retryable, tellUser, integratorFix });

export const BACKEND_ERROR_TABLE: Readonly<Record<BackendErrorCode, BackendErrorCodeInfo>> = Object.freeze({
	'bad-request': info(
		400,
		false,
		'Something went wrong; please reload the page.',
		`The request body is not the documented JSON (or the platform reported ${codesOf('bad-request', 'getMobile').join('/')}): fix the ` +
			`client.`,
	),
	'payload-too-large': info(
		413,
		false,
		'Something went wrong; please reload the page.',
		'The body exceeds `maxBodyBytes`; the client is sending something other than the documented JSON.',
	),
	'method-not-allowed': info(
		405,
		false,
		'Something went wrong; please reload the page.',
		'Use POST (GET or POST on `{basePath}/coverage`; OPTIONS for CORS preflight).',
	),
	'not-found': info(
		404,
		false,
		'Something went wrong; please reload the page.',
		'The path is not `{basePath}/sign`, `{basePath}/validate`, `{basePath}/coverage` or `{basePath}/report`: check `basePath` on both sides.',
	),
	'origin-not-allowed': info(
		403,
		false,
		'This page cannot use the service.',
		"Add the page's origin (scheme://host[:port], no trailing slash) to `allowedOrigins`; a dev proxy that rewrites Host (Vite's " +
			"shorthand sets `changeOrigin`) needs the dev origin there or in `publicOrigin`. The 403's message names the origin it saw and the " +
			'own origin it compared with.',
	),
	'rate-limited': info(
		429,
		false,
		'Too many attempts; please try again in a minute.',
		`Our per-IP limit on sign, or the budgets of the same size coverage and reports have of their own (\`rateLimit\`), or the platform ` +
			`(${codesOf('rate-limited').join(', ')}) refused; raise the limit or check for abuse.`,
	),
	'unknown-trace': info(
		404,
		true,
		'The session expired; please try again.',
		"The traceId was not issued by this backend's sign for this page's origin (its MAC does not match: another appKey or `traceSecret`, " +
			'or validate sent from another origin than sign), or its lifetime (`traceTtlMs`) passed. Several instances need the same appKey or ' +
			'`traceSecret`.',
	),
	'replayed-trace': info(
		409,
		false,
		'This attempt was already used; please try again.',
		'Each traceId validates once; the client must sign again for every attempt.',
	),
	'token-expired': info(
		410,
		true,
		'The session expired; please try again.',
		`The token was used before or is older than five minutes (${codesOf('token-expired').join(', ')}): validate right after getMobile.`,
	),
	'not-cellular': info(
		403,
		false,
		'Please switch to China Mobile cellular data (turn off Wi-Fi) and try again.',
		`Nothing to fix: the user is on Wi-Fi, another carrier or a proxy, on an IoT SIM, the gateway found no number, or the number is ` +
			`blacklisted (${codesOf('not-cellular').join(', ')}; docs/element.md § Result codes).`,
	),
	'app-config': info(
		502,
		false,
		'The service is temporarily unavailable.',
		`imeiTokenValidate refused the app's configuration: ${describeFixes('imeiTokenValidate', 'en')}. (getMobile's refusals, such as ` +
			`${codeOf('getMobile', 'sign-invalid')} for a wrong appKey or appId, are answered to the browser; the client reports them to ` +
			`\`{basePath}/report\`, where the kit logs them.) \`npx cmcc-uaid doctor\` names the fault.`,
	),
	'platform-error': info(
		502,
		true,
		'The service is temporarily unavailable; please try again.',
		`The platform reported a fault (${codesOf('platform-error').join(', ')}), answered a code in no table (kept as \`platformCode\`, ` +
			`retried once, logged with \`unknownPlatformCode\`), or answered with something that is not its documented JSON.`,
	),
	'platform-unreachable': info(
		502,
		true,
		'The service is temporarily unavailable; please try again.',
		'The backend could not reach `validateUrl`: check DNS, egress and the URL.',
	),
	timeout: info(504, true, 'The service is slow right now; please try again.', 'The platform did not answer within `timeoutMs`.'),
	'validate-outcome-unknown': info(
		502,
		true,
		'Please try again.',
		`An earlier attempt's answer was lost in transit and the retry found the token already used ` +
			`(${codeOf('imeiTokenValidate', 'token-invalid')}): the platform may have validated it then. Start again with a new token.`,
	),
	'store-unavailable': info(
		503,
		true,
		'The service is temporarily unavailable; please try again.',
		'The replay/rate-limit store (e.g. Redis) failed: check its connection.',
	),
	'store-full': info(
		503,
		true,
		'The service is busy right now; please try again in a minute.',
		'A custom store refused to record a consumed traceId (it threw `UaidServerError` `store-full`); the built-in stores never do: the ' +
			'memory store forgets the earliest consumed traceId instead.',
	),
	'integrator-failed': info(
		500,
		false,
		'The service is temporarily unavailable.',
		'The UAID was obtained from the platform, but your `onUaid` hook threw, rejected or returned something other than `{ body?, headers? ' +
			'}` of JSON fields and string headers; the token is spent, so only a new run (new sign, new token) can succeed. The logger event ' +
			"(code `integrator-failed`) has the traceId and the hook's error in `detail`.",
	),
	'internal-error': info(
		500,
		true,
		'The service is temporarily unavailable; please try again.',
		'An unexpected failure inside the backend; the logger hook has the details.',
	),
});

/** The table as Markdown, for the docs. */
export function backendErrorTableMarkdown(): string {
	const lines = ['| code | HTTP | retryable | tell the user | integrator should fix |', '|---|---|---|---|---|'];
	for (const [code, row] of Object.entries(BACKEND_ERROR_TABLE)) {
		lines.push(`| \`${code}\` | ${row.status} | ${row.retryable ? 'yes' : 'no'} | ${row.tellUser} | ${row.integratorFix} |`);
	}
	return lines.join('\n');
}
