import {
	classifyResultCode,
	GET_MOBILE_FAILURES,
	type Carrier,
	type GetMobileFailure,
	type ReportRequestJson,
	type ResultCategory,
} from '../../protocol/index.js';

/** One getMobile call's outcome as a page reported it (`POST {basePath}/report`), read against the result-code catalogue. */
export interface ReportedGetMobile {
	/** getMobile's resultCode, or what the browser met when none came back (`network`, `timeout`, `http-error`, `invalid-response`). */
	code: string;
	/** The code's category in the catalogue (`platform-error` for a code in no table), or the browser's failure itself. */
	category: ResultCategory | GetMobileFailure;
	/** Whether the code is in the catalogue (always true for the browser's own failures). */
	known: boolean;
	/** The connection's carrier as getMobile named it, when it did. */
	carrier?: Carrier;
	/** getMobile's round trip as the browser measured it. */
	durationMs: number;
	/**
	 * A failure's code was logged as a warning within the last minute: this event is `info`, so the
	 * default logger prints at most one line per code per minute. The first line after the quiet
	 * minute counts the repeats in `repeats`.
	 */
	quiet?: true;
	/** How many reports of this code went quiet since the last warning for it. */
	repeats?: number;
}

/** A page's report read against the result-code catalogue: the code's category, and whether anyone has documented it. */
export function readReportedGetMobile(report: ReportRequestJson): ReportedGetMobile {
	const failure = GET_MOBILE_FAILURES.find((code) => code === report.code);
	const { category, known } = failure ? { category: failure, known: true } : classifyResultCode('getMobile', report.code);
	return { code: report.code, category, known, ...(report.carrier ? { carrier: report.carrier } : {}), durationMs: report.durationMs };
}
