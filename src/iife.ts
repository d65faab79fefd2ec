/**
 * The script-tag bundle (`dist/cmcc-uaid.iife.js`, global `CmccUaid`): registers `<cmcc-uaid>`
 * and exposes the classes and the client factory, everything inlined.
 *
 * @example <script src="https://unpkg.com/cmcc-uaid/dist/cmcc-uaid.iife.js"></script>
 */
import { CmccUaidElement } from './element/cmcc-uaid-element.js';

// Called here rather than through the define module: an entry's own statements are never tree-shaken.
CmccUaidElement.define();

export * from './element/index.js';
export * from './client/index.js';
