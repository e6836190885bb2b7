import type { ChunkRecord, RunConfig, RunEvent, RunSummary } from '../../../contract/index.ts';

/** What the Experiment screen knows about the run in flight, folded from its `run.event`s. */
export interface LiveRun {
  runId: string;
  status: 'starting' | 'running' | 'finished' | 'failed' | 'cancelled';
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
    case 'started':
      return {
        ...run,
        status: 'running',
        config: event.config,
        synthetic: event.provenance.model.synthetic,
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
