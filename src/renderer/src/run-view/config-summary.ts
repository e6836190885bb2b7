import type { RunConfig } from '../../../contract/index.ts';

/** One line per axis, for headers and tooltips: "overlap-add 3 tok · 50 ms hann". */
export function describeAxes(config: RunConfig): { axis: string; value: string }[] {
  const ts = config.textSource;
  const text =
    ts.mode === 'whole'
      ? 'whole text'
      : ts.mode === 'sentences'
        ? `sentences (merge < ${ts.minChars} chars)`
        : ts.mode === 'segments'
          ? `segments ${ts.minChars}–${ts.maxChars} chars`
          : `LLM stream ${ts.tokensPerSecond} tok/s, threshold ${ts.thresholdChars} chars`;
  const s = config.schedule;
  const schedule =
    s.kind === 'fixed'
      ? `${s.tokens} tokens`
      : s.kind === 'first-then-fixed'
        ? `${s.first} then ${s.tokens} tokens`
        : `growing ${s.sizes.join(', ')}`;
  const b = config.boundary;
  const boundary =
    b.kind === 'none'
      ? 'none (naive)'
      : b.kind === 'overlap-add'
        ? `overlap-add ${b.overlapTokens} tok · ${b.crossfadeMs} ms ${b.shape}`
        : b.kind === 'context'
          ? `context K=${b.contextTokens}, look-ahead ${b.lookaheadTokens}, fade ${b.fadeMs} ms`
          : 'stateful decoder';
  const pipeline =
    config.pipeline.kind === 'parallel' ? `parallel (queue ${config.pipeline.queueDepth})` : 'sequential';
  const playback = `${config.playback.mode}, jitter buffer ${config.playback.jitterBufferMs} ms`;
  return [
    { axis: 'text source', value: text },
    { axis: 'schedule', value: schedule },
    { axis: 'boundary', value: boundary },
    { axis: 'pipeline', value: pipeline },
    { axis: 'playback', value: playback },
    { axis: 'seed', value: String(config.seed) },
  ];
}
