import type { ChunkRecord, RunConfig, RunEvent, RunSummary } from '../../../contract/index.ts';

/** What the Experiment screen knows about the run in flight, folded from its `run.event`s. */
export interface LiveRun {
  runId: string;
  status: 'starting' | 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';
  /** Place in the engine's queue while queued (1 = next). */
  queuePosition: number | null;
  /** The model was loaded or warmed for this run (it waited outside its clock); null until started. */
  cold: boolean | null;
  /** Other runs overlapped this run's clock (known when it ends), ms; null until then. */
  contendedMs: number | null;
  /** Followed after a reload or screen switch: its earlier audio was not played here. */
  reattached: boolean;
  config: RunConfig | null;
  synthetic: boolean;
  tokens: number;
  /** Latest token batch time (ms from the request), to draw the token worker's current activity. */
  lastTokenAtMs: number;
  segments: { segment: number; text: string; atMs: number }[];
  chunks: ChunkRecord[];
  boundaries: number;
  summary: RunSummary | null;
  error: { code: string; message: string } | null;
  /** performance.now() when the user pressed Run, and when the first chunk's audio arrived here. */
  requestedAt: number;
  firstAudioAt: number | null;
}

export function newLiveRun(runId: string, requestedAt: number): LiveRun {
  return {
    runId,
    status: 'starting',
    queuePosition: null,
    cold: null,
    contendedMs: null,
    reattached: false,
    config: null,
    synthetic: false,
    tokens: 0,
    lastTokenAtMs: 0,
    segments: [],
    chunks: [],
    boundaries: 0,
    summary: null,
    error: null,
    requestedAt,
    firstAudioAt: null,
  };
}

/** Pure: the next state after one event (events for other runs are ignored). */
export function foldRunEvent(run: LiveRun, event: RunEvent, now: number): LiveRun {
  if (event.runId !== run.runId) return run;
  switch (event.type) {
    case 'queued':
      return { ...run, status: 'queued', queuePosition: event.position, config: event.config };
    case 'started':
      return {
        ...run,
        status: 'running',
        queuePosition: null,
        config: event.config,
        synthetic: event.provenance.model.synthetic,
        cold: event.provenance.conditions?.cold ?? null,
      };
    case 'text':
      return {
        ...run,
        segments: [...run.segments, { segment: event.segment, text: event.text, atMs: event.atMs }],
      };
    case 'tokens':
      return { ...run, tokens: run.tokens + event.tokens.length, lastTokenAtMs: event.atMs };
    case 'chunk':
      return {
        ...run,
        chunks: [...run.chunks, event.chunk],
        firstAudioAt: run.firstAudioAt ?? now,
      };
    case 'boundary':
      return { ...run, boundaries: run.boundaries + 1 };
    case 'finished':
      return {
        ...run,
        status: 'finished',
        summary: event.summary,
        synthetic: event.summary.provenance.model.synthetic,
        tokens: event.summary.metrics.tokens,
        contendedMs: event.summary.provenance.conditions?.contended
          ? event.summary.provenance.conditions.overlapMs
          : null,
      };
    case 'failed':
      return { ...run, status: 'failed', error: event.error };
    case 'cancelled':
      return { ...run, status: 'cancelled' };
  }
}

export function isDone(run: LiveRun): boolean {
  return run.status === 'finished' || run.status === 'failed' || run.status === 'cancelled';
}
