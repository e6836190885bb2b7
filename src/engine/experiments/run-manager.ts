import { randomUUID } from 'node:crypto';
import { RunConfigSchema, type RunConfig, type RunConfigInput } from '../../contract/index.ts';
import type { RunStore, SweepLink } from '../store/index.ts';
import type { ExperimentEvent, RunOutput } from './experiment-events.ts';
import type { ModelPool } from './model-pool.ts';
import { runExperiment, RunCancelledError } from './run-experiment.ts';

export interface StartRunOptions {
  /** Record the run in the store (default true). */
  save?: boolean;
  /** Link the run to a sweep grid point. */
  sweep?: SweepLink;
  /** Receives this run's events (in addition to the manager-wide listener). */
  onEvent?: (event: ExperimentEvent) => void;
  /** Cancels the run when aborted (e.g. a client disconnected). */
  signal?: AbortSignal;
}

export interface StartedRun {
  runId: string;
  /** Resolves with the run's output; rejects with RunCancelledError or the run's error. */
  done: Promise<RunOutput>;
}

export interface RunManagerOptions {
  models: ModelPool;
  store: () => RunStore;
  /** Every event of every run (the engine forwards them over the contract). */
  onEvent?: (event: ExperimentEvent) => void;
}

/**
 * Starts runs, tracks the ones in flight so they can be cancelled, and records each in the store as it happens:
 * a 'running' row when it starts, the whole result in one transaction when it ends, 'failed'/'cancelled' rows
 * otherwise (store writes never lose a run's outcome to a failing listener).
 */
export class RunManager {
  private readonly options: RunManagerOptions;
  private readonly active = new Map<string, AbortController>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(options: RunManagerOptions) {
    this.options = options;
  }

  get activeRunIds(): string[] {
    return [...this.active.keys()];
  }

  /** Validates the config (throws a ZodError listing every problem) and starts the run. */
  start(input: RunConfigInput | RunConfig, options: StartRunOptions = {}): StartedRun {
    const config = RunConfigSchema.parse(input);
    const runId = randomUUID();
    const abort = new AbortController();
    if (options.signal) {
      if (options.signal.aborted) abort.abort();
      else options.signal.addEventListener('abort', () => abort.abort(), { once: true });
    }
    this.active.set(runId, abort);
    const save = options.save ?? true;
    const store = save ? this.options.store() : undefined;

    const deliver = (event: ExperimentEvent) => {
      if (event.type === 'started' && store) {
        store.beginRun(runId, event.config, event.provenance, { sweep: options.sweep });
      }
      for (const listener of [options.onEvent, this.options.onEvent]) {
        try {
          listener?.(event);
        } catch {
          // A listener's failure (e.g. a closed socket) must not fail the run or its record.
        }
      }
    };

    const done = (async () => {
      let begun = false;
      try {
        const output = await runExperiment(this.options.models, config, {
          runId,
          signal: abort.signal,
          onEvent: (event) => {
            if (event.type === 'started') begun = true;
            deliver(event);
          },
        });
        store?.finishRun(runId, output.summary, {
          stream: output.stream,
          reference: output.reference,
          repeats: output.referenceRepeats,
        });
        deliver({ type: 'finished', runId, summary: output.summary });
        return output;
      } catch (error) {
        if (error instanceof RunCancelledError) {
          if (begun) store?.cancelRun(runId);
          deliver({ type: 'cancelled', runId, atMs: error.atMs });
        } else {
          const message = error instanceof Error ? error.message : String(error);
          if (begun) store?.failRun(runId, message);
          deliver({ type: 'failed', runId, error: { code: errorCode(error), message } });
        }
        throw error;
      } finally {
        this.active.delete(runId);
        this.running.delete(runId);
      }
    })();
    this.running.set(runId, done);
    // Callers that only listen to events must not see an unhandled rejection.
    done.catch(() => undefined);
    return { runId, done };
  }

  cancel(runId: string): boolean {
    const abort = this.active.get(runId);
    if (!abort) return false;
    abort.abort();
    return true;
  }

  /** Cancels every run in flight and resolves once they have all wound down (recorded as cancelled). */
  async cancelAll(): Promise<void> {
    const running = [...this.running.values()];
    for (const abort of this.active.values()) abort.abort();
    await Promise.allSettled(running);
  }
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return 'engine_error';
}
