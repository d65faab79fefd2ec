/**
 * The protocol core: browser-safe facts and codecs shared by the element, the client, the server
 * kit and the simulator. Node-only parts (RSA) live in `./node/`.
 */
export * from './errors.js';
export * from './fields.js';
export * from './timestamp.js';
export * from './identifiers.js';
export * from './expand-params.js';
export * from './get-mobile.js';
export * from './validate-request.js';
export * from './result-codes.js';
export { classifyResultCode, RESULT_CLASSES } from './result-classes.js';
export * from './carrier.js';
export * from './result-fixes.js';
export * from './response.js';
export * from './backend-wire.js';
export * from './carrier.js';
export * from './validate-url.js';
