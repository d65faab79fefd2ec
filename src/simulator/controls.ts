import { parseAnswerSettings, type AnswerSettings } from './answer-settings.js';
import { resolveApp, type ResolvedApp, type ResolvedConfig, type SimulatorAppConfig } from './config.js';
import { describeFaults, parseFaultSettings, type FaultSettings } from './faults.js';
import { parseNetworkSettings, type NetworkSettings } from './network.js';
import type { LogEntry } from './request-log.js';
import type { SimulatorState } from './state.js';
import { deriveUaid } from './uaid.js';

/** What a running simulator lets a test (or the admin API) see and change. */
export interface SimulatorControls {
	health(): { status: 'ok'; apps: number; tokens: number };
	/** Apps (appKey shown as `<redacted>`), token lifetime, the current network and answer settings. */
	describeConfig(): unknown;
	registerApp(app: SimulatorAppConfig): SimulatorAppConfig;
	removeApp(appId: string): boolean;
	network(): NetworkSettings;
	setNetwork(settings: Partial<NetworkSettings>): NetworkSettings;
	faults(): FaultSettings;
	setFaults(faults: FaultSettings): FaultSettings;
	clearFaults(): void;
	/** Which code off-gateway devices get and which answer shape is used (config `answers`). */
	answers(): AnswerSettings;
	/** Changes the answer settings; omitted fields keep their value. `reset()` restores the config's. */
	setAnswers(settings: Partial<AnswerSettings>): AnswerSettings;
	/** Forgets tokens, rate counts, faults and the log, and restores the configured network and answers. */
	reset(): void;
	log(): LogEntry[];
	clearLog(): void;
	/** The UAID the simulator answers for (appId, msisdn): for asserting on results. */
	uaidFor(appId: string, msisdn: string): string;
}

function describeApp(app: ResolvedApp): SimulatorAppConfig {
	// The appKey is a shared secret: say that one is set, never what it is.
	return { ...app.config, appKey: '<redacted>' };
}

/**
 * The controls over one simulator's state. Every setter validates as the config does and answers
 * with the setting now in force, as a copy the caller cannot change the state through.
 * @throws {SimulatorConfigError} `invalid-option` for a setting that cannot work, naming it.
 */
export function createControls(state: SimulatorState, config: ResolvedConfig): SimulatorControls {
	return {
		health: () => ({ status: 'ok', apps: state.apps.size, tokens: state.tokens.size }),
		describeConfig: () => ({
			apps: [...state.apps.values()].map(describeApp),
			tokenTtlSeconds: config.tokenTtlSeconds,
			network: { ...state.network },
			answers: { ...state.answers },
		}),
		registerApp(app) {
			const resolved = resolveApp(app, 'app');
			state.apps.set(resolved.appId, resolved);
			return describeApp(resolved);
		},
		removeApp: (appId) => state.apps.delete(appId),
		network: () => ({ ...state.network }),
		setNetwork(settings) {
			state.network = parseNetworkSettings(settings, 'network', state.network);
			return { ...state.network };
		},
		faults: () => describeFaults(state.faults),
		setFaults(faults) {
			const parsed = parseFaultSettings(faults);
			state.faults.clear();
			for (const [endpoint, fault] of parsed) state.faults.set(endpoint, fault);
			return describeFaults(state.faults);
		},
		clearFaults: () => state.faults.clear(),
		answers: () => ({ ...state.answers }),
		setAnswers(settings) {
			state.answers = parseAnswerSettings(settings, 'answers', state.answers);
			return { ...state.answers };
		},
		reset() {
			state.tokens.clear();
			state.rateLimiter.clear();
			state.faults.clear();
			state.log.clear();
			state.network = { ...config.network };
			state.answers = { ...config.answers };
		},
		log: () => state.log.entries(),
		clearLog: () => state.log.clear(),
		uaidFor: (appId, msisdn) => deriveUaid(state.uaidSecret, appId, msisdn),
	};
}
