import type { LoadedModel } from './model-pool.ts';
import type { Conditioning } from '../runtime/tensor-data.ts';

/** One decoder call as the orchestrator sees it. */
export interface DecodedSpan {
  waveform: Float32Array;
  /** Time inside session.run, ms. */
  runMs: number;
  /** Round trip from the main thread (run + hand-offs), ms. */
  busyMs: number;
}

/**
 * Decodes the chunks of ONE utterance in order. The stock decoder needs the prompt tokens in front of every
 * call and renders each span from scratch; the stateful decoder carries its state between calls, so it is fed
 * only new tokens and flushed by the final call.
 */
export interface ChunkDecoder {
  decode(span: readonly number[], final: boolean): Promise<DecodedSpan>;
  /** Releases per-utterance state (stateful decoders). */
  close(): Promise<void>;
}

export function stockChunkDecoder(model: LoadedModel, conditioning: Conditioning): ChunkDecoder {
  const prompt = conditioning.audioTokens.data;
  return {
    async decode(span) {
      const started = performance.now();
      const { waveform, runMs } = await model.runtime.decode(prompt, span, conditioning);
      return { waveform, runMs, busyMs: performance.now() - started };
    },
    async close() {},
  };
}

export function statefulChunkDecoder(model: LoadedModel, conditioning: Conditioning): ChunkDecoder {
  let stream: Promise<number> | undefined;
  return {
    async decode(span, final) {
      const started = performance.now();
      stream ??= model.runtime.openDecoderStream(conditioning);
      const handle = await stream;
      const { waveform, runMs } = await model.runtime.pushDecoderStream(handle, span, final);
      return { waveform, runMs, busyMs: performance.now() - started };
    },
    async close() {
      if (stream) await model.runtime.closeDecoderStream(await stream).catch(() => undefined);
    },
  };
}
