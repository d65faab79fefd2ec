import type { SimulatorAppConfig, SimulatorConfig } from './config.js';

/** The demo app's id: the appId of the guide's own examples. */
export const DEMO_APP_ID = '300011580392';

/**
 * The demo app's appkey. PUBLIC, for demos and tests against the simulator only: it is in this
 * source file and in docs/simulator.md.
 */
export const DEMO_APP_KEY = 'cmcc-uaid-demo-appkey-not-a-secret';

/**
 * The demo app's RSA private key (Base64 PKCS#8 DER, 2048 bits, the vendor's format). PUBLIC, for
 * demos and tests against the simulator only — it ships in this package, so it proves nothing.
 * It exists so that `cmcc-uaid simulator` with no config can be driven end to end at once.
 */
export const DEMO_PRIVATE_KEY =
	'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC2XKPc6lnxyYymIossRnBL+1dMXFccC9xHoqbRoil2S6vlMRB4' +
	'dy9CYwXnZfZmBsbCZclv6i4F+svnDW7JInuDXdj8YrdpZH3pAzE90us9jyOoF38oYjx/acuYWVNkZLNdEddbkGS0/1EwtxesfpKp' +
	'D9kPuvJL/FVXEpm5c1KwRJnASANlGK/rHx9Iad6lsGyEuZW3tG7K5vyDgWPH4ymA0L6VxVU6u956zgAY8//tlhRUEds1e77BWJpK' +
	'9QbVJ5ejvytCozGqUliVrCC2WsRRck5XpJY23Kml0OO1aRk/yoPPKav3n5W+fYWEyKSZkvGyu78R7F39Tv1mV4jYYo/TAgMBAAEC' +
	'ggEAGzav7WO7kG13Y8N76VuJno0fdfHBvhm3AamwI1CDx3d7a3Rq9M80aj/Evcdlgcw5FQGDkgPsYlAO5agHhFR1AiGbI+7HWB76' +
	'+y7SxlsXZ9RYidkXzLr8NDdhfpa17yFn8teav7tIjAod35szGTa6RChtR/+p8NTzF09bSWWATXVuxLqIO7sOfobAITxSv/SB0TGb' +
	'UXhGInRyJUvXtN0naH11Ggw8IEM2tsZH0lFtywJrx3O5anSAbGoBwnX87T0Cq9rrHDFGj1GZmAvNGrvySBfGiRsUsCHa26sDLL/e' +
	'PDN1zXIFNyr4cojht6c1eRzNJ3TdHbZzFTIS2ojlzs85IQKBgQDgBecvg9j2mpFLeFZTCAGUnGah+YCjqOI9edrXAa4UU5kOxS4c' +
	'97LS125ZSDMmxmNvb3+44AAaWDUm4XVId8LN2zkgJ8/29HQHtnMpmlu8DdC/ondEAM/9dPO5KXFQJMYg7Oj0XErJfgZhhXCPQ2WM' +
	'ATUBcVsD507RXILYw11X3wKBgQDQZGH0R1p4QJtDvb3LKeZ/zq/PiizktrwQ+ZQzVsfD4joocjfHK0jw/c+4mW/o2N/AK+MMFGl0' +
	'A4MylqH/Z+sFO3JIEMNzp095+jMSXt/N1q+E16/W5BrVgkY2zaRdDLura2tDCmqw4oL3K5wBpNrU4b3ni74/tb92x9/HBRQWjQKB' +
	'gQCOMJD9YqVKWO8RxO6dwv4l0mN+OXwB5Ma8mGRjhah1NF54toS/VCTHmH9s4du9p7wjVdTuhhbqocQSypWDiqg1uwh2NW7VY3Fm' +
	'F9LevB+vq+EsUTV8Dzv0ts+fXgOTB9RNv7FYsF+zpm7sZSL9e5yvkXCQWt+XCbDIR/yxEsdjZwKBgDjuM5R4qc6QV9p5y4/lMoNY' +
	'A8++/+S7x0Ub6dDctFZfR2QlT/epa5PqwwS7ZkdGeFoXoz95lBWNoBoB7N/Jk/sp8l6dtceyvZOlNq6eHKYvMGQqSG98gZgyrtvp' +
	'8i05fUunXPZDskIAn6bG0yff0ai2wxquoprlHBlnIUtNp99BAoGACcvY/GTr7lfVpV6ylBZ0twVYhzyyxA7p1skZEckG/mE9EO5d' +
	'ZjjtCD7mgJNlEeJlKad3+Q8sGtV1pgDWqgiS4JF3QxKDVM9/Pz6TQLr9BPSiWlhLcQ7Q89nrPXkueExVEI6t575awa/26l5EV1SS' +
	'GDDJcIaBYTzZSpBhwxpaqMw=';

/** The public half of {@link DEMO_PRIVATE_KEY} (Base64 X.509 SPKI DER), registered for {@link DEMO_APP_ID}. */
export const DEMO_PUBLIC_KEY =
	'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtlyj3OpZ8cmMpiKLLEZwS/tXTFxXHAvcR6Km0aIpdkur5TEQeHcvQmMF' +
	'52X2ZgbGwmXJb+ouBfrL5w1uySJ7g13Y/GK3aWR96QMxPdLrPY8jqBd/KGI8f2nLmFlTZGSzXRHXW5BktP9RMLcXrH6SqQ/ZD7ry' +
	'S/xVVxKZuXNSsESZwEgDZRiv6x8fSGnepbBshLmVt7Ruyub8g4Fjx+MpgNC+lcVVOrvees4AGPP/7ZYUVBHbNXu+wViaSvUG1SeX' +
	'o78rQqMxqlJYlawgtlrEUXJOV6SWNtyppdDjtWkZP8qDzymr95+Vvn2FhMikmZLxsru/Eexd/U79ZleI2GKP0wIDAQAB';

/**
 * The demo app: known appId, public demo appkey and key pair, MD5withRSA, and no other
 * restriction (any server IP, any origin/referer, always valid, rights granted).
 */
export const DEMO_APP: Readonly<SimulatorAppConfig> = Object.freeze({
	appId: DEMO_APP_ID,
	appKey: DEMO_APP_KEY,
	publicKey: DEMO_PUBLIC_KEY,
	signatureAlgorithm: 'md5',
});

/** The configuration `cmcc-uaid simulator` starts with when no `--config` is given. */
export function demoSimulatorConfig(): SimulatorConfig {
	return { apps: [{ ...DEMO_APP }], tokenTtlSeconds: 300, network: { mode: 'cellular', msisdn: '13800138000' } };
}
