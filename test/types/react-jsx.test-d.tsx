/**
 * Compile-time tests of `cmcc-uaid/react`: <cmcc-uaid> in React 19 JSX, with typed attributes and
 * `onuaid-*` events. Each @ts-expect-error must stay an error, or `npm run typecheck` fails.
 */
import { useRef } from 'react';
import { expectTypeOf } from 'vitest';
import type { CmccUaidElement } from '../../src/element/cmcc-uaid-element.js';
import type { UaidErrorEvent, UaidSuccessEvent } from '../../src/element/events.js';
import type {} from '../../src/element/react-jsx.js';

export function Page() {
	const ref = useRef<CmccUaidElement>(null);
	return (
		<>
			<cmcc-uaid
				ref={ref}
				sign-url="/api/uaid/sign"
				validate-url="/api/uaid/validate"
				timeout={8000}
				prefetch="intent"
				auto
				skip-wifi-check
				lang="en"
				className="login"
				onuaid-success={(event) => {
					expectTypeOf(event).toEqualTypeOf<UaidSuccessEvent>();
					expectTypeOf(event.detail.uaid).toEqualTypeOf<string | undefined>();
				}}
				onuaid-error={(event) => expectTypeOf(event).toEqualTypeOf<UaidErrorEvent>()}
			>
				本机号码认证
			</cmcc-uaid>
			{/* @ts-expect-error timeout is a number */}
			<cmcc-uaid timeout="8000" />
			{/* @ts-expect-error prefetch is 'connect' | 'intent' | 'none' */}
			<cmcc-uaid prefetch="always" />
			{/* @ts-expect-error the success event's detail has no code */}
			<cmcc-uaid onuaid-success={(event: UaidSuccessEvent) => event.detail.code} />
			{/* @ts-expect-error auto is a boolean attribute */}
			<cmcc-uaid auto="yes" />
			{/* @ts-expect-error an unknown property is a typo (TypeScript never checks hyphenated names, so misspelt kebab attributes pass) */}
			<cmcc-uaid autostart />
		</>
	);
}
