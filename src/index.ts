/**
 * `cmcc-uaid`: registers `<cmcc-uaid>` and exports the element, its events and the headless client.
 * `lit` and `ky` stay bare imports so an app bundles one copy of each.
 */
import './element/cmcc-uaid-define.js';

export * from './element/index.js';
export * from './client/index.js';
