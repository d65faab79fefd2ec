/**
 * A throwaway Redis Cluster on loopback: six `redis-server` processes (three masters, three
 * replicas) joined with `redis-cli --cluster create`, in a temporary directory that is removed
 * with it. Used by the cluster tests and `npm run soak -- --cluster`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

interface ClusterNode {
	readonly port: number;
	readonly process: ChildProcess;
}

export interface RunningRedisCluster {
	/** Every node, in the order they were started; the first three were made masters. */
	readonly nodes: readonly ClusterNode[];
	/** `{ host, port }` of every node: what `new Cluster(startupNodes)` takes. */
	readonly startupNodes: readonly { host: string; port: number }[];
	/** The ports of the live masters serving slots now. */
	masters(): Promise<number[]>;
	/** The port of the master serving `key` now. */
	masterOf(key: string): Promise<number>;
	/** The slot ranges (inclusive) the node on `port` serves now. */
	slotsOf(port: number): Promise<[number, number][]>;
	/** The hash slot of each key, as the cluster computes it. */
	keySlots(keys: readonly string[]): Promise<number[]>;
	/** SIGKILLs the node on `port`, as a crash would. */
	kill(port: number): void;
	/** Resolves once a replica of `port` has taken over its slots and every slot is served again. */
	waitForFailover(port: number, timeoutMs?: number): Promise<void>;
	/** Kills every node still running and removes the temporary directory. */
	stop(): Promise<void>;
}

export interface RedisClusterOptions {
	/**
	 * How long a node may be unreachable before the others declare it failed: the failover time is
	 * about this plus an election (~0.5–1 s). Redis's default is 15,000. @default 1_000
	 */
	nodeTimeoutMs?: number;
}

const HOST = '127.0.0.1';
const BUS_OFFSET = 10_000;

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, HOST, () => server.close(() => resolve(true)));
	});
}

/** A port below 55,536 whose cluster-bus port (port + 10,000) is free as well. */
async function clusterPort(taken: Set<number>): Promise<number> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const port = 20_000 + Math.floor(Math.random() * 30_000);
		if (taken.has(port) || taken.has(port + BUS_OFFSET) || taken.has(port - BUS_OFFSET)) continue;
		if ((await portIsFree(port)) && (await portIsFree(port + BUS_OFFSET))) {
			taken.add(port);
			return port;
		}
	}
	throw new Error('no free pair of loopback ports for a cluster node');
}

function startNode(port: number, dir: string, nodeTimeoutMs: number): Promise<ClusterNode> {
	const args = [
		'--port',
		String(port),
		'--bind',
		HOST,
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'no',
		'--cluster-enabled',
		'yes',
		'--cluster-config-file',
		`nodes-${port}.conf`,
		'--cluster-node-timeout',
		String(nodeTimeoutMs),
	];
	const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	return new Promise((resolve, reject) => {
		const fail = (reason: string): void => {
			clearTimeout(timer);
			child.kill('SIGKILL');
			reject(new Error(reason));
		};
		const timer = setTimeout(() => fail(`redis-server on ${port} did not start: ${output}`), 30_000);
		child.once('error', (error) => fail(`redis-server could not be started (apt-get install redis-server): ${error.message}`));
		child.once('exit', (code) => fail(`redis-server on ${port} exited with ${code}: ${output}`));
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (!output.includes('Ready to accept connections')) return;
			clearTimeout(timer);
			child.removeAllListeners('exit');
			child.stdout?.removeAllListeners('data');
			child.stdout?.resume();
			child.stderr?.resume();
			resolve({ port, process: child });
		});
	});
}

