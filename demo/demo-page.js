// The demo page's own script (not part of the package): shows the flow step by step and drives
// the simulator. Plain JavaScript served as-is to the script-tag page and bundled into the SPA.
// Everything from a server is put into the page with textContent, never innerHTML.

const STEPS = [
	{
		stage: 'sign',
		title: 'Sign',
		what: 'Your backend builds and MD5-signs the getMobile request (POST /uaid/sign). The appkey never leaves it.',
	},
	{
		stage: 'token',
		title: 'getMobile',
		what: 'The browser posts the signed request to China Mobile (here: the simulator). The gateway recognises the phone by its cellular connection and returns a token.',
	},
	{
		stage: 'validate',
		title: 'Validate',
		what: 'Your backend RSA-signs the token and exchanges it for the UAID with imeiTokenValidate (POST /uaid/validate).',
	},
];

/** Builds an element; string children become text nodes, so server text can never become markup. */
function h(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === false || value === undefined || value === null) continue;
		if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
		else element.setAttribute(name, value === true ? '' : String(value));
	}
	for (const child of children.flat())
		if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
	return element;
}

async function api(method, path, body) {
	const response = await fetch(path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	const json = text ? JSON.parse(text) : undefined;
	if (!response.ok) throw new Error(json?.error?.message ?? `HTTP ${response.status}`);
	return json;
}

/**
 * @param {HTMLElement} root where the demo UI goes
 * @param {HTMLElement} uaid the <cmcc-uaid> element (already in the page or to be placed)
 */
export async function mountDemo(root, uaid) {
	const variant = root.dataset.variant ?? 'iife';
	const config = await api('GET', '/demo/config.json');
	const codes = await api('GET', '/demo/result-codes.json');

	// ---- header and the element ----
	const header = h(
		'header',
		{},
		h('h1', {}, 'cmcc-uaid demo'),
		h(
			'p',
			{},
			variant === 'spa' ? 'This page is an SPA that imports the element: ' : 'This page loads the script-tag bundle: ',
			h('code', {}, variant === 'spa' ? "import 'cmcc-uaid'" : '<script src="cmcc-uaid.iife.js">'),
		),
		h('nav', {}, h('a', { href: '/' }, 'Script-tag page'), ' · ', h('a', { href: '/spa/' }, 'SPA page')),
		h(
			'p',
			{ class: 'note' },
			`Platform: ${config.tokenUrl ?? 'https://verify.cmpassport.com/h5/getMobile (production default)'} · appId ${config.appId}`,
		),
	);
	// An element the markup placed stays where it is: moved, it would be disconnected and connected
	// again, and ask coverage and sign a second time.
	const placed = uaid.isConnected;
	const widget = placed ? uaid.parentElement : h('section', { class: 'widget' }, h('h2', {}, 'The element'));
	if (placed) root.prepend(header);
	else root.replaceChildren(header, widget);
	// The fallback slot: shown when the backend's coverage answer (here the simulator's network mode) is
	// `other`, and after an error no retry can mend. Reload the page after changing the network mode.
	if (!uaid.querySelector('[slot=fallback]'))
		uaid.append(h('a', { slot: 'fallback', href: '#sms-login' }, '短信验证码登录 / SMS code login'));
	if (!placed) widget.append(uaid);

	// ---- the flow, step by step ----
	const rows = new Map();
	const flow = h('ol', { class: 'flow' });
	for (const step of STEPS) {
		const status = h('span', { class: 'step-status' }, 'waiting');
		const detail = h('span', { class: 'step-detail' });
		const row = h(
			'li',
			{ 'data-stage': step.stage, 'data-state': 'idle' },
			h('strong', {}, step.title),
			' ',
			status,
			h('p', {}, step.what),
			detail,
		);
		rows.set(step.stage, { row, status, detail });
		flow.append(row);
	}
	const outcome = h('div', { class: 'outcome', 'aria-live': 'polite' });
	root.append(h('section', {}, h('h2', {}, 'The flow'), flow, outcome));

	let clickedAt;
	uaid.addEventListener('click', () => {
		clickedAt = performance.now();
	});
	const resetFlow = () => {
		for (const { row, status, detail } of rows.values()) {
			row.dataset.state = 'idle';
			status.textContent = 'waiting';
			detail.textContent = '';
		}
		outcome.replaceChildren();
	};
	uaid.addEventListener('uaid-progress', (event) => {
		const { stage, phase, elapsed, attempt, prefetched } = event.detail;
		if (stage === 'sign' && phase === 'start' && attempt === 0) resetFlow();
		const entry = rows.get(stage);
		entry.row.dataset.state = phase === 'start' ? 'busy' : 'done';
		entry.status.textContent =
			phase === 'start'
				? `started at ${elapsed} ms${attempt ? ` (automatic retry ${attempt})` : ''}`
				: `done at ${elapsed} ms${prefetched ? ' — the signed request had been fetched ahead (on page load or after the previous run)' : ''}`;
	});
	uaid.addEventListener('uaid-token', (event) => {
		rows.get('token').detail.textContent = `token ${event.detail.token.slice(0, 11)}… · traceId ${event.detail.traceId}`;
	});
	uaid.addEventListener('uaid-success', async (event) => {
		const ms = clickedAt === undefined ? undefined : Math.round(performance.now() - clickedAt);
		clickedAt = undefined;
		const expected = await api('GET', '/demo/expected-uaid');
		const confirmed = expected.uaid === event.detail.uaid;
		outcome.replaceChildren(
			h('p', { class: 'success' }, 'UAID ', h('code', { 'data-testid': 'uaid' }, event.detail.uaid)),
			h(
				'p',
				{},
				ms === undefined ? '' : `Click to UAID: ${ms} ms. `,
				confirmed ? `The simulator confirms: this is the UAID of ${expected.msisdn} for this app.` : 'The simulator expected another UAID!',
			),
		);
		outcome.dataset.clickToUaidMs = ms ?? '';
		void refreshLog();
	});
	uaid.addEventListener('uaid-error', (event) => {
		const { code, stage, platformCode, message, retryable } = event.detail;
		clickedAt = undefined;
		const entry = rows.get(stage);
		if (entry) {
			entry.row.dataset.state = 'error';
			entry.status.textContent = 'failed';
		}
		outcome.replaceChildren(
			h(
				'p',
				{ class: 'error' },
				'uaid-error ',
				h('code', {}, code),
				` at stage ${stage}`,
				platformCode ? ` (platform ${platformCode})` : '',
				retryable ? ' — retryable' : ' — not retryable',
			),
			h('p', {}, message),
		);
		void refreshLog();
	});

	// ---- simulator controls ----
	// The answer each mode gets by default: Wi-Fi and other carriers as real devices see it (103111), not the guide's 111002.
	const modes = [
		['cellular', 'cellular (China Mobile, number found)'],
		['wifi', 'wifi (103111)'],
		['other-carrier', 'other-carrier (103111)'],
		['cellular-no-number', 'cellular-no-number (103134)'],
		['blacklisted', 'blacklisted (111002)'],
	];
	const network = h('select', { id: 'network-mode' }, ...modes.map(([mode, label]) => h('option', { value: mode }, label)));
	const msisdn = h('input', { id: 'msisdn', value: '13800138000', inputmode: 'numeric', size: 11 });
	const endpoint = h(
		'select',
		{ id: 'fault-endpoint' },
		h('option', { value: 'getMobile' }, 'getMobile'),
		h('option', { value: 'imeiTokenValidate' }, 'imeiTokenValidate'),
	);
	const kind = h('select', { id: 'fault-kind' });
	const count = h('input', { id: 'fault-count', type: 'number', min: 1, placeholder: 'every request' });
	const latency = h('input', { id: 'fault-latency', type: 'number', min: 0, step: 100, placeholder: '0' });
	const fillKinds = () => {
		kind.replaceChildren(
			h('option', { value: '' }, 'no fault'),
			...codes
				.filter((c) => c.endpoint === endpoint.value)
				.map((c) => h('option', { value: `code:${c.code}:${c.variant}` }, `${c.code} ${c.zh} (${c.category})`)),
			h('option', { value: 'http:502' }, 'HTTP 502 gateway page'),
			h('option', { value: 'garbled' }, 'garbled answer (not JSON)'),
			h('option', { value: 'drop' }, 'connection dropped'),
		);
	};
	endpoint.addEventListener('change', fillKinds);
	fillKinds();
	const backendDown = h('input', { id: 'backend-down', type: 'checkbox' });
	const fakeWifi = h('input', { id: 'fake-wifi', type: 'checkbox' });
	const message = h('p', { class: 'note', 'aria-live': 'polite' });
	const done = (text) => (message.textContent = text);
	const fail = (error) => (message.textContent = `Refused: ${error.message}`);

	const applyNetwork = () =>
		api('PUT', '/__sim/network', { mode: network.value, msisdn: msisdn.value }).then(
			(n) => done(`Network: ${n.mode}, number ${n.msisdn}.`),
			fail,
		);
	const applyFault = () => {
		const fault = {};
		const [type, a, b] = kind.value.split(':');
		if (type === 'code') Object.assign(fault, { resultCode: a, variant: b });
		if (type === 'http') fault.httpStatus = Number(a);
		if (type === 'garbled') fault.garbled = true;
		if (type === 'drop') fault.drop = true;
		if (latency.value) fault.latencyMs = Number(latency.value);
		if (count.value) fault.count = Number(count.value);
		const body = Object.keys(fault).length === 0 || (Object.keys(fault).length === 1 && fault.count) ? {} : { [endpoint.value]: fault };
		return api('PUT', '/__sim/faults', body).then((f) => done(`Faults: ${JSON.stringify(f)}`), fail);
	};

	root.append(
		h(
			'section',
			{ class: 'controls' },
			h('h2', {}, 'Simulator controls'),
			h('p', { class: 'note' }, 'Every error a real user could meet. Change something, then press the button above.'),
			h(
				'fieldset',
				{},
				h('legend', {}, 'Network the gateway sees'),
				h('label', {}, 'mode ', network),
				' ',
				h('label', {}, 'number ', msisdn),
				' ',
				h('button', { type: 'button', onclick: applyNetwork }, 'Apply'),
			),
			h(
				'fieldset',
				{},
				h('legend', {}, 'Platform fault'),
				h('label', {}, 'endpoint ', endpoint),
				' ',
				h('label', {}, 'fault ', kind),
				' ',
				h('label', {}, 'latency ms ', latency),
				' ',
				h('label', {}, 'only the next ', count, ' requests'),
				' ',
				h('button', { type: 'button', onclick: applyFault }, 'Apply'),
				' ',
				h(
					'button',
					{ type: 'button', onclick: () => api('DELETE', '/__sim/faults').then(() => done('Faults cleared.'), fail) },
					'Clear faults',
				),
			),
			h(
				'fieldset',
				{},
				h('legend', {}, 'Elsewhere'),
				h('label', {}, backendDown, ' your backend is down'),
				h('br'),
				h('label', {}, fakeWifi, ' the browser reports Wi-Fi (navigator.connection.type)'),
				h('br'),
				h(
					'button',
					{
						type: 'button',
						onclick: () =>
							api('POST', '/__sim/reset').then(() => {
								network.value = 'cellular';
								done('Simulator reset.');
								void refreshLog();
							}, fail),
					},
					'Reset simulator',
				),
			),
			message,
		),
	);
	backendDown.addEventListener('change', () =>
		api('PUT', '/demo/backend', { down: backendDown.checked }).then(
			() => done(backendDown.checked ? 'Backend down: its connections are cut.' : 'Backend up.'),
			fail,
		),
	);
	fakeWifi.addEventListener('change', () => {
		// Demo only: what Chrome on Android reports on Wi-Fi. The element checks it before any request.
		Object.defineProperty(navigator, 'connection', { configurable: true, value: fakeWifi.checked ? { type: 'wifi' } : undefined });
		done(fakeWifi.checked ? 'navigator.connection.type is now "wifi".' : 'navigator.connection cleared.');
	});

	// ---- what the simulator saw ----
	const logBody = h('tbody');
	const refreshLog = async () => {
		const { entries } = await api('GET', '/__sim/log');
		logBody.replaceChildren(
			...entries
				.slice(-12)
				.reverse()
				.map((e) =>
					h(
						'tr',
						{},
						h('td', {}, e.time.slice(11, 23)),
						h('td', {}, e.endpoint),
						h('td', {}, e.method + (e.preflight ? ' (preflight)' : '')),
						h('td', {}, e.contentType ?? ''),
						h('td', {}, e.origin ?? ''),
						h('td', {}, String(e.status ?? 'dropped')),
						h('td', {}, e.resultCode ?? ''),
						h('td', {}, e.fault ?? ''),
					),
				),
		);
	};
	root.append(
		h(
			'section',
			{},
			h('h2', {}, 'What the platform (simulator) saw'),
			h(
				'p',
				{ class: 'note' },
				'Note: no OPTIONS preflight before getMobile — the request is sent as text/plain, as the vendor’s own script does.',
			),
			// Focusable, so a keyboard can scroll it too.
			h(
				'div',
				{ class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Requests the simulator saw' },
				h(
					'table',
					{},
					h(
						'thead',
						{},
						h(
							'tr',
							{},
							...['time', 'endpoint', 'method', 'content-type', 'origin', 'HTTP', 'resultCode', 'fault'].map((t) => h('th', {}, t)),
						),
					),
					logBody,
				),
			),
			h('button', { type: 'button', onclick: () => void refreshLog() }, 'Refresh'),
		),
	);
	void refreshLog();
}
