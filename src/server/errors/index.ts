/** The server kit's errors: one base class with the HTTP status and retryability, and a subclass per kind of failure. */
export { UaidServerError, isUaidServerError, invalidOption, type UaidServerErrorCode } from './uaid-server-error.js';
export { RequestRejectedError, isRequestRejectedError } from './request-rejected-error.js';
export { PlatformResultError, isPlatformResultError } from './platform-result-error.js';
export { PlatformTransportError, isPlatformTransportError } from './platform-transport-error.js';
export { StoreError } from './store-error.js';
export { requireString, integer } from './option-checks.js';
