/**
 * getMobile outcomes as pages report them, counted in `uaid.getmobile.outcomes`. The browser calls
 * getMobile, so this counter is the backend's only view of it: a wave of 130018 (a wrong appKey)
 * or of other carriers shows here and nowhere else on the server.
 */
import type { ReportedGetMobile } from '../core/reported-get-mobile.js';
import { kitMeters, UAID_ATTRIBUTES } from './instruments.js';
import type { OtelApi } from './otel-api.js';

export function countGetMobileOutcome(api: OtelApi, outcome: ReportedGetMobile): void {
	// A code in no table counts under one name: the page chooses the code, and a metric must not grow a series per invented value.
	kitMeters(api)?.getMobileOutcomes.add(1, {
		[UAID_ATTRIBUTES.getMobileCode]: outcome.known ? outcome.code : 'uncatalogued',
		[UAID_ATTRIBUTES.category]: outcome.category,
		[UAID_ATTRIBUTES.carrier]: outcome.carrier ?? 'unknown',
	});
}
