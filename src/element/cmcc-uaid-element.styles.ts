import { unsafeCSS } from 'lit';

/**
 * Constructable stylesheet (adoptedStyleSheets): works under a CSP without `unsafe-inline`.
 * `unsafeCSS` on one constant literal rather than the `css` tag: the same CSSResult, but the tag's
 * checks of interpolated values (nothing here is interpolated) stay out of the script-tag bundle,
 * 140 B gzip; tools/minify-literals.mjs minifies this literal as it does a `css` one.
 */
export const cmccUaidStyles = unsafeCSS(`
	:host {
		/* White on #0077bb is 4.8:1, AA for normal text. */
		--cmcc-uaid-color: #0077bb;
		--cmcc-uaid-color-contrast: #ffffff;
		--cmcc-uaid-success-color: #1a7f37;
		--cmcc-uaid-error-color: #c62828;
		--cmcc-uaid-radius: 0.5em;
		--cmcc-uaid-padding: 0.75em 1.5em;
		--cmcc-uaid-font-size: 1rem;
		--cmcc-uaid-spinner-size: 1em;
		--cmcc-uaid-focus-ring: 0 0 0 3px color-mix(in srgb, var(--cmcc-uaid-color) 40%, transparent);

		display: inline-block;
		/* Not the baseline: that is the last line's inside, which differs by state and would move the line. */
		vertical-align: top;
		font-size: var(--cmcc-uaid-font-size);
		line-height: 1.4;
	}

	/* The outcome colours are text on the page: lighter ones keep AA on a dark page. A page's own
	   --cmcc-uaid-* on the element still wins over both. */
	@media (prefers-color-scheme: dark) {
		:host {
			--cmcc-uaid-success-color: #3fb950;
			--cmcc-uaid-error-color: #ff7b72;
		}
	}

	:host([block]) {
		display: block;
	}

	:host([hidden]),
	[hidden] {
		display: none !important;
	}

	[part='base'] {
		display: flex;
		flex-direction: column;
		align-items: flex-start;
		gap: 0.5em;
	}

	:host([block]) [part='base'] {
		align-items: stretch;
	}

	/* Both buttons: the same box in every state, at least 44 × 44 CSS px to touch. */
	button {
		position: relative;
		box-sizing: border-box;
		display: inline-flex;
		align-items: center;
		justify-content: center;
		min-width: 44px;
		min-height: max(2.75em, 44px);
		padding: var(--cmcc-uaid-padding);
		border: 1px solid var(--cmcc-uaid-color);
		border-radius: var(--cmcc-uaid-radius);
		background: var(--cmcc-uaid-color);
		color: var(--cmcc-uaid-color-contrast);
		font: inherit;
		cursor: pointer;
		touch-action: manipulation;
	}

	button:focus-visible {
		outline: none;
		box-shadow: var(--cmcc-uaid-focus-ring);
	}

	[aria-busy='true'] {
		cursor: progress;
	}

	/* The spinner takes the label's place, so the button keeps its size; the label stays its accessible name. */
	[aria-busy='true'] [part='label'] {
		opacity: 0;
	}

	[part='spinner'] {
		position: absolute;
		inset: 0;
		margin: auto;
		box-sizing: border-box;
		width: var(--cmcc-uaid-spinner-size);
		height: var(--cmcc-uaid-spinner-size);
		border: 0.15em solid;
		border-right-color: transparent;
		border-radius: 50%;
		animation: cmcc-uaid-spin 0.8s linear infinite;
	}

	@media (prefers-reduced-motion: reduce) {
		[part='spinner'] {
			animation: none;
		}
	}

	@keyframes cmcc-uaid-spin {
		to {
			transform: rotate(360deg);
		}
	}

	/* After success the button shows the outcome, as text on the page, and starts nothing. */
	button[data-state='success'],
	button[data-state='token'] {
		border-color: currentColor;
		background: none;
		color: var(--cmcc-uaid-success-color);
		cursor: default;
	}

	[part='retry-button'] {
		border-color: currentColor;
		background: none;
		color: var(--cmcc-uaid-error-color);
	}

	/* The status line and, once engaged, every sentence it can hold, in one cell: it is as tall as the
	   longest of them in this width, so no sentence moves what is below. */
	.status {
		display: grid;
	}

	.status > * {
		grid-area: 1/1;
	}

	/* Under a full-width button, whose label is centred, the sentence is centred too. */
	:host([block]) .status {
		text-align: center;
	}

	.room {
		visibility: hidden;
	}

	[part='status'] {
		margin: 0;
		min-height: 1.4em;
	}

	[part='status'][data-state='error'] {
		color: var(--cmcc-uaid-error-color);
	}

	/* The button says it already; the live region still announces it, in the space it keeps. */
	[part='status'][data-state='success'],
	[part='status'][data-state='token'] {
		clip-path: inset(50%);
	}

	/* The agreement row (consent): the whole label toggles the box, so the row is the target to touch. */
	[part='consent'] {
		display: flex;
		align-items: center;
		gap: 0.5em;
		min-height: 44px;
		accent-color: var(--cmcc-uaid-color);
	}

	[part='error-detail'] {
		display: block;
		font-size: 0.8em;
		overflow-wrap: anywhere;
	}
`);
