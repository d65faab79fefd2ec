import { html, nothing, type TemplateResult } from 'lit';
import type { UaidClientError } from '../client/errors.js';
import { failureSentence, offersRetry, situationOf, type UaidStrings } from './strings.js';
import type { CmccUaidState } from './uaid-run-controller.js';

/** What the template shows: the element's state and the handler of its one action. */
export interface CmccUaidView {
	/** The words of the element's language. */
	strings: UaidStrings;
	status: CmccUaidState;
	/** The failure shown, in the `error` state. */
	failure: UaidClientError | undefined;
	/** Whether the button starts a run (idle, or after an error). */
	ready: boolean;
	/** With `debug`, the developer's text of the failure: its message and the fix hint the console gives. */
	debugMessage: string | undefined;
	/** Whether the button is hidden (`hide-unavailable` and another carrier). */
	hidden: boolean;
	/** Whether the `fallback` slot is shown. */
	fallback: boolean;
	/** Whether the default slot holds only whitespace (markup on its own lines): the default label shows. */
	blankLabel?: boolean | undefined;
	/** Whether a state has changed since connection: from then on the longest sentence and the fallback keep their room. */
	engaged?: boolean | undefined;
	onClick: () => void;
	/** With `consent`: the agreement row, above the button. */
	consent?: TemplateResult | undefined;
	/** The status line's sentence when nothing else is said (why the tap did nothing). */
	notice?: string | undefined;
	onLabelChange: (event: Event) => void;
}

/**
 * The element's shadow DOM for each state: the button (busy, it keeps its size; after success,
 * it shows the outcome), or after an error the retry button in its place where a retry can help
 * (else the button's room, empty); below, the status line, then the integrator's fallback where
 * UAID cannot work. Once engaged, the status line is as tall as its longest sentence and the
 * fallback keeps its room while hidden, so nothing below the element moves.
 */
export function cmccUaidTemplate({
	strings,
	status,
	failure,
	ready,
	debugMessage,
	hidden,
	fallback,
	blankLabel,
	engaged,
	onClick,
	onLabelChange,
	consent,
	notice,
}: CmccUaidView): TemplateResult {
	const busy = status === 'busy';
	const outcome = status === 'success' ? strings.success : status === 'token' ? strings.tokenReceived : '';
	const situation = failure && situationOf(failure.code, failure.stage);
	const statusText = busy ? strings.busy : outcome || (failure ? failureSentence(strings, failure) : notice);
	const retry = situation && offersRetry(failure!, situation);
	return html`
		<div part="base">
			${consent}
			${
				retry
					? html`<button part="retry-button" type="button" @click=${onClick}>${strings.retry}</button>`
					: html`
						<button part="button" type="button" class=${failure ? 'room' : ''} ?hidden=${hidden} data-state=${status}
							aria-disabled=${!ready} aria-busy=${busy} @click=${onClick}>
							${busy ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
							<span part="label">${
								outcome
									? html`<span aria-hidden="true">✓</span> ${outcome}`
									: html`<slot @slotchange=${onLabelChange}>${strings.button}</slot>${blankLabel ? strings.button : nothing}`
							}</span>
						</button>
					`
			}
			<div class="status">
				<p part="status" role="status" aria-live="polite" data-state=${status}>
					${statusText}
					${
						debugMessage
							? html`<span part="error-detail">${failure!.platformCode ? `${failure!.platformCode} ` : ''}${debugMessage}</span>`
							: nothing
					}
				</p>
				${engaged ? Object.values(strings).map((sentence) => html`<span class="room" aria-hidden="true">${sentence}</span>`) : nothing}
			</div>
			${fallback || engaged ? html`<slot name="fallback" part="fallback" class=${fallback ? '' : 'room'}></slot>` : nothing}
		</div>
	`;
}
