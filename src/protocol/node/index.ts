/** Node-only parts of the protocol core: RSA keys and signatures (they need `node:crypto`). */
export * from './keys.js';
export * from './rsa.js';
