import { html, nothing, type TemplateResult } from 'lit';
import type { UaidClientError } from '../client/errors.js';
import { situationOf, stringsFor } from './strings.js';
import type { CmccUaidState } from './uaid-run-controller.js';

/** What the template shows: the element's state and the handler of its one action. */
export interface CmccUaidView {
	lang: string | undefined;
	status: CmccUaidState;
	/** The failure shown, in the `error` state. */
	failure: UaidClientError | undefined;
	/** Whether the button starts a run (idle, or after an error). */
	ready: boolean;
	debug: boolean;
	/** Whether the button is hidden (`hide-unavailable` and another carrier). */
	hidden: boolean;
	/** Whether the `fallback` slot is shown. */
	fallback: boolean;
	onClick: () => void;
}

/**
 * The element's shadow DOM for each state: the button (busy, it keeps its size; after success,
 * it shows the outcome), or after an error the retry button in its place; below, the status line,
 * then the integrator's fallback where UAID cannot work.
 */
export function cmccUaidTemplate({ lang, status, failure, ready, debug, hidden, fallback, onClick }: CmccUaidView): TemplateResult {
	const strings = stringsFor(lang);
	const busy = status === 'busy';
	const outcome = status === 'success' ? strings.success : status === 'token' ? strings.tokenReceived : '';
	const statusText = busy ? strings.busy : outcome || (failure ? strings[situationOf(failure.code, failure.stage)] : '');
	return html`
		<div part="base">
			${failure
				? html`<button part="retry-button" type="button" @click=${onClick}>${strings.retry}</button>`
				: html`
						<button part="button" type="button" ?hidden=${hidden} data-state=${status}
							aria-disabled=${String(!ready)} aria-busy=${String(busy)} @click=${onClick}>
							${busy ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
							<span part="label">${outcome ? html`<span aria-hidden="true">✓</span> ${outcome}` : html`<slot>${strings.button}</slot>`}</span>
						</button>
					`}
			<p part="status" role="status" aria-live="polite" data-state=${status}>
				${statusText}
				${failure && debug
					? html`<span part="error-detail">${failure.platformCode ? `${failure.platformCode} ` : ''}${failure.message}</span>`
					: nothing}
			</p>
			${fallback ? html`<slot name="fallback" part="fallback"></slot>` : nothing}
		</div>
	`;
}
