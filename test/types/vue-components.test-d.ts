/**
 * Compile-time tests of `cmcc-uaid/vue`: the GlobalComponents entry that Volar / vue-tsc read for
 * `<cmcc-uaid>` in templates. Each @ts-expect-error must stay an error, or `npm run typecheck` fails.
 */
import type { GlobalComponents } from 'vue';
import { expectTypeOf } from 'vitest';
import type { UaidSuccessEvent } from '../../src/element/events.js';
import type {} from '../../src/element/vue-components.js';

type Props = InstanceType<GlobalComponents['cmcc-uaid']>['$props'];

expectTypeOf<Props['signUrl']>().toEqualTypeOf<string | undefined>();
expectTypeOf<Props['timeout']>().toEqualTypeOf<number | undefined>();
expectTypeOf<NonNullable<Props['onUaidSuccess']>>().parameter(0).toEqualTypeOf<UaidSuccessEvent>();

const props: Props = { signUrl: '/api/uaid/sign', timeout: 8000, onUaidSuccess: (event) => void event.detail.uaid };
void props;
// @ts-expect-error timeout is a number
const wrong: Props = { timeout: '8000' };
void wrong;
