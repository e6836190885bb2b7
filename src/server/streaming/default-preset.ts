import type { RunConfigInput } from '../../contract/index.ts';

/**
 * What `/ws/generate` runs when a request names no strategy: the workbench's best streaming preset so far.
 * - first-then-fixed 12 + 25 tokens: a small first chunk for first audio, then chunks big enough to keep the
 *   decoder efficient (chatterbox-testing's 12-token first chunk);
 * - overlap-add, 3 shared tokens, 50 ms Hann crossfade (experiment A: hides the decoder's chunk-start fade and
 *   phase jumps);
 * - parallel pipeline, queue depth 2 (experiment B: chunk k decodes while k+1 is generated);
 * - no noise-floor repeats: served runs still get their offline reference and metrics, but two extra full
 *   decodes per request would only delay the next request (a client can ask for them).
 * Model, voice and runtime are the server's choice (see StreamingOptions), not part of the preset.
 */
export const DEFAULT_STREAMING_PRESET = {
  textSource: { mode: 'whole' },
  schedule: { kind: 'first-then-fixed', first: 12, tokens: 25 },
  boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'hann' },
  pipeline: { kind: 'parallel', queueDepth: 2 },
  noiseFloorRepeats: 0,
} as const satisfies Partial<RunConfigInput>;
