import { html, type TemplateResult } from 'lit';

/**
 * The agreement row of `<cmcc-uaid consent>`: a native checkbox (keyboard, screen readers and
 * forced colours for free) labelled by the page's `consent` slot, its text and policy link. A tap
 * on the link follows it and leaves the box as it was: a label does not toggle for a link inside it.
 */
export function consentTemplate(label: string, checked: boolean | undefined, onChange: (event: Event) => void): TemplateResult {
	return html`<label part="consent"
		><input type="checkbox" .checked=${checked} @change=${onChange} /><slot name="consent">${label}</slot></label
	>`;
}
