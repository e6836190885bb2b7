import os from 'node:os';
import type { RunConditions } from '../../contract/index.ts';
import type { WarmthReport } from './model-pool.ts';

/**
 * A run's measurement conditions as known when its clock starts; the run manager adds the queue wait and, when
 * the run ends, how long other runs overlapped it and the load average then.
 */
export function clockStartConditions(warmth: WarmthReport): RunConditions {
  return {
    cold: warmth.cold,
    warmupMs: warmth.waitedMs,
    queuedMs: 0,
    concurrent: false,
    contended: false,
    overlapMs: 0,
    otherRunsAtStart: 0,
    otherRunsMax: 0,
    loadAvgStart: os.loadavg(),
    loadAvgEnd: null,
  };
}

interface Measured {
  overlapMs: number;
  /** Since when at least one other run has been active (null: none now). */
  since: number | null;
  otherRunsMax: number;
}

/**
 * Which runs of one engine are active (loading, warming or timed), and for every run whose clock is running how
 * long at least one other run was active alongside it: the contention its timings carry.
 */
export class ContentionTracker {
  private readonly now: () => number;
  private readonly active = new Set<string>();
  private readonly measured = new Map<string, Measured>();

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** The run began using the engine (before its clock: loading and warming compete for the cores too). */
  activate(runId: string): void {
    this.update(() => this.active.add(runId));
  }

  /** The run's clock started; returns how many other runs are active at that moment. */
  clockStarted(runId: string): number {
    this.update(() => {
      this.active.add(runId);
      this.measured.set(runId, { overlapMs: 0, since: null, otherRunsMax: 0 });
    });
    return this.active.size - 1;
  }

  /** The run ended (any outcome); returns its overlap (zero if its clock never started). */
  finish(runId: string): { overlapMs: number; otherRunsMax: number } {
    let result = { overlapMs: 0, otherRunsMax: 0 };
    this.update(() => {
      const m = this.measured.get(runId);
      if (m) result = { overlapMs: m.overlapMs, otherRunsMax: m.otherRunsMax };
      this.measured.delete(runId);
      this.active.delete(runId);
    });
    return result;
  }

  private update(change: () => void): void {
    const t = this.now();
    for (const m of this.measured.values()) {
      if (m.since !== null) m.overlapMs += t - m.since;
      m.since = null;
    }
    change();
    for (const [runId, m] of this.measured) {
      const others = this.active.size - (this.active.has(runId) ? 1 : 0);
      m.otherRunsMax = Math.max(m.otherRunsMax, others);
      m.since = others > 0 ? t : null;
    }
  }
}
