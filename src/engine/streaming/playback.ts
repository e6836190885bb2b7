/**
 * A real-time playback model (experiments.md axis 5 and "Playback" metrics): given when each chunk's audio
 * became ready and how long it plays, where a listener would hear silence.
 *
 * - realtime: playback starts once the ready audio covers `jitterBufferMs` (or once all audio is ready, if the
 *   whole utterance is shorter), then plays at real speed; whenever the next chunk is not ready when the
 *   previous one finishes, playback stalls until it arrives: a gap.
 * - gather-then-play (seed 002's mode): wait for all audio, then play it with no gaps; TTFA is the last ready
 *   time.
 *
 * Chunks play in the order given. A chunk that happens to be ready before an earlier one cannot play before it,
 * so readiness is taken as the running maximum of `readyAtMs` (only contiguous audio is playable).
 */

export interface PlaybackChunk {
  /** ms from the request when this chunk's audio is ready for playback. */
  readyAtMs: number;
  durationMs: number;
}

export interface PlaybackOptions {
  jitterBufferMs: number;
  mode: 'realtime' | 'gather-then-play';
}

export interface PlaybackGap {
  /** When playback ran dry. */
  atMs: number;
  durationMs: number;
  /** The chunk playback was waiting for. */
  beforeChunk: number;
}

export interface LeadSample {
  atMs: number;
  /** Audio ready (and playable in order) but not played yet, in ms. */
  leadMs: number;
}

export interface PlaybackReport {
  mode: PlaybackOptions['mode'];
  jitterBufferMs: number;
  /** First audio ready for playback (first chunk; gather-then-play: all of it); null without audio. */
  ttfaMs: number | null;
  startMs: number;
  endMs: number;
  /** When each chunk starts playing. */
  chunkStartsMs: number[];
  gaps: PlaybackGap[];
  gapCount: number;
  totalGapMs: number;
  longestGapMs: number;
  /** Buffer lead at every chunk arrival and every change of playback state, in time order. */
  leadOverTime: LeadSample[];
}

function checkInputs(chunks: readonly PlaybackChunk[], options: PlaybackOptions): void {
  if (!(options.jitterBufferMs >= 0) || !Number.isFinite(options.jitterBufferMs)) {
    throw new RangeError(`jitterBufferMs must be a finite number >= 0, got ${options.jitterBufferMs}`);
  }
  if (options.mode !== 'realtime' && options.mode !== 'gather-then-play') {
    throw new RangeError(
      `playback mode must be 'realtime' or 'gather-then-play', got ${String(options.mode)}`,
    );
  }
  chunks.forEach((c, i) => {
    if (!Number.isFinite(c.readyAtMs) || c.readyAtMs < 0) {
      throw new RangeError(`chunk ${i}: readyAtMs must be a finite number >= 0, got ${c.readyAtMs}`);
    }
    if (!Number.isFinite(c.durationMs) || c.durationMs < 0) {
      throw new RangeError(`chunk ${i}: durationMs must be a finite number >= 0, got ${c.durationMs}`);
    }
  });
}

export function simulatePlayback(chunks: readonly PlaybackChunk[], options: PlaybackOptions): PlaybackReport {
  checkInputs(chunks, options);
  const base = { mode: options.mode, jitterBufferMs: options.jitterBufferMs };
  if (chunks.length === 0) {
    return {
      ...base,
      ttfaMs: null,
      startMs: 0,
      endMs: 0,
      chunkStartsMs: [],
      gaps: [],
      gapCount: 0,
      totalGapMs: 0,
      longestGapMs: 0,
      leadOverTime: [],
    };
  }

  const ready: number[] = [];
  let latest = 0;
  for (const c of chunks) {
    latest = Math.max(latest, c.readyAtMs);
    ready.push(latest);
  }
  const allReadyMs = latest;

  let startMs: number;
  let ttfaMs: number;
  if (options.mode === 'gather-then-play') {
    startMs = allReadyMs;
    ttfaMs = allReadyMs;
  } else {
    ttfaMs = ready[0]!;
    startMs = allReadyMs;
    let covered = 0;
    for (let i = 0; i < chunks.length; i++) {
      covered += chunks[i]!.durationMs;
      if (covered >= options.jitterBufferMs) {
        startMs = ready[i]!;
        break;
      }
    }
  }

  const gaps: PlaybackGap[] = [];
  const chunkStartsMs: number[] = [];
  let t = startMs;
  chunks.forEach((c, i) => {
    if (ready[i]! > t) {
      gaps.push({ atMs: t, durationMs: ready[i]! - t, beforeChunk: i });
      t = ready[i]!;
    }
    chunkStartsMs.push(t);
    t += c.durationMs;
  });
  const endMs = t;

  // Audio ready by time x, and audio played by time x (piecewise linear while a chunk plays).
  const readyBy = (x: number) => {
    let sum = 0;
    chunks.forEach((c, i) => {
      if (ready[i]! <= x) sum += c.durationMs;
    });
    return sum;
  };
  const playedBy = (x: number) => {
    let sum = 0;
    chunks.forEach((c, i) => {
      sum += Math.min(c.durationMs, Math.max(0, x - chunkStartsMs[i]!));
    });
    return sum;
  };
  const moments = new Set<number>([startMs, endMs, ...ready]);
  chunks.forEach((c, i) => {
    moments.add(chunkStartsMs[i]!);
    moments.add(chunkStartsMs[i]! + c.durationMs);
  });
  for (const g of gaps) moments.add(g.atMs);
  const leadOverTime = [...moments]
    .sort((a, b) => a - b)
    .map((atMs) => ({ atMs, leadMs: readyBy(atMs) - playedBy(atMs) }));

  const totalGapMs = gaps.reduce((s, g) => s + g.durationMs, 0);
  return {
    ...base,
    ttfaMs,
    startMs,
    endMs,
    chunkStartsMs,
    gaps,
    gapCount: gaps.length,
    totalGapMs,
    longestGapMs: gaps.reduce((m, g) => Math.max(m, g.durationMs), 0),
    leadOverTime,
  };
}
