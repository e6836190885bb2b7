import type { Handlers } from '../../contract/index.ts';
import type { runMethods } from '../../contract/methods/runs.ts';
import type { EngineContext } from '../engine-context.ts';

type RunHandlers = Pick<Handlers, keyof typeof runMethods>;

/** runs.start answers at once; the run's progress reaches every client as `run.event` events. */
export function runHandlers(ctx: EngineContext): RunHandlers {
  return {
    'runs.start': async ({ config, save }) => {
      const { runId } = ctx.runs.start(config, { save });
      return { runId };
    },
    'runs.cancel': async ({ runId }) => ({ cancelled: ctx.runs.cancel(runId) }),
  };
}
