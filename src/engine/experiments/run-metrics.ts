import type { BoundaryRecord, ChunkRecord, RunConfig, RunMetrics } from '../../contract/index.ts';
import {
  AUDIBLE_CLICK_SCORE,
  boundaryMetrics,
  compareToFloor,
  excessClickScore,
  excessClickSummary,
  noiseFloor,
  overallMetrics,
  summarise,
} from '../metrics/index.ts';
import { simulatePlayback } from '../streaming/playback.ts';

export const SAMPLE_RATE = 24_000;

/** A seam in the stream: where one chunk's (or one utterance's) audio takes over from the previous one's. */
export interface Seam {
  sample: number;
  segmentJoin: boolean;
}

/** JSON cannot carry Infinity (identical signals): those become null, read as "no difference measurable". */
const finite = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

export function measureBoundaries(
  stream: Float32Array,
  reference: Float32Array,
  seams: readonly Seam[],
): BoundaryRecord[] {
  const records = boundaryMetrics(
    stream,
    seams.map((s) => s.sample),
    reference,
    SAMPLE_RATE,
  );
  return records.map((r, i) => ({
    index: r.index,
    sample: r.sample,
    timeS: r.timeS,
    segmentJoin: seams[i]!.segmentJoin,
    clickScore: r.clickScore,
    referenceClickScore: finite(r.referenceClickScore),
    excessClickScore: excessClickScore(r.clickScore, finite(r.referenceClickScore)),
    fluxJump: r.fluxJump,
    hfBurst: r.hfBurst,
    dEDb: r.dEDb,
    dF0Hz: finite(r.dF0Hz),
    snrDbLocal: finite(r.snrDbLocal),
    lsdDbLocal: finite(r.lsdDbLocal),
  }));
}

export interface TimingFacts {
  textReadyMs: number;
  firstTokenMs: number;
  wallMs: number;
  tokenCount: number;
  /** Of tokenCount, appended and not sampled (Turbo's silence tail, three per utterance). */
  paddingTokens: number;
  /** Sampled ids outside the speech vocabulary: fed back to the LM, never decoded, not in tokenCount. */
  droppedTokens: number;
  tokenBusyMs: number;
  tokenRunMs: number;
  decodeBusyMs: number;
  decodeRunMs: number;
}

export function computeRunMetrics(
  config: RunConfig,
  chunks: readonly ChunkRecord[],
  boundaries: readonly BoundaryRecord[],
  stream: Float32Array,
  reference: Float32Array,
  repeats: readonly Float32Array[],
  timing: TimingFacts,
): RunMetrics {
  const audible = chunks.filter((c) => c.sampleEnd > c.sampleStart);
  const playback = simulatePlayback(
    audible.map((c) => ({ readyAtMs: c.emittedAtMs, durationMs: c.audioMs })),
    { mode: config.playback.mode, jitterBufferMs: config.playback.jitterBufferMs },
  );
  const overall = overallMetrics(stream, reference, SAMPLE_RATE);
  // The noise floor exists only where repeated offline decodes differ (decoders with internal noise).
  const differing = repeats.some(
    (r) => r.length !== reference.length || r.some((x, i) => x !== reference[i]),
  );
  const floor = differing ? noiseFloor([reference, ...repeats], SAMPLE_RATE) : undefined;
  const snr = overall.snrDb;
  let significant: boolean | null = null;
  if (snr !== null) {
    significant = floor
      ? compareToFloor({ name: 'snrDb', value: snr }, floor).significant
      : Number.isFinite(snr); // deterministic decoder: any difference at all is a finding
  }
  const clicks = summarise(boundaries.map((b) => b.clickScore));
  const audioMs = (stream.length / SAMPLE_RATE) * 1000;
  const firstChunk = audible[0];
  const busy = timing.tokenBusyMs + timing.decodeBusyMs;
  const inside = timing.tokenRunMs + timing.decodeRunMs;
  return {
    ttfaMs: playback.ttfaMs ?? timing.wallMs,
    stages: {
      textReadyMs: timing.textReadyMs,
      firstTokenMs: timing.firstTokenMs,
      firstChunkDecodedMs: firstChunk?.decodeEndAtMs ?? timing.wallMs,
      firstSampleMs: firstChunk?.emittedAtMs ?? timing.wallMs,
    },
    wallMs: timing.wallMs,
    audioMs,
    rtf: audioMs > 0 ? timing.wallMs / audioMs : 0,
    tokens: timing.tokenCount,
    paddingTokens: timing.paddingTokens,
    droppedTokens: timing.droppedTokens,
    playback: {
      mode: playback.mode,
      jitterBufferMs: playback.jitterBufferMs,
      startMs: playback.startMs,
      gapCount: playback.gapCount,
      totalGapMs: playback.totalGapMs,
      longestGapMs: playback.longestGapMs,
    },
    utilisation: {
      tokenWorker: timing.wallMs > 0 ? timing.tokenBusyMs / timing.wallMs : 0,
      decodeWorker: timing.wallMs > 0 ? timing.decodeBusyMs / timing.wallMs : 0,
      idealWallMs: Math.max(timing.tokenBusyMs, timing.decodeBusyMs),
    },
    // Share of the workers' busy time spent outside session.run: tensor building, sampling, hand-offs.
    harnessOverhead: busy > 0 ? Math.max(0, busy - inside) / busy : 0,
    boundaries: {
      count: boundaries.length,
      medianClickScore: clicks.median,
      maxClickScore: clicks.max,
      audibleClicks: boundaries.filter((b) => b.clickScore > AUDIBLE_CLICK_SCORE).length,
      ...excessClickSummary(boundaries),
    },
    quality: {
      snrDb: finite(snr),
      identical: snr === Infinity,
      lsdDb: finite(overall.lsdDb),
      mcdDb: finite(overall.mcdDb),
      noiseFloorSnrDb: floor ? finite(floor.snrDb.worst) : null,
      significant,
    },
  };
}
