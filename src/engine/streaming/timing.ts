/**
 * Per-run timing summaries (experiments.md "Timing metrics"): TTFA and its stages, real-time factor, and how
 * busy each pipeline worker was compared with the best a parallel pipeline could do. Times are ms from the
 * request unless said otherwise.
 */

export interface TtfaStageTimes {
  /** The first text segment is ready for the token generator. */
  textReadyMs: number;
  /** The first speech token is sampled. */
  firstTokenMs: number;
  /** The first chunk's decode finished. */
  firstChunkDecodedMs: number;
  /** The first sample is handed to playback (after the boundary treatment): this is TTFA. */
  firstSampleMs: number;
}

export interface TtfaSummary {
  ttfaMs: number;
  stages: TtfaStageTimes;
  /** How long each stage took: where the time to first audio went. They sum to TTFA. */
  durations: {
    textMs: number;
    firstTokenMs: number;
    firstChunkMs: number;
    handOffMs: number;
  };
}

/** TTFA and where it went; the stages must be in order (anything else is an instrumentation bug). */
export function summarizeTtfa(stages: TtfaStageTimes): TtfaSummary {
  const order = ['textReadyMs', 'firstTokenMs', 'firstChunkDecodedMs', 'firstSampleMs'] as const;
  let previous = 0;
  for (const key of order) {
    const value = stages[key];
    if (!Number.isFinite(value) || value < previous) {
      throw new RangeError(
        `TTFA stages out of order: ${key} = ${value} ms comes before the previous stage (${previous} ms)`,
      );
    }
    previous = value;
  }
  return {
    ttfaMs: stages.firstSampleMs,
    stages: { ...stages },
    durations: {
      textMs: stages.textReadyMs,
      firstTokenMs: stages.firstTokenMs - stages.textReadyMs,
      firstChunkMs: stages.firstChunkDecodedMs - stages.firstTokenMs,
      handOffMs: stages.firstSampleMs - stages.firstChunkDecodedMs,
    },
  };
}

/** Duration of `samples` at `sampleRate` (24 kHz by default), in ms. */
export function audioDurationMs(samples: number, sampleRate = 24_000): number {
  if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be > 0, got ${sampleRate}`);
  return (samples * 1000) / sampleRate;
}

/**
 * Real-time factor: compute wall time / audio duration (below 1 = faster than real time). Null when there is
 * no audio, where the ratio means nothing (a run that produced no audio is reported, not divided by zero).
 */
export function realTimeFactor(wallMs: number, audioMs: number): number | null {
  if (!Number.isFinite(wallMs) || wallMs < 0) throw new RangeError(`wallMs must be >= 0, got ${wallMs}`);
  if (!Number.isFinite(audioMs) || audioMs < 0) throw new RangeError(`audioMs must be >= 0, got ${audioMs}`);
  return audioMs === 0 ? null : wallMs / audioMs;
}

export interface BusyInterval {
  startMs: number;
  endMs: number;
}

/**
 * Total time covered by `intervals` inside [fromMs, toMs]. Overlapping intervals count once: a worker that
 * reports nested or overlapping spans (a request inside a batch) was still busy only once.
 */
export function busyMs(intervals: readonly BusyInterval[], fromMs: number, toMs: number): number {
  const clipped = intervals
    .map((iv) => {
      if (!(iv.endMs >= iv.startMs)) {
        throw new RangeError(`busy interval ends (${iv.endMs}) before it starts (${iv.startMs})`);
      }
      return { startMs: Math.max(fromMs, iv.startMs), endMs: Math.min(toMs, iv.endMs) };
    })
    .filter((iv) => iv.endMs > iv.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let coveredTo = -Infinity;
  for (const iv of clipped) {
    const from = Math.max(iv.startMs, coveredTo);
    if (iv.endMs > from) total += iv.endMs - from;
    coveredTo = Math.max(coveredTo, iv.endMs);
  }
  return total;
}

export interface WorkerUtilisation {
  busyMs: number;
  /** busyMs / wall time, 0..1. */
  share: number;
}

/** Share of the run's wall time [wallStartMs, wallEndMs] each worker was busy. */
export function pipelineUtilisation(
  workers: Readonly<Record<string, readonly BusyInterval[]>>,
  wallStartMs: number,
  wallEndMs: number,
): Record<string, WorkerUtilisation> {
  if (!(wallEndMs >= wallStartMs)) {
    throw new RangeError(`wall time ends (${wallEndMs}) before it starts (${wallStartMs})`);
  }
  const wall = wallEndMs - wallStartMs;
  const result: Record<string, WorkerUtilisation> = {};
  for (const [name, intervals] of Object.entries(workers)) {
    const busy = busyMs(intervals, wallStartMs, wallEndMs);
    result[name] = { busyMs: busy, share: wall === 0 ? 0 : busy / wall };
  }
  return result;
}

export interface ParallelBound {
  tokenMs: number;
  decodeMs: number;
  /** The sequential pipeline's floor: both kinds of work back to back. */
  sequentialMs: number;
  /** The parallel pipeline's floor: the busier worker, max(sum of token time, sum of decode time). */
  idealWallMs: number;
  measuredWallMs: number;
  /** idealWallMs / measuredWallMs: 1 = the pipeline hid all of the lighter worker's time. */
  efficiency: number | null;
  /** measured - ideal: time lost to start-up, queue waits and hand-offs. */
  overheadMs: number;
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/**
 * The parallel ideal bound against the measured wall time. Takes per-chunk (or per-step) times for the token
 * generator and the decoder; negative times are refused since they can only come from a clock mix-up.
 */
export function parallelBound(
  tokenTimesMs: readonly number[],
  decodeTimesMs: readonly number[],
  measuredWallMs: number,
): ParallelBound {
  for (const v of [...tokenTimesMs, ...decodeTimesMs, measuredWallMs]) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`times must be finite and >= 0, got ${v}`);
  }
  const tokenMs = sum(tokenTimesMs);
  const decodeMs = sum(decodeTimesMs);
  const idealWallMs = Math.max(tokenMs, decodeMs);
  return {
    tokenMs,
    decodeMs,
    sequentialMs: tokenMs + decodeMs,
    idealWallMs,
    measuredWallMs,
    efficiency: measuredWallMs === 0 ? null : idealWallMs / measuredWallMs,
    overheadMs: measuredWallMs - idealWallMs,
  };
}
