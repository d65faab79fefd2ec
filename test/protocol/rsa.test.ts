import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRsaKeyPair, privateKeyToPem, publicKeyToPem, readPrivateKey, readPublicKey } from '../../src/protocol/node/keys.js';
import { signRsa, verifyRsa, type SignatureAlgorithm } from '../../src/protocol/node/rsa.js';
import { buildValidateRequest, validateSignContent } from '../../src/protocol/validate-request.js';

const openssl = (args: string[], input?: Buffer | string) => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });

describe('imeiTokenValidate RSA signatures', () => {
	let dir: string;
	const pair = generateRsaKeyPair();
	const content =
		'300011580492' + 'ead7c2ed-5a86-425e-a78f-dbe96eafa3f7' + '20201123142955181' + 'H5HTTPS5B5C38BBBD62778C2ACEEFF6FB2CC89D' + '2.0';

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'cmcc-uaid-rsa-'));
		writeFileSync(join(dir, 'pub.pem'), publicKeyToPem(pair.publicKey));
		writeFileSync(join(dir, 'priv.pem'), privateKeyToPem(pair.privateKey));
		writeFileSync(join(dir, 'content.txt'), content);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('generates keys in the vendor formats: Base64 PKCS#8 DER and Base64 X.509 SPKI DER', () => {
		expect(pair.bits).toBe(2048);
		expect(pair.privateKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
		expect(pair.publicKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
		// openssl reads them as DER of exactly those structures.
		const pubText = openssl(['pkey', '-pubin', '-inform', 'DER', '-noout', '-text'], Buffer.from(pair.publicKey, 'base64')).toString();
		expect(pubText).toMatch(/Public-Key: \(2048 bit\)/);
		const privText = openssl(
			['pkcs8', '-nocrypt', '-inform', 'DER', '-topk8', '-outform', 'PEM'],
			Buffer.from(pair.privateKey, 'base64'),
		).toString();
		expect(privText).toContain('-----BEGIN PRIVATE KEY-----');
		expect(generateRsaKeyPair({ bits: 1024 }).bits).toBe(1024);
		expect(() => generateRsaKeyPair({ bits: 512 })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
	});

	it.each(['md5', 'sha256'] as SignatureAlgorithm[])('makes %s signatures that openssl verifies', (algorithm) => {
		const signature = signRsa(content, pair.privateKey, algorithm);
		expect(signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
		writeFileSync(join(dir, 'sig.bin'), Buffer.from(signature, 'base64'));
		const out = openssl([
			'dgst',
			`-${algorithm}`,
			'-verify',
			join(dir, 'pub.pem'),
			'-signature',
			join(dir, 'sig.bin'),
			join(dir, 'content.txt'),
		]).toString();
		expect(out.trim()).toBe('Verified OK');
		// and a different content does not verify
		writeFileSync(join(dir, 'other.txt'), `${content}x`);
		expect(() =>
			openssl(['dgst', `-${algorithm}`, '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, 'other.txt')]),
		).toThrow();
	});

	it.each(['md5', 'sha256'] as SignatureAlgorithm[])('verifies %s signatures that openssl makes', (algorithm) => {
		const signature = openssl(['dgst', `-${algorithm}`, '-sign', join(dir, 'priv.pem'), join(dir, 'content.txt')]).toString('base64');
		expect(verifyRsa(content, signature, pair.publicKey, algorithm)).toBe(true);
		expect(verifyRsa(`${content}x`, signature, pair.publicKey, algorithm)).toBe(false);
		expect(verifyRsa(content, signature, pair.publicKey, algorithm === 'md5' ? 'sha256' : 'md5')).toBe(false);
	});

	it('is deterministic, as PKCS#1 v1.5 is, so the same content signs the same', () => {
		expect(signRsa(content, pair.privateKey)).toBe(signRsa(content, pair.privateKey));
	});

	it('signs UTF-8 bytes', () => {
		writeFileSync(join(dir, 'zh.txt'), '中文token');
		writeFileSync(join(dir, 'zh.sig'), Buffer.from(signRsa('中文token', pair.privateKey), 'base64'));
		expect(
			openssl(['dgst', '-md5', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'zh.sig'), join(dir, 'zh.txt')])
				.toString()
				.trim(),
		).toBe('Verified OK');
	});

	it('reads keys as PEM (PKCS#8 and PKCS#1), Base64 DER with line breaks, and KeyObjects', () => {
		const pkcs1 = createPrivateKey(privateKeyToPem(pair.privateKey)).export({ format: 'pem', type: 'pkcs1' }).toString();
		const signature = signRsa(content, pkcs1);
		expect(verifyRsa(content, signature, publicKeyToPem(pair.publicKey))).toBe(true);
		const wrapped = pair.publicKey.replace(/(.{64})/g, '$1\n');
		expect(verifyRsa(content, signature, wrapped)).toBe(true);
		expect(verifyRsa(content, signature, readPublicKey(readPrivateKey(pair.privateKey)))).toBe(true);
	});

	it.each([
		['empty', ''],
		['not Base64', 'not a key!'],
		['Base64 of garbage', Buffer.from('garbage').toString('base64')],
		['a broken PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
	])('rejects a private key that is %s with invalid-key', (_, text) => {
		expect(() => readPrivateKey(text)).toThrow(expect.objectContaining({ code: 'invalid-key' }));
		expect(() => readPublicKey(text)).toThrow(expect.objectContaining({ code: 'invalid-key' }));
	});

	it('rejects a public key given as private and a non-RSA key', () => {
		expect(() => readPrivateKey(pair.publicKey)).toThrow(expect.objectContaining({ code: 'invalid-key' }));
		const ec = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).toString();
		expect(() => readPrivateKey(ec)).toThrow(/not RSA/);
	});

	it('treats a malformed signature as not verified, never as an exception', () => {
		for (const bad of ['', '!!!', 'AAAA', 'x'.repeat(400)]) expect(verifyRsa(content, bad, pair.publicKey)).toBe(false);
	});
});

describe('imeiTokenValidate request', () => {
	it('signs appId + msgId + timestamp + token + version', async () => {
		const pair = generateRsaKeyPair({ bits: 1024 });
		const request = await buildValidateRequest({
			appId: '300011580492',
			token: 'H5HTTPS5B5C38BBBD62778C2ACEEFF6FB2CC89D',
			msgId: 'ead7c2ed-5a86-425e-a78f-dbe96eafa3f7',
			now: new Date('2020-11-23T06:29:55.181Z'),
			sign: (c) => signRsa(c, pair.privateKey),
		});
		expect(request.header).toEqual({
			appId: '300011580492',
			msgId: 'ead7c2ed-5a86-425e-a78f-dbe96eafa3f7',
			version: '2.0',
			timestamp: '20201123142955181',
		});
		expect(request.body.expandParams).toBe('');
		const expectedContent = '300011580492ead7c2ed-5a86-425e-a78f-dbe96eafa3f720201123142955181H5HTTPS5B5C38BBBD62778C2ACEEFF6FB2CC89D2.0';
		expect(validateSignContent({ ...request.header, token: request.body.token })).toBe(expectedContent);
		expect(verifyRsa(expectedContent, request.body.sign, pair.publicKey)).toBe(true);
	});
});

describe('signRsaAsync', () => {
	it('makes the same signature as signRsa, off the main thread', async () => {
		const { signRsaAsync } = await import('../../src/protocol/node/rsa.js');
		const pair = generateRsaKeyPair({ bits: 1024 });
		for (const algorithm of ['md5', 'sha256'] as const) {
			expect(await signRsaAsync('content 中文', pair.privateKey, algorithm)).toBe(signRsa('content 中文', pair.privateKey, algorithm));
		}
		await expect(signRsaAsync('x', 'not a key!')).rejects.toMatchObject({ code: 'invalid-key' });
	});
});
