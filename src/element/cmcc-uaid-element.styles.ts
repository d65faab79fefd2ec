import { css } from 'lit';

/** Constructable stylesheet (adoptedStyleSheets): works under a CSP without `unsafe-inline`. */
export const cmccUaidStyles = css`
	:host {
		--cmcc-uaid-color: #0085d0;
		--cmcc-uaid-color-contrast: #ffffff;
		--cmcc-uaid-success-color: #1a7f37;
		--cmcc-uaid-error-color: #c62828;
		--cmcc-uaid-radius: 0.5em;
		--cmcc-uaid-padding: 0.75em 1.5em;
		--cmcc-uaid-font-size: 1rem;
		--cmcc-uaid-spinner-size: 1em;
		--cmcc-uaid-focus-ring: 0 0 0 3px color-mix(in srgb, var(--cmcc-uaid-color) 40%, transparent);

		display: inline-block;
		font-size: var(--cmcc-uaid-font-size);
		line-height: 1.4;
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

	[part='button'] {
		display: inline-flex;
		align-items: center;
		justify-content: center;
		gap: 0.5em;
		min-height: 2.75em;
		padding: var(--cmcc-uaid-padding);
		border: none;
		border-radius: var(--cmcc-uaid-radius);
		background: var(--cmcc-uaid-color);
		color: var(--cmcc-uaid-color-contrast);
		font: inherit;
		cursor: pointer;
		touch-action: manipulation;
	}

	[part='button']:focus-visible,
	[part='retry-button']:focus-visible {
		outline: none;
		box-shadow: var(--cmcc-uaid-focus-ring);
	}

	[part='button'][aria-disabled='true'] {
		cursor: progress;
		opacity: 0.85;
	}

	[part='spinner'] {
		box-sizing: border-box;
		width: var(--cmcc-uaid-spinner-size);
		height: var(--cmcc-uaid-spinner-size);
		border: 0.15em solid currentColor;
		border-right-color: transparent;
		border-radius: 50%;
		animation: cmcc-uaid-spin 0.8s linear infinite;
	}

	@media (prefers-reduced-motion: reduce) {
		[part='spinner'] {
			animation-duration: 2.4s;
		}
	}

	@keyframes cmcc-uaid-spin {
		to {
			transform: rotate(360deg);
		}
	}

	[part='status'] {
		margin: 0;
		min-height: 1.4em;
	}

	[part='status'][data-state='success'] {
		color: var(--cmcc-uaid-success-color);
	}

	[part='status'][data-state='error'] {
		color: var(--cmcc-uaid-error-color);
	}

	[part='error-detail'] {
		display: block;
		font-size: 0.8em;
		opacity: 0.8;
		overflow-wrap: anywhere;
	}

	[part='retry-button'] {
		padding: 0.25em 0.75em;
		border: 1px solid currentColor;
		border-radius: var(--cmcc-uaid-radius);
		background: transparent;
		color: var(--cmcc-uaid-error-color);
		font: inherit;
		cursor: pointer;
	}
`;
