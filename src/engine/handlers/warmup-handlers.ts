import type { Handlers } from '../../contract/index.ts';
import type { warmupMethods } from '../../contract/methods/warmup.ts';
import type { EngineContext } from '../engine-context.ts';

type WarmupHandlers = Pick<Handlers, keyof typeof warmupMethods>;

/** models.warm answers at once with the state; `models.warmth` events follow its progress. */
export function warmupHandlers(ctx: EngineContext): WarmupHandlers {
  return {
    'models.warm': async ({ model }) => {
      // The failure is reported as state (and as an event), not as this call's error.
      ctx.models.warm(model).catch(() => undefined);
      const state = ctx.models.warmth().find((w) => w.model === model);
      return state ?? { model, state: 'warming', ms: null, error: null };
    },
    'models.warmth': async () => ({ models: ctx.models.warmth() }),
  };
}
