/**
 * A config that cannot work stops `cmcc-uaid serve` before anything listens: exit code 2, one line
 * on stderr with the stable code and the field or environment variable at fault.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkServeConfig } from '../../src/serve/load-config.js';
import { APP_KEY, CLI, configDir, killLeftovers, serveConfig, spawnServe } from './support.js';

afterEach(killLeftovers);

const VALIDATE_URL = 'http://127.0.0.1:9/NumberAbility/h5/imeiTokenValidate.htm';

/** Runs serve on `config` and resolves with its exit code, stderr and whether it ever said `listening`. */
async function refused(
	config: unknown,
	env?: Record<string, string>,
	prepare?: (dir: string) => Promise<void>,
): Promise<{ code: number | null; stderr: string; listened: boolean; wroteKey: boolean }> {
	const dir = await configDir();
	await prepare?.(dir);
	const serve = await spawnServe(dir, config, env);
	const code = await serve.exit;
	return {
		code,
		stderr: serve.stderr(),
		listened: serve.lines.some((line) => line.msg === 'listening'),
		wroteKey: existsSync(join(dir, 'session-key.pem')),
	};
}

describe('cmcc-uaid serve refuses to start', () => {
	it("when a secret's environment variable is unset, naming the variable and the field", async () => {
		const result = await refused(serveConfig(VALIDATE_URL), {});
		expect(result).toEqual({
			code: 2,
			listened: false,
			wroteKey: false,
			stderr:
				'cmcc-uaid: serve refused to start [missing-secret]: config kit.appKey: the environment variable TEST_UAID_APP_KEY is not set (or empty).\n',
		});
	});

	it('when a key file cannot be read, naming the field and the file', async () => {
		const config = serveConfig(VALIDATE_URL);
		(config.kit as Record<string, unknown>).privateKey = { file: 'nowhere.key' };
		const result = await refused(config);
		expect(result.code).toBe(2);
		expect(result.listened).toBe(false);
		expect(result.stderr).toMatch(
			/^cmcc-uaid: serve refused to start \[unreadable-file\]: config kit\.privateKey: cannot read \/.*\/nowhere\.key \(ENOENT\)\.\n$/,
		);
	});

	it('when the kit cannot use a key (not an RSA private key), naming kit.privateKey', async () => {
		const result = await refused(serveConfig(VALIDATE_URL), undefined, (dir) => writeFile(join(dir, 'uaid-private.key'), 'not a key'));
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^cmcc-uaid: serve refused to start \[invalid-config\]: config kit\.privateKey: /);
	});

	it('when the config breaks the schema, naming the field path', async () => {
		const session = { ...(serveConfig(VALIDATE_URL).session as object), ttlSeconds: 0 };
		const result = await refused(serveConfig(VALIDATE_URL, { session }));
		expect(result).toEqual({
			code: 2,
			listened: false,
			wroteKey: false,
			stderr: 'cmcc-uaid: serve refused to start [invalid-config]: config session.ttlSeconds must be >= 1.\n',
		});
	});

	it('when the config is not JSON', async () => {
		const result = await refused('{ "kit": ');
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^cmcc-uaid: serve refused to start \[invalid-config\]: --config .*serve\.json is not JSON: /);
	});

	it('without a signing key, naming session.signingKey', async () => {
		const { signingKey: _, ...session } = serveConfig(VALIDATE_URL).session as Record<string, unknown>;
		const result = await refused(serveConfig(VALIDATE_URL, { session }));
		expect(result.stderr).toBe('cmcc-uaid: serve refused to start [invalid-config]: config session.signingKey is required.\n');
	});

	it('rather than write a generated signing key through a symlink', async () => {
		const result = await refused(serveConfig(VALIDATE_URL), undefined, async (dir) => {
			await symlink(join(dir, 'elsewhere.pem'), join(dir, 'session-key.pem'));
		});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(
			/^cmcc-uaid: serve refused to start \[unreadable-file\]: config session\.signingKey: cannot create .*session-key\.pem: .* is not a regular file/,
		);
	});

	it('when the signing key does not fit the algorithm', async () => {
		const { generateKeyPairSync } = await import('node:crypto');
		const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		const config = serveConfig(VALIDATE_URL, {
			session: { ...(serveConfig(VALIDATE_URL).session as object), signingKey: { env: 'SESSION_KEY' } },
		});
		const mismatch = await refused(config, { TEST_UAID_APP_KEY: APP_KEY, SESSION_KEY: rsa });
		expect(mismatch.code).toBe(2);
		expect(mismatch.stderr).toBe(
			'cmcc-uaid: serve refused to start [invalid-config]: config session.signingKey does not fit session.algorithm ES256 (ES256: EC P-256, ES384: EC P-384, EdDSA: Ed25519, RS256: RSA of 2048 bits or more).\n',
		);
	});

	it('with redis when ioredis is not installed, saying what to install', async () => {
		// An installation without ioredis: the built package copied (so it resolves from here), every other package linked.
		const root = await mkdtemp(join(tmpdir(), 'cmcc-uaid-no-ioredis-'));
		await cp(join(CLI, '..', '..'), join(root, 'dist'), { recursive: true });
		await cp('schema', join(root, 'schema'), { recursive: true });
		await cp('package.json', join(root, 'package.json'));
		await mkdir(join(root, 'node_modules'));
		for (const name of readdirSync('node_modules'))
			if (name !== 'ioredis' && !name.startsWith('.'))
				await symlink(join(process.cwd(), 'node_modules', name), join(root, 'node_modules', name));
		const dir = await configDir();
		await writeFile(join(dir, 'serve.json'), JSON.stringify(serveConfig(VALIDATE_URL, { redis: { url: 'redis://127.0.0.1:6379' } })));
		const failed = await promisify(execFile)(
			process.execPath,
			[join(root, 'dist', 'cli', 'main.js'), 'serve', '--config', join(dir, 'serve.json')],
			{ env: { PATH: process.env.PATH, TEST_UAID_APP_KEY: APP_KEY } },
		).then(
			() => ({ code: 0, stderr: '' }),
			(error: { code: number; stderr: string }) => error,
		);
		expect([failed.code, failed.stderr]).toEqual([
			2,
			'cmcc-uaid: serve refused to start [missing-dependency]: config redis needs the package "ioredis", an optional peer dependency of cmcc-uaid: npm install ioredis\n',
		]);
	}, 30_000);
});

