/**
 * `cmcc-uaid`: registers `<cmcc-uaid>` and exports the element, its events and errors; the headless
 * client is `cmcc-uaid/client`. `lit` and `ky` stay bare imports so an app bundles one copy of each.
 */
import './element/cmcc-uaid-define.js';

export * from './element/index.js';
