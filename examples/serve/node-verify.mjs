// How a Node backend reads the session `cmcc-uaid serve` sets: the cookie's JWT checked against the
// service's JWKS with jose (npm install jose). Use readSession() in your own server; run this file to
// check one cookie by hand:
//
//   node node-verify.mjs https://m.example.com/.well-known/jwks.json https://m.example.com/uaid shop-backend "uaid_session=eyJ…"
//
// prints {"uaid":"…","traceId":"…","carrier":…,"expiresAt":…} and exits 0, or says why not and exits 1.
import { pathToFileURL } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';

/** The value of one cookie in a `Cookie` request header, or undefined. */
export function cookieValue(cookieHeader, name) {
	for (const part of (cookieHeader ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return value.join('=');
	}
	return undefined;
}

/**
 * A reader of the session cookie. The key set is fetched once and again whenever a token names a
 * `kid` it does not hold (a rotation), so nothing needs restarting when the service's key changes.
 * Only ES256 is accepted: a token cannot choose a weaker algorithm (or `none`) for itself.
 */
export function createSessionReader({ jwksUrl, issuer, audience, cookieName = 'uaid_session', algorithms = ['ES256'] }) {
	const jwks = createRemoteJWKSet(new URL(jwksUrl));
	/** The session of a request's `Cookie` header; undefined without the cookie; throws when it does not verify or has expired. */
	return async function readSession(cookieHeader) {
		const jwt = cookieValue(cookieHeader, cookieName);
		if (!jwt) return undefined;
		const { payload } = await jwtVerify(jwt, jwks, { issuer, audience, algorithms });
		return {
			uaid: payload.sub,
			traceId: payload.jti,
			carrier: payload.carrier ?? null,
			consent: payload.consent ?? null,
			expiresAt: payload.exp,
		};
	};
}

// Express, for example:
//   const readSession = createSessionReader({ jwksUrl: 'http://127.0.0.1:8791/.well-known/jwks.json', issuer, audience });
//   app.use(async (req, res, next) => { try { req.uaidSession = await readSession(req.headers.cookie); } catch { req.uaidSession = undefined; } next(); });

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const [jwksUrl, issuer, audience, cookieHeader] = process.argv.slice(2);
	if (!cookieHeader) {
		process.stderr.write('usage: node node-verify.mjs JWKS_URL ISSUER AUDIENCE "COOKIE_HEADER"\n');
		process.exit(2);
	}
	try {
		const session = await createSessionReader({ jwksUrl, issuer, audience })(cookieHeader);
		if (!session) throw new Error('no uaid_session cookie');
		process.stdout.write(`${JSON.stringify(session)}\n`);
	} catch (error) {
		process.stderr.write(`not a valid session: ${error.message}\n`);
		process.exitCode = 1;
	}
}
