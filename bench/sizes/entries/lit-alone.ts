// Baseline: exactly the Lit API the element imports, bundled alone, so Lit's share of the bundle is visible.
export { css, html, LitElement, nothing } from 'lit';