function run(command: string, args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', (error) => reject(new Error(`${command} could not be started (apt-get install redis-tools): ${error.message}`)));
		child.once('exit', (code) =>
			code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output}`)),
		);
	});
}

/** One command on one node, on a connection of its own that fails at once rather than waits. */
async function ask<T>(port: number, command: (redis: Redis) => Promise<T>): Promise<T> {
	const redis = new Redis({
		host: HOST,
		port,
		lazyConnect: true,
		maxRetriesPerRequest: 0,
		enableOfflineQueue: false,
		retryStrategy: () => null,
		connectTimeout: 1_000,
	});
	redis.on('error', () => undefined);
	try {
		await redis.connect();
		return await command(redis);
	} finally {
		redis.disconnect();
	}
}

interface NodeLine {
	id: string;
	port: number;
	master: boolean;
	failed: boolean;
	masterId: string;
	slots: [number, number][];
}

/** `CLUSTER NODES` as one node sees it. */
async function clusterNodes(port: number): Promise<NodeLine[]> {
	const text = await ask(port, (redis) => redis.cluster('NODES') as Promise<string>);
	return text
		.trim()
		.split('\n')
		.map((line) => {
			const [id = '', address = '', flags = '', masterId = '', , , , , ...slots] = line.split(' ');
			return {
				id,
				port: Number(/:(\d+)@/.exec(address)?.[1]),
				master: flags.split(',').includes('master'),
				failed: /fail(?!\?)/.test(flags),
				masterId,
				slots: slots
					.filter((s) => /^\d/.test(s))
					.map((s) => s.split('-').map(Number) as [number, number])
					.map(([from, to]) => [from, to ?? from]),
			};
		});
}

/** Every live node says `cluster_state:ok`, all 16,384 slots are served by live masters and each has a replica in sync. */
async function healthy(ports: readonly number[]): Promise<boolean> {
	try {
		for (const port of ports) {
			const info = await ask(port, (redis) => redis.cluster('INFO') as Promise<string>);
			if (!info.includes('cluster_state:ok') || !info.includes('cluster_slots_ok:16384')) return false;
		}
		const view = await clusterNodes(ports[0]!);
		for (const node of view.filter((n) => !n.master && !n.failed)) {
			const replication = await ask(node.port, (redis) => redis.info('replication'));
			if (!replication.includes('master_link_status:up')) return false;
		}
		return true;
	} catch {
		return false;
	}
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Starts six nodes, makes them a cluster with one replica per master, and waits until it is ok and in sync. */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RunningRedisCluster> {
	const nodeTimeoutMs = options.nodeTimeoutMs ?? 1_000;
	const dir = mkdtempSync(join(tmpdir(), 'uaid-redis-cluster-'));
	const nodes: ClusterNode[] = [];
	const killAll = (): void => {
		for (const node of nodes) if (node.process.exitCode === null && node.process.signalCode === null) node.process.kill('SIGKILL');
	};
	// redis-server does not notice its parent going away: end the nodes with this process, however that ends (bar SIGKILL).
	process.once('exit', killAll);
	const stop = async (): Promise<void> => {
		killAll();
		await Promise.all(
			nodes.map((node) =>
				node.process.exitCode === null && node.process.signalCode === null
					? new Promise((resolve) => node.process.once('exit', resolve))
					: undefined,
			),
		);
		process.off('exit', killAll);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const taken = new Set<number>();
		const ports: number[] = [];
		for (let i = 0; i < 6; i++) ports.push(await clusterPort(taken));
		nodes.push(...(await Promise.all(ports.map((port) => startNode(port, dir, nodeTimeoutMs)))));
		await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `${HOST}:${port}`), '--cluster-replicas', '1', '--cluster-yes']);
		await until(() => healthy(ports), 30_000, 'the cluster was not ok with every replica in sync');
	} catch (error) {
		await stop();
		throw error;
	}
	const live = (): number[] => nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null).map((n) => n.port);
	return {
		nodes,
		startupNodes: nodes.map((node) => ({ host: HOST, port: node.port })),
		async masters() {
			return (await clusterNodes(live()[0]!)).filter((n) => n.master && !n.failed && n.slots.length > 0).map((n) => n.port);
		},
		async masterOf(key) {
			const port = live()[0]!;
			const slot = await ask(port, (redis) => redis.cluster('KEYSLOT', key) as Promise<number>);
			const owner = (await clusterNodes(port)).find(
				(n) => n.master && !n.failed && n.slots.some(([from, to]) => slot >= from && slot <= to),
			);
			if (!owner) throw new Error(`no live master serves slot ${slot}`);
			return owner.port;
		},
		async slotsOf(port) {
			return (await clusterNodes(live()[0]!)).find((n) => n.port === port)?.slots ?? [];
		},
		async keySlots(keys) {
			return ask(live()[0]!, async (redis) => {
				const pipeline = redis.pipeline();
				for (const key of keys) pipeline.cluster('KEYSLOT', key);
				return ((await pipeline.exec()) ?? []).map(([error, slot]) => {
					if (error) throw error;
					return Number(slot);
				});
			});
		},
		kill(port) {
			const node = nodes.find((n) => n.port === port);
			if (!node) throw new Error(`no cluster node on port ${port}`);
			node.process.kill('SIGKILL');
		},
		async waitForFailover(port, timeoutMs = 30_000) {
			await until(
				async () => {
					const alive = live().filter((p) => p !== port);
					if (!(await healthy(alive))) return false;
					const view = await clusterNodes(alive[0]!);
					return !view.some((n) => n.port === port && n.master && !n.failed && n.slots.length > 0);
				},
				timeoutMs,
				`no replica took over from ${port}`,
			);
		},
		stop,
	};
}
