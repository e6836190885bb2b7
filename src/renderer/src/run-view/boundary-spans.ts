import type { BoundaryRecord, RunConfig } from '../../../contract/index.ts';

/** Samples per speech token at 24 kHz (model.md: the decoder emits 960 samples per token). */
export const SAMPLES_PER_TOKEN = 960;

export interface ShadedSpan {
  kind: 'overlap' | 'crossfade' | 'fade-in';
  /** Seconds. */
  start: number;
  end: number;
  boundary: number;
}

/**
 * Where each boundary treatment touches the audio, to shade it in the waveform. Overlap-add: the overlap (decoded
 * by both windows) ends where the crossfade ends, and the boundary sample is the crossfade's centre (engine
 * streaming/boundary-plans.ts). Context re-decode: an optional fade-in after the boundary. Sentence joins have
 * neither.
 */
export function shadedSpans(
  config: RunConfig,
  boundaries: readonly BoundaryRecord[],
  sampleRate: number,
): ShadedSpan[] {
  const spans: ShadedSpan[] = [];
  const treatment = config.boundary;
  for (const b of boundaries) {
    if (b.segmentJoin) continue;
    if (treatment.kind === 'overlap-add') {
      const fade = Math.min(
        Math.round((treatment.crossfadeMs * sampleRate) / 1000),
        treatment.overlapTokens * SAMPLES_PER_TOKEN,
      );
      const fadeStart = b.sample - Math.floor(fade / 2);
      const fadeEnd = fadeStart + fade;
      const overlapStart = fadeEnd - treatment.overlapTokens * SAMPLES_PER_TOKEN;
      if (fadeEnd > overlapStart)
        spans.push({
          kind: 'overlap',
          start: overlapStart / sampleRate,
          end: fadeEnd / sampleRate,
          boundary: b.index,
        });
      if (fade > 0)
        spans.push({
          kind: 'crossfade',
          start: fadeStart / sampleRate,
          end: fadeEnd / sampleRate,
          boundary: b.index,
        });
    } else if (treatment.kind === 'context' && treatment.fadeMs > 0) {
      spans.push({
        kind: 'fade-in',
        start: b.timeS,
        end: b.timeS + treatment.fadeMs / 1000,
        boundary: b.index,
      });
    }
  }
  return spans;
}

/** Index of the first boundary strictly after `time` (seconds), or -1. A small epsilon skips the one we sit on. */
export function nextBoundary(boundaries: readonly BoundaryRecord[], time: number): number {
  return boundaries.findIndex((b) => b.timeS > time + 1e-4);
}

/** Index of the last boundary strictly before `time`, or -1. */
export function previousBoundary(boundaries: readonly BoundaryRecord[], time: number): number {
  for (let i = boundaries.length - 1; i >= 0; i--) if (boundaries[i]!.timeS < time - 1e-4) return i;
  return -1;
}
