import { CARRIERS, type Carrier } from '../../protocol/index.js';
import { UNKNOWN_CLIENT_IP } from '../core/client-ip.js';

/** The `coverage` option: the carrier of a client IP, e.g. {@link ip2regionCoverage}'s. */
export type CoverageClassifier = (ip: string) => Carrier | Promise<Carrier>;

/** What one classification found; `failure` is what the classifier threw, or a TypeError for an answer that is not a {@link Carrier}. */
export interface CoverageLookup {
	readonly carrier: Carrier;
	readonly failure?: unknown;
}

const isCarrier = (value: unknown): value is Carrier => (CARRIERS as readonly unknown[]).includes(value);

/**
 * The carrier of `ip` by `classify`. It never fails: the answer only decides whether a page shows
 * its button or its fallback first, and a page that gets `unknown` keeps the button, so a broken
 * classifier must cost the user nothing. What went wrong is handed back for the log.
 */
export async function classifyClientIp(classify: CoverageClassifier | undefined, ip: string): Promise<CoverageLookup> {
	// No address, nothing to classify: every such request shares the answer.
	if (!classify || ip === UNKNOWN_CLIENT_IP) return { carrier: 'unknown' };
	try {
		// Typed as a Carrier, but a JavaScript caller or a cast can hand back anything.
		const carrier: unknown = await classify(ip);
		if (isCarrier(carrier)) return { carrier };
		return {
			carrier: 'unknown',
			failure: new TypeError(
				`The coverage classifier returned ` +
					`${typeof carrier === 'string' ? JSON.stringify(carrier.slice(0, 40)) : typeof carrier}, not ` +
					`one of ${CARRIERS.join(', ')}.`,
			),
		};
	} catch (failure) {
		return { carrier: 'unknown', failure };
	}
}
