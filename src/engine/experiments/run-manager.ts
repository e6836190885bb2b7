import { randomUUID } from 'node:crypto';
import os from 'node:os';
import {
  RunConfigSchema,
  type RunConditions,
  type RunConfig,
  type RunConfigInput,
} from '../../contract/index.ts';
import type { RunStore, SweepLink } from '../store/index.ts';
import type { ExperimentEvent, RunOutput } from './experiment-events.ts';
import type { ModelPool } from './model-pool.ts';
import { ContentionTracker } from './run-conditions.ts';
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
  /**
   * Skip the queue and run alongside whatever runs now. The timings then share the cores with other runs: the
   * stored run says so (provenance.conditions: contended, overlapMs).
   */
  concurrent?: boolean;
  /** Repeats of one configuration share this id (provenance.repeatGroup). */
  repeatGroup?: string;
}

/** A run the manager holds: waiting its turn or running, with its events so far for a viewer that re-attaches. */
export interface ActiveRun {
  runId: string;
  config: RunConfig;
  state: 'queued' | 'running';
  /** 1 = next; null once running. */
  position: number | null;
  concurrent: boolean;
  events: readonly ExperimentEvent[];
}

interface Entry {
  runId: string;
  config: RunConfig;
  state: 'queued' | 'running';
  concurrent: boolean;
  position: number | null;
  abort: AbortController;
  events: ExperimentEvent[];
  deliver: (event: ExperimentEvent) => void;
  admit?: () => void;
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
 *
 * One measured run at a time: a run started while another is active waits in a FIFO queue ('queued' events with
 * its position) unless it asks to run concurrently; every run records how long others overlapped its clock.
 */
export class RunManager {
  private readonly options: RunManagerOptions;
  private readonly active = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly queue: Entry[] = [];
  private readonly contention = new ContentionTracker();

  constructor(options: RunManagerOptions) {
    this.options = options;
  }

  get activeRunIds(): string[] {
    return [...this.active.keys()];
  }

  /** Runs queued or running, oldest first, each with its events so far (a re-attaching viewer replays them). */
  activeRuns(): ActiveRun[] {
    return [...this.active.values()].map((e) => ({
      runId: e.runId,
      config: e.config,
      state: e.state,
      position: e.position,
      concurrent: e.concurrent,
      events: [...e.events],
    }));
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
    const save = options.save ?? true;
    const store = save ? this.options.store() : undefined;
    const concurrent = options.concurrent ?? false;
    const events: ExperimentEvent[] = [];
    const enqueuedAt = performance.now();
    let conditions: RunConditions | undefined;

    const deliver = (event: ExperimentEvent) => {
      if (event.type === 'started') {
        // The measurement conditions the manager knows: queue wait, other runs now; completed when the run ends.
        if (options.repeatGroup) event.provenance.repeatGroup = options.repeatGroup;
        conditions = event.provenance.conditions;
        if (conditions) {
          conditions.queuedMs = queuedMs;
          conditions.concurrent = concurrent;
          conditions.otherRunsAtStart = this.contention.clockStarted(runId);
          conditions.contended = conditions.otherRunsAtStart > 0;
        }
        store?.beginRun(runId, event.config, event.provenance, { sweep: options.sweep });
      }
      events.push(event);
      for (const listener of [options.onEvent, this.options.onEvent]) {
        try {
          listener?.(event);
        } catch {
          // A listener's failure (e.g. a closed socket) must not fail the run or its record.
        }
      }
    };

    const entry: Entry = {
      runId,
      config,
      state: 'running',
      concurrent,
      position: null,
      abort,
      events,
      deliver,
    };
    this.active.set(runId, entry);
    let queuedMs = 0;

    const done = (async () => {
      let begun = false;
      try {
        await this.waitForTurn(entry);
        queuedMs = performance.now() - enqueuedAt;
        this.contention.activate(runId);
        const output = await runExperiment(this.options.models, config, {
          runId,
          signal: abort.signal,
          onEvent: (event) => {
            if (event.type === 'started') begun = true;
            deliver(event);
          },
        });
        if (conditions) {
          const overlap = this.contention.finish(runId);
          conditions.overlapMs = overlap.overlapMs;
          conditions.otherRunsMax = Math.max(conditions.otherRunsAtStart, overlap.otherRunsMax);
          conditions.contended = conditions.contended || overlap.overlapMs > 0;
          conditions.loadAvgEnd = os.loadavg();
          output.summary.provenance.conditions = conditions;
        }
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
        this.contention.finish(runId);
        this.active.delete(runId);
        this.running.delete(runId);
        this.removeFromQueue(entry);
        this.admitNext();
      }
    })();
    this.running.set(runId, done);
    // Callers that only listen to events must not see an unhandled rejection.
    done.catch(() => undefined);
    return { runId, done };
  }

  cancel(runId: string): boolean {
    const entry = this.active.get(runId);
    if (!entry) return false;
    entry.abort.abort();
    return true;
  }

  /** Cancels every run in flight and resolves once they have all wound down (recorded as cancelled). */
  async cancelAll(): Promise<void> {
    const running = [...this.running.values()];
    for (const entry of this.active.values()) entry.abort.abort();
    await Promise.allSettled(running);
  }

  /**
   * Resolves when the run may start: at once for a concurrent run or when nothing else is active, otherwise when
   * the runs ahead of it have ended. Rejects with RunCancelledError if it is cancelled while it waits.
   */
  private waitForTurn(entry: Entry): Promise<void> {
    const othersActive = [...this.active.values()].some((e) => e !== entry && e.state === 'running');
    if (entry.concurrent || (!othersActive && this.queue.length === 0)) return Promise.resolve();
    entry.state = 'queued';
    this.queue.push(entry);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.removeFromQueue(entry);
        reject(new RunCancelledError(0));
      };
      entry.admit = () => {
        entry.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      };
      if (entry.abort.signal.aborted) onAbort();
      else entry.abort.signal.addEventListener('abort', onAbort, { once: true });
      this.announcePositions();
    });
  }

  private removeFromQueue(entry: Entry): void {
    const at = this.queue.indexOf(entry);
    if (at < 0) return;
    this.queue.splice(at, 1);
    this.announcePositions();
  }

  /** Starts the next queued run once no run is active. */
  private admitNext(): void {
    const busy = [...this.active.values()].some((e) => e.state === 'running');
    if (busy) return;
    const next = this.queue.shift();
    if (!next) return;
    next.state = 'running';
    next.position = null;
    next.admit?.();
    this.announcePositions();
  }

  private announcePositions(): void {
    this.queue.forEach((entry, i) => {
      if (entry.position === i + 1) return;
      entry.position = i + 1;
      entry.deliver({ type: 'queued', runId: entry.runId, config: entry.config, position: i + 1 });
    });
  }
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return 'engine_error';
}
