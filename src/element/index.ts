/**
 * `cmcc-uaid/element`: the `<cmcc-uaid>` class, its events and strings, without registering the
 * tag (call `CmccUaidElement.define()` or import `cmcc-uaid`).
 */
export { CmccUaidElement, type CmccUaidState, type CmccUaidPrefetch } from './cmcc-uaid-element.js';
export { UaidTokenEvent, UaidSuccessEvent, UaidErrorEvent, UaidProgressEvent, type UaidTokenDetail, type UaidSuccessDetail, type UaidErrorDetail } from './events.js';
export { stringsFor, type UaidStrings } from './strings.js';
export { cmccUaidStyles } from './cmcc-uaid-element.styles.js';
