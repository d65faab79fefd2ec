/**
 * `cmcc-uaid/vue`: `<cmcc-uaid>` in Vue 3 templates, typed (Volar / vue-tsc). Import it once for its types:
 *
 * @example import type {} from 'cmcc-uaid/vue';
 *
 * Vue must be told the tag is a custom element (`compilerOptions.isCustomElement`, see the README);
 * `@uaid-success="…"` then listens for the DOM event, and the handler receives the event object.
 */
import type { DefineComponent } from 'vue';
import type { CmccUaidPrefetch } from './cmcc-uaid-element.js';
import type { UaidAvailabilityEvent, UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent } from './events.js';

/** Props of `<cmcc-uaid>` as Vue's template checker sees them (`sign-url` in a template is `signUrl` here). */
export interface CmccUaidVueProps {
	signUrl?: string;
	validateUrl?: string;
	/** `''` turns the coverage check off. @default sign-url's path ending `coverage` instead of `sign` */
	coverageUrl?: string;
	/** Hide the button while the carrier is not China Mobile (`china-unicom`, `china-telecom`, `other`). @default false */
	hideUnavailable?: boolean;
	tokenUrl?: string;
	auto?: boolean;
	timeout?: number;
	prefetch?: CmccUaidPrefetch;
	skipWifiCheck?: boolean;
	/** `include` for a backend on another origin whose session cookie must reach the page. @default 'same-origin' */
	credentials?: RequestCredentials;
	lang?: string;
	/** Take the container's full width, as an H5 page's main button. @default false */
	block?: boolean;
	/** Show an error's platform code and developer text under the user's sentence. @default false */
	debug?: boolean;
	/** Ask for agreement first: a checkbox labelled by the `consent` slot; nothing is sent before it is ticked. @default false */
	consent?: boolean;
	/** The policy version the user agrees to, sent with sign and validate (with `consent`). @example '2026-05' */
	consentVersion?: string;
	onUaidToken?: (event: UaidTokenEvent) => void;
	onUaidSuccess?: (event: UaidSuccessEvent) => void;
	onUaidError?: (event: UaidErrorEvent) => void;
	onUaidProgress?: (event: UaidProgressEvent) => void;
	onUaidAvailability?: (event: UaidAvailabilityEvent) => void;
}

declare module 'vue' {
	interface GlobalComponents {
		'cmcc-uaid': DefineComponent<CmccUaidVueProps>;
	}
}
