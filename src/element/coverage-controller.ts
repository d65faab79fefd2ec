import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UaidClientError } from '../client/errors.js';
import type { UaidClient } from '../client/uaid-client.js';
import type { Carrier } from '../protocol/backend-wire.js';
import { UaidAvailabilityEvent } from './events.js';

/**
 * The carrier of the page's IP, asked once per connection (alongside the prefetch), and what it
 * means for the view: the integrator's `fallback` slot, and whether the button may hide. Only the
 * latest question's answer counts.
 */
export class CoverageController implements ReactiveController {
	/** The backend's answer; undefined until it is in, or with coverage off. */
	carrier: Carrier | undefined;

	readonly #host: ReactiveControllerHost & EventTarget;
	#abort: AbortController | undefined;

	constructor(host: ReactiveControllerHost & EventTarget) {
		this.#host = host;
		host.addController(this);
	}

	/** Asks the client's coverage endpoint; fires `uaid-availability` with the answer (`unknown` on any failure). */
	ask(client: UaidClient): void {
		this.#abort?.abort();
		const abort = new AbortController();
		this.#abort = abort;
		void client.coverage({ signal: abort.signal }).then((carrier) => {
			if (abort.signal.aborted) return;
			this.carrier = carrier;
			this.#host.requestUpdate();
			this.#host.dispatchEvent(new UaidAvailabilityEvent({ carrier }));
		});
	}

	/**
	 * The fallback shows where UAID cannot work: another carrier (China Unicom, China Telecom,
	 * `other`), a run that found no China Mobile cellular link, or after any error that trying again
	 * at once cannot mend (`retryable`: the catalogue's, or the backend's, word), so that no failure,
	 * a misconfiguration least of all, locks the user out.
	 */
	showsFallback(error?: UaidClientError): boolean {
		return (
			/^(china-[tu]|o)/.test(this.carrier!) ||
			(!!error && (!error.retryable || error.code === 'not-cellular' || error.code === 'wifi-detected'))
		);
	}

	hostDisconnected(): void {
		this.#abort?.abort();
	}
}
