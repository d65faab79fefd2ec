/**
 * What the docs' code blocks leave to the reader: your appId and keys, your user table, your UI.
 * test/ecosystem/doc-code-blocks.test.ts compiles every block with these in scope.
 */
declare const appId: string;
declare const appKey: string;
declare const privateKey: string;
declare const token: string;
declare const myPublicKeyBase64: string;
declare const users: { findOrCreateByUaid(uaid: string): Promise<{ id: string; publicId: string; isNew: boolean }> };
declare const sessions: { create(userId: string): Promise<string> };
declare function csrfFor(sessionId: string): string;
declare const button: HTMLButtonElement;
declare function show(...details: unknown[]): void;
