import type { Handlers } from '../../contract/index.ts';
import type { runMethods } from '../../contract/methods/runs.ts';
import type { EngineContext } from '../engine-context.ts';
import { toContractEvent } from '../experiments/experiment-events.ts';

type RunHandlers = Pick<Handlers, keyof typeof runMethods>;

/** runs.start answers at once; the run's progress reaches every client as `run.event` events. */
export function runHandlers(ctx: EngineContext): RunHandlers {
  return {
    'runs.start': async ({ config, save, concurrent }) => {
      const { runId } = ctx.runs.start(config, { save, concurrent });
      return { runId };
    },
    'runs.active': async () => ({
      runs: ctx.runs.activeRuns().map((run) => ({ ...run, events: run.events.map(toContractEvent) })),
    }),
    'runs.cancel': async ({ runId }) => ({ cancelled: ctx.runs.cancel(runId) }),
  };
}
