// Baseline: both dependencies together, as the script-tag bundle carries them.
export { css, html, LitElement, nothing } from 'lit';
export { default as ky, isTimeoutError } from 'ky';
