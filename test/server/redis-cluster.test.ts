/**
 * createRedisStore on an ioredis Cluster, against a real Redis Cluster on loopback: six
 * redis-server processes, three masters and three replicas, made by `redis-cli --cluster create`.
 * Two kit instances share it; first the race on one traceId, then a master is SIGKILLed while
 * flows run. Nothing is timed: the recovery time is printed, never asserted.
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startRedisCluster, type RunningRedisCluster } from '../../tools/redis-cluster.js';
import { postJson, signAndGetToken, startKit, startTestSimulator, type RunningKit } from './support.js';

const PREFIX = 'cluster:';

interface Answer {
	/** ms since the test's clock started: when the request was sent and when its answer came. */
	sentAt: number;
	answeredAt: number;
	status: number;
	code: string | undefined;
	retryable: boolean | undefined;
}

describe('createRedisStore on a Redis Cluster (3 masters, 3 replicas)', () => {
	let cluster: RunningRedisCluster;
	let simulator: RunningSimulator;
	let kits: RunningKit[] = [];
	const clients: Cluster[] = [];

	beforeAll(async () => {
		cluster = await startRedisCluster({ nodeTimeoutMs: 1_000 });
		simulator = await startTestSimulator();
		for (let i = 0; i < 2; i++) {
			// ioredis's defaults, bar one: a command whose master is gone fails at once instead of being
			// retried for up to 16 × 100 ms, so that what the kit does while no node serves the key is seen.
			const client = new Cluster([...cluster.startupNodes], { retryDelayOnFailover: 0, retryDelayOnClusterDown: 0 });
			client.on('error', () => undefined);
			clients.push(client);
			kits.push(
				await startKit({
					validateUrl: simulator.validateUrl,
					store: createRedisStore(client, { prefix: PREFIX }),
					rateLimit: { limit: 1_000_000 },
				}),
			);
		}
	}, 60_000);
	afterAll(async () => {
		for (const kit of kits) await kit.close();
		kits = [];
		for (const client of clients) client.disconnect();
		await simulator?.close();
		await cluster?.stop();
	});

	it('50 concurrent validates of one traceId on two instances: exactly one success, and the platform sees the token once', async () => {
		for (let round = 0; round < 3; round++) {
			const { signed, token } = await signAndGetToken(kits[round % 2]!.url, simulator);
			const before = simulator.log().filter((e) => e.endpoint === 'imeiTokenValidate').length;
			const results = await Promise.all(
				Array.from({ length: 50 }, (_, i) => postJson(`${kits[i % 2]!.url}/uaid/validate`, { token, traceId: signed.traceId })),
			);
			expect(results.filter((r) => r.status === 200)).toHaveLength(1);
			expect(results.filter((r) => r.status === 409 && r.json.error.code === 'replayed-trace')).toHaveLength(49);
			expect(simulator.log().filter((e) => e.endpoint === 'imeiTokenValidate').length - before).toBe(1);
		}
	});

	it('a master SIGKILLed mid-run: validations fail closed with a retryable store error, never succeed twice, and succeed again after the failover', async () => {
		const clock = performance.now();
		const now = (): number => performance.now() - clock;
		const answers = new Map<string, Answer[]>();
		const rateMaster = await cluster.masterOf(`${PREFIX}rate:sign:127.0.0.1`);
		let completed = 0;
		let stop = false;
		let failure: unknown;

		async function post(path: string, body: unknown, kit: RunningKit): Promise<Answer & { json: any }> {
			const sentAt = now();
			const { status, json } = await postJson(`${kit.url}/uaid/${path}`, body);
			return { sentAt, answeredAt: now(), status, code: json?.error?.code, retryable: json?.error?.retryable, json };
		}

		// One user: sign until a traceId is issued, and fetch the token as the page does.
		async function signIn(n: number): Promise<{ traceId: string; token: string }> {
			let signed: { traceId: string };
			for (;;) {
				const answer = await post('sign', {}, kits[n % 2]!);
				if (answer.status === 200) {
					signed = answer.json;
					break;
				}
				expect(answer).toMatchObject({ status: 503, code: 'store-unavailable', retryable: true });
			}
			const page = await fetch(simulator.getMobileUrl, {
				method: 'POST',
				headers: { 'content-type': 'text/plain;charset=UTF-8' },
				body: JSON.stringify(signed),
			});
			return { traceId: signed.traceId, token: ((await page.json()) as { body: { token: string } }).body.token };
		}

		// Then validate from two tabs at once, and again while both are told the store is unavailable
		// (the retry that error allows), until one is answered otherwise.
		async function validate({ traceId, token }: { traceId: string; token: string }): Promise<void> {
			const seen: Answer[] = [];
			answers.set(traceId, seen);
			for (;;) {
				const tries = await Promise.all(kits.map((kit) => post('validate', { token, traceId }, kit)));
				seen.push(...tries.map(({ json: _json, ...answer }) => answer));
				if (!tries.every((a) => a.status === 503)) break;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			completed++;
		}

		// Six users at a time, one after the other, until told to stop; the first unexpected answer stops them all.
		const workers = Array.from({ length: 6 }, async (_, w) => {
			try {
				for (let n = w; !stop; n += 6) await validate(await signIn(n));
			} catch (error) {
				failure ??= error;
			}
		});
		const until = async (condition: () => boolean): Promise<void> => {
			while (!condition()) {
				if (failure) throw failure;
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		};
		let victim = 0;
		let victimSlots: [number, number][] = [];
		let killedAt = 0;
		let failedOverAt = 0;
		try {
			await until(() => completed >= 60);
			// Users who signed before the crash and validate during it.
			const waiting = await Promise.all(Array.from({ length: 30 }, (_, n) => signIn(n)));
			// A master other than the one holding the sign rate-limit counter: signs go on being issued
			// on the two other shards, and what fails is every store call on the killed one's slots.
			victim = (await cluster.masters()).find((port) => port !== rateMaster)!;
			victimSlots = await cluster.slotsOf(victim);
			killedAt = now();
			cluster.kill(victim);
			const waitingValidated = Promise.all(waiting.map(validate));
			await cluster.waitForFailover(victim);
			failedOverAt = now();
			const flowsAfterFailover = completed;
			// Enough flows after the failover that about a third of them, on the killed master's slots, meet the new master.
			await until(() => completed >= flowsAfterFailover + 120);
			await waitingValidated;
		} finally {
			stop = true;
			await Promise.all(workers);
		}
		if (failure) throw failure;

		const traceIds = [...answers.keys()];
		const slots = await cluster.keySlots(traceIds.map((traceId) => `${PREFIX}trace:${traceId}`));
		const onVictim = new Set(traceIds.filter((_, i) => victimSlots.some(([from, to]) => slots[i]! >= from && slots[i]! <= to)));
		const all = [...answers.values()].flat();

		// Never a second success for one traceId. Nothing but a success, a replay refusal or a retryable
		// store error either: a consume the store let through twice would reach the platform, whose
		// token is single-use, and come back as another code.
		const doubleSuccesses = [...answers.values()].filter((seen) => seen.filter((a) => a.status === 200).length > 1).length;
		expect(doubleSuccesses).toBe(0);
		const outcomes = new Set(
			all.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.code}${a.status === 503 ? ` retryable: ${a.retryable}` : ''}`),
		);
		expect([...outcomes].filter((o) => o !== '409 replayed-trace' && o !== '503 store-unavailable retryable: true')).toEqual([]);
		// Failing closed: validations sent after the kill, before the failover, on the killed master's slots were refused.
		const refused = [...answers]
			.filter(([traceId]) => onVictim.has(traceId))
			.flatMap(([, seen]) => seen)
			.filter((a) => a.status === 503 && a.sentAt >= killedAt);
		expect(refused.length).toBeGreaterThan(0);
		// And served again: traceIds on those slots validated after the failover.
		const servedAgain = [...answers].filter(
			([traceId, seen]) => onVictim.has(traceId) && seen.some((a) => a.status === 200 && a.sentAt >= failedOverAt),
		);
		expect(servedAgain.length).toBeGreaterThan(0);
		// A traceId whose consume reached the master just before it died may stay refused as replayed (its answer was lost): fail closed, and counted.
		const neverServed = [...answers.values()].filter((seen) => !seen.some((a) => a.status === 200)).length;

		const firstSuccessAfterKill = Math.min(
			...[...answers]
				.filter(([traceId]) => onVictim.has(traceId))
				.flatMap(([, seen]) => seen)
				.filter((a) => a.status === 200 && a.sentAt >= killedAt)
				.map((a) => a.answeredAt),
		);
		console.log(
			`Redis Cluster failover: master ${victim} SIGKILLed at ${killedAt.toFixed(0)} ms; the cluster was ok again ${(failedOverAt - killedAt).toFixed(0)} ms later, ` +
				`and the first validation on its slots succeeded ${(firstSuccessAfterKill - killedAt).toFixed(0)} ms after the kill (recovery time). ` +
				`${answers.size} flows, ${refused.length} validations refused with store-unavailable while the replica took over, ${neverServed} traceIds refused as replayed after a lost answer, ${doubleSuccesses} double successes.`,
		);
	}, 60_000);
});
