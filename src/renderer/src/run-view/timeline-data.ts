import type { ChunkRecord } from '../../../contract/index.ts';
import type { GanttBar } from '../components/Gantt.tsx';
import { ms } from '../components/format.ts';

export interface PlaySpan {
  chunk: number;
  start: number;
  end: number;
}
export interface GapSpan {
  /** The chunk that arrived late. */
  chunk: number;
  start: number;
  end: number;
}

/**
 * Real-time playback of the chunks as the engine emitted them (experiments.md, playback): audio starts at
 * `startMs` and plays at real speed; whenever the next chunk is not ready when the previous one ends, the wait is
 * a gap. The engine's gap metrics come from the same rule; this rebuilds the spans to draw them per chunk.
 */
export function playbackSpans(
  chunks: readonly ChunkRecord[],
  startMs: number,
): { plays: PlaySpan[]; gaps: GapSpan[] } {
  const plays: PlaySpan[] = [];
  const gaps: GapSpan[] = [];
  let t = startMs;
  chunks.forEach((chunk, i) => {
    if (chunk.audioMs <= 0) return;
    if (chunk.emittedAtMs > t) {
      if (i > 0 && plays.length > 0) gaps.push({ chunk: chunk.index, start: t, end: chunk.emittedAtMs });
      t = chunk.emittedAtMs;
    }
    plays.push({ chunk: chunk.index, start: t, end: t + chunk.audioMs });
    t += chunk.audioMs;
  });
  return { plays, gaps };
}

const span = (label: string, a: number, b: number) => `${label}: ${ms(a)}–${ms(b)} ms (${ms(b - a)} ms)`;

type Stage = 'token' | 'queue' | 'decode';

/** A chunk's token generation, queue wait (when it waited) and decoding, each on the row `rowOf` gives. */
function stageBars(c: ChunkRecord, rowOf: (stage: Stage) => number): GanttBar[] {
  const bars: GanttBar[] = [
    {
      row: rowOf('token'),
      start: c.firstTokenAtMs,
      end: Math.max(c.lastTokenAtMs, c.firstTokenAtMs + 1),
      color: '--token',
      kind: 'token generation',
      tooltip: span(`chunk ${c.index} tokens`, c.firstTokenAtMs, c.lastTokenAtMs),
    },
  ];
  if (c.queueWaitMs > 0)
    bars.push({
      row: rowOf('queue'),
      start: c.decodeStartAtMs - c.queueWaitMs,
      end: c.decodeStartAtMs,
      color: '--queue',
      kind: 'queue wait',
      tooltip: span(`chunk ${c.index} waiting`, c.decodeStartAtMs - c.queueWaitMs, c.decodeStartAtMs),
    });
  bars.push({
    row: rowOf('decode'),
    start: c.decodeStartAtMs,
    end: Math.max(c.decodeEndAtMs, c.decodeStartAtMs + 1),
    color: '--decode',
    kind: 'decoding',
    tooltip: span(`chunk ${c.index} decode`, c.decodeStartAtMs, c.decodeEndAtMs),
  });
  return bars;
}

/** Real-time playback from `startMs` and its gaps, each on the row `rowOf` gives for its chunk index. */
function playbackBars(
  chunks: readonly ChunkRecord[],
  startMs: number,
  rowOf: (chunk: number) => number,
): GanttBar[] {
  const { plays, gaps } = playbackSpans(chunks, startMs);
  return [
    ...plays.map((p) => ({
      row: rowOf(p.chunk),
      start: p.start,
      end: p.end,
      color: '--play',
      kind: 'playback',
      tooltip: span(`chunk ${p.chunk} plays`, p.start, p.end),
    })),
    ...gaps.map((g) => ({
      row: rowOf(g.chunk),
      start: g.start,
      end: g.end,
      color: '--gap',
      kind: 'gap',
      tooltip: span(`gap before chunk ${g.chunk}`, g.start, g.end),
    })),
  ];
}

export const WORKER_ROWS = ['Text', 'Token worker', 'Queue', 'Decode worker', 'Playback'];
const WORKER_ROW_OF: Record<Stage, number> = { token: 1, queue: 2, decode: 3 };

/**
 * Per-worker timeline: when text arrived, when each chunk's tokens were generated, how long it waited in the
 * queue, when it was decoded and when it played (with gaps). `liveTokenAtMs` extends the token row for a chunk
 * still being generated.
 */
export function workerBars(
  chunks: readonly ChunkRecord[],
  options: {
    segments?: { segment: number; atMs: number }[];
    playbackStartMs?: number | null;
    liveTokenAtMs?: number;
  },
): GanttBar[] {
  const bars: GanttBar[] = [];
  for (const segment of options.segments ?? [])
    bars.push({
      row: 0,
      start: segment.atMs,
      end: segment.atMs + 4,
      color: '--muted',
      kind: 'text arrives',
      tooltip: `segment ${segment.segment} arrived at ${ms(segment.atMs)} ms`,
    });
  for (const c of chunks) bars.push(...stageBars(c, (stage) => WORKER_ROW_OF[stage]));
  const last = chunks.at(-1);
  if (options.liveTokenAtMs && options.liveTokenAtMs > (last?.lastTokenAtMs ?? 0))
    bars.push({
      row: 1,
      start: last?.lastTokenAtMs ?? 0,
      end: options.liveTokenAtMs,
      color: '--token',
      kind: 'token generation',
      tooltip: `generating: ${ms(options.liveTokenAtMs)} ms`,
    });
  if (options.playbackStartMs !== null && options.playbackStartMs !== undefined && chunks.length)
    bars.push(...playbackBars(chunks, options.playbackStartMs, () => 4));
  return bars;
}

/** Per-chunk timeline: one row per chunk with its token generation, queue wait, decode, playback and gap. */
export function chunkBars(
  chunks: readonly ChunkRecord[],
  playbackStartMs: number | null,
): { rows: string[]; bars: GanttBar[] } {
  const rows = chunks.map((c) => `chunk ${c.index}`);
  const bars = chunks.flatMap((c, row) => stageBars(c, () => row));
  if (playbackStartMs !== null) {
    const rowOf = new Map(chunks.map((c, i) => [c.index, i]));
    bars.push(...playbackBars(chunks, playbackStartMs, (chunk) => rowOf.get(chunk) ?? 0));
  }
  return { rows, bars };
}