describe('the config schema', () => {
	const valid = serveConfig(VALIDATE_URL);
	const fault = (config: unknown): string | undefined => {
		try {
			checkServeConfig(config);
			return undefined;
		} catch (error) {
			return `${(error as { code: string }).code} ${(error as { field: string }).field}: ${(error as Error).message}`;
		}
	};

	it('accepts the test config and the example in examples/serve/serve.config.json', () => {
		expect(fault(valid)).toBeUndefined();
		expect(fault(JSON.parse(readFileSync('examples/serve/serve.config.json', 'utf8')))).toBeUndefined();
	});

	it('names an unknown setting, a secret written in clear, a bad enum value and a missing field', () => {
		expect(fault({ ...valid, listn: {} })).toBe(
			'invalid-config listn: config listn is not a setting the config knows (see schema/serve-config.schema.json).',
		);
		expect(fault({ ...valid, kit: { ...(valid.kit as object), appKey: 'in clear' } })).toBe(
			'invalid-config kit.appKey: config kit.appKey must be { "env": "NAME" } or { "file": "path" }.',
		);
		expect(fault({ ...valid, session: { ...(valid.session as object), algorithm: 'HS256' } })).toBe(
			'invalid-config session.algorithm: config session.algorithm must be one of "ES256", "ES384", "EdDSA", "RS256".',
		);
		expect(fault({ ...valid, kit: { ...(valid.kit as object), appId: undefined } })).toBe(
			'invalid-config kit.appId: config kit.appId is required.',
		);
		expect(fault({ ...valid, redis: {} })).toBe('invalid-config redis.url: config redis.url is required.');
		expect(fault({ ...valid, listen: { port: 70000 } })).toBe('invalid-config listen.port: config listen.port must be <= 65535.');
	});
});
