/**
 * The failover of `npm run soak -- --cluster --failover-at 10m`: one master SIGKILLed while the
 * load runs, the time until a replica serves its slots, and a replay of the flows that completed
 * just before the kill — the consumes most at risk of being lost with the dead master.
 */
import type { LoadDriver } from './driver.js';
import type { RunningRedisCluster } from '../tools/redis-cluster.js';

export interface FailoverReport {
	/** The port of the master killed. */
	killedPort: number;
	/** On the run's clock, ms. */
	killedAt: number;
	/** When every slot was served by a live master with the killed one's replica promoted, as the cluster reports it. */
	clusterOkAt: number;
	/** How many completed flows from the `replayWindowMs` before the kill were replayed after the failover, and what they were answered. */
	replayed: Record<string, number>;
	replayWindowMs: number;
}

/** How far back before the kill completed flows are replayed: a consume the replica had not received would be among these. */
const REPLAY_WINDOW_MS = 2_000;

/**
 * Kills a master that does not hold `keepKey` (the sign rate-limit counter, so that signs go on
 * being issued on the other shards and the errors are those of the killed shard), waits for the
 * failover, then replays the flows that completed in the seconds before the kill.
 */
export async function failOver(
	cluster: RunningRedisCluster,
	driver: LoadDriver,
	keepKey: string,
	now: () => number,
): Promise<FailoverReport> {
	const keep = await cluster.masterOf(keepKey);
	const killedPort = (await cluster.masters()).find((port) => port !== keep);
	if (killedPort === undefined) throw new Error('no master to kill besides the one holding the rate-limit counter');
	const killedAt = now();
	cluster.kill(killedPort);
	await cluster.waitForFailover(killedPort);
	const clusterOkAt = now();
	const replayed: Record<string, number> = {};
	const recent = driver.completedBetween(killedAt - REPLAY_WINDOW_MS, killedAt);
	for (let i = 0; i < recent.length; i += 16)
		await Promise.all(recent.slice(i, i + 16).map(({ traceId, token }) => driver.replay(traceId, token, replayed)));
	return { killedPort, killedAt, clusterOkAt, replayed, replayWindowMs: REPLAY_WINDOW_MS };
}
