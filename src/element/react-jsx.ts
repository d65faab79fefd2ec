/**
 * `cmcc-uaid/react`: `<cmcc-uaid>` in React 19 JSX, typed. Import it once for its types:
 *
 * @example import type {} from 'cmcc-uaid/react';
 *
 * React 19 sets a custom element's prop as a property when the element has one (else as an
 * attribute), and turns a function prop named `on<event-name>` into a listener for exactly that
 * event: `onuaid-success` listens for `uaid-success`. Attribute names are kebab-case so that
 * server rendering writes attributes the element reads.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CmccUaidElement, CmccUaidPrefetch } from './cmcc-uaid-element.js';
import type { UaidAvailabilityEvent, UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent } from './events.js';

/** The attributes of `<cmcc-uaid>` with their types (see custom-elements.json for each one's meaning). */
export interface CmccUaidAttributes {
	/** The integrator's sign endpoint. @default '/uaid/sign' */
	'sign-url'?: string;
	/** The integrator's validate endpoint; `""` stops after the token. @default '/uaid/validate' */
	'validate-url'?: string;
	/** The integrator's coverage endpoint; `""` turns the check off. @default sign-url's path ending `coverage` instead of `sign` */
	'coverage-url'?: string;
	/** Hide the button while the carrier is not China Mobile (`china-unicom`, `china-telecom`, `other`). @default false */
	'hide-unavailable'?: boolean;
	/** China Mobile's getMobile endpoint (the simulator's in tests). */
	'token-url'?: string;
	/** Start as soon as the element is connected. @default false */
	auto?: boolean;
	/** Milliseconds each request may take. @default 10000 */
	timeout?: number;
	/** When to fetch the signed request ahead. @default 'connect' */
	prefetch?: CmccUaidPrefetch;
	/** Do not stop early when the browser says it is on Wi-Fi. @default false */
	'skip-wifi-check'?: boolean;
	/**
	 * Credentials mode of the two backend requests; `include` for a backend on another origin whose session cookie must reach the
	 * page. @default 'same-origin'
	 */
	credentials?: RequestCredentials;
	/** Language of the default texts: `zh-CN` or `en`. @default 'zh-CN' */
	lang?: 'zh-CN' | 'en' | (string & {});
	/** Take the container's full width, as an H5 page's main button. @default false */
	block?: boolean;
	/** Show an error's platform code and developer text under the user's sentence. @default false */
	debug?: boolean;
	/** Ask for agreement first: a checkbox labelled by the `consent` slot; nothing is sent before it is ticked. @default false */
	consent?: boolean;
	/** The policy version the user agrees to, sent with sign and validate (with `consent`). @example '2026-05' */
	'consent-version'?: string;
}

/** React 19 props of `<cmcc-uaid>`: the attributes, the events as `onuaid-*`, and React's own (`ref`, `key`, `className`, …). */
export interface CmccUaidReactProps
	extends Omit<DetailedHTMLProps<HTMLAttributes<CmccUaidElement>, CmccUaidElement>, 'lang'>,
		CmccUaidAttributes {
	'onuaid-token'?: (event: UaidTokenEvent) => void;
	'onuaid-success'?: (event: UaidSuccessEvent) => void;
	'onuaid-error'?: (event: UaidErrorEvent) => void;
	'onuaid-progress'?: (event: UaidProgressEvent) => void;
	'onuaid-availability'?: (event: UaidAvailabilityEvent) => void;
}

declare module 'react' {
	namespace JSX {
		interface IntrinsicElements {
			'cmcc-uaid': CmccUaidReactProps;
		}
	}
}
