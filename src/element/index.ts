/**
 * `cmcc-uaid/element`: the `<cmcc-uaid>` class and its events, without registering the tag (call
 * `CmccUaidElement.define()` or import `cmcc-uaid`). Each name here is documented in the README
 * or docs/element.md.
 */
export { CmccUaidElement, type CmccUaidState } from './cmcc-uaid-element.js';
export {
	UaidTokenEvent,
	UaidSuccessEvent,
	UaidErrorEvent,
	UaidProgressEvent,
	UaidAvailabilityEvent,
	type UaidTokenDetail,
	type UaidSuccessDetail,
	type UaidErrorDetail,
	type UaidAvailabilityDetail,
} from './events.js';
// What start() rejects with and uaid-progress carries: the element's users need them without importing the client.
export {
	UaidClientError,
	isUaidClientError,
	type UaidClientErrorCode,
	type UaidStage,
	type UaidProgress,
	type Carrier,
} from '../client/index.js';
