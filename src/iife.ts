/**
 * The script-tag bundle (`dist/cmcc-uaid.iife.js`, global `CmccUaid`): registers `<cmcc-uaid>`
 * and exposes the classes and the client factory, everything inlined.
 *
 * @example <script src="https://unpkg.com/cmcc-uaid/dist/cmcc-uaid.iife.js"></script>
 */
// The client (with ky) first: the bundle then puts the element's code right after Lit's, near enough
// for gzip's 32 KB window to reuse Lit's names in it (57 B gzip).
export * from './client/index.js';
export * from './element/index.js';

import { CmccUaidElement } from './element/cmcc-uaid-element.js';

// Called here rather than through the define module: an entry's own statements are never tree-shaken.
CmccUaidElement.define();
