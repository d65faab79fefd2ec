/**
 * <cmcc-uaid> in a React 19 component. `import 'cmcc-uaid'` registers the tag;
 * `import type {} from 'cmcc-uaid/react'` types it in JSX. React 19 passes `onuaid-success` etc.
 * to addEventListener as they are, so the handlers receive the element's typed events.
 */
import { useRef, useState } from 'react';
import 'cmcc-uaid';
import type { CmccUaidElement, UaidErrorEvent, UaidSuccessEvent } from 'cmcc-uaid';
import type {} from 'cmcc-uaid/react';

type Outcome = { kind: 'none' } | { kind: 'uaid'; uaid: string } | { kind: 'error'; code: string; retryable: boolean };

export function App({ tokenUrl }: { tokenUrl?: string | undefined }) {
	const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
	const element = useRef<CmccUaidElement>(null);

	const onSuccess = (event: UaidSuccessEvent) => {
		// Bind the UAID to a session on the server, in the kit's onUaid; the page gets what it returns as
		// event.detail.data, and event.detail.uaid only while the backend exposes it (the demo's does).
		setOutcome({ kind: 'uaid', uaid: event.detail.uaid ?? '' });
	};
	const onError = (event: UaidErrorEvent) => setOutcome({ kind: 'error', code: event.detail.code, retryable: event.detail.retryable });

	return (
		<main>
			<h1>React 19</h1>
			<cmcc-uaid
				ref={element}
				block
				sign-url="/uaid/sign"
				validate-url="/uaid/validate"
				{...(tokenUrl ? { 'token-url': tokenUrl } : {})}
				timeout={10_000}
				onuaid-success={onSuccess}
				onuaid-error={onError}
			>
				本机号码一键认证
				<a slot="fallback" href="#sms-login">
					短信验证码登录
				</a>
			</cmcc-uaid>
			<p>
				<output data-testid="outcome" data-kind={outcome.kind}>
					{outcome.kind === 'uaid' ? outcome.uaid : outcome.kind === 'error' ? outcome.code : ''}
				</output>
			</p>
			<button
				type="button"
				data-testid="reset"
				onClick={() => {
					element.current?.reset();
					setOutcome({ kind: 'none' });
				}}
			>
				Reset
			</button>
		</main>
	);
}
