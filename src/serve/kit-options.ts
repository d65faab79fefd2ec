import type { UaidHandlerOptions } from '../server/core/options.js';
import { ip2regionCoverage } from '../server/coverage/ip2region-coverage.js';
import { isUaidServerError } from '../server/errors/index.js';
import { ServeConfigError } from './errors.js';
import { resolveSecret } from './secrets.js';
import type { ServeKitConfig } from './serve-config.js';

/** What the service itself gives the kit: the store, the logger and the session hook. */
type ServiceKitOptions = 'store' | 'logger' | 'onUaid';

/**
 * `createUaidHandler`'s options from the config's `kit`, the secrets read, and `exposeUaid: false`
 * so the page never sees the UAID; the service adds {@link ServiceKitOptions}.
 * @throws {ServeConfigError} `missing-secret`, `unreadable-file` (kit.appKey, kit.privateKey), `missing-dependency` (coverage: ip2region).
 */
export async function kitOptions(kit: ServeKitConfig, configDir: string): Promise<Omit<UaidHandlerOptions, ServiceKitOptions>> {
	const { appKey: appKeyRef, privateKey: privateKeyRef, coverage, ...plain } = kit;
	const appKey = await resolveSecret(appKeyRef, 'kit.appKey', configDir);
	const privateKey = await resolveSecret(privateKeyRef, 'kit.privateKey', configDir);
	const options: Omit<UaidHandlerOptions, ServiceKitOptions> = { ...plain, appKey, privateKey, exposeUaid: false };
	if (coverage === 'ip2region') {
		try {
			// Loads the package and its database now: a missing one stops the start, not a request.
			options.coverage = ip2regionCoverage();
		} catch (cause) {
			throw new ServeConfigError(
				'missing-dependency',
				`config kit.coverage "ip2region": ${cause instanceof Error ? cause.message : String(cause)}`,
				{ field: 'kit.coverage', cause },
			);
		}
	}
	return options;
}

/** An `invalid-option` of the kit as the config field it came from (`kit.privateKey`, `kit.rateLimit.limit`). */
export function asConfigError(error: unknown): unknown {
	if (!isUaidServerError(error) || error.code !== 'invalid-option') return error;
	const option = /^([\w.]+):/.exec(error.message)?.[1];
	const field = option ? `kit.${option}` : 'kit';
	return new ServeConfigError('invalid-config', `config ${field}${option ? error.message.slice(option.length) : `: ${error.message}`}`, {
		field,
		cause: error,
	});
}
