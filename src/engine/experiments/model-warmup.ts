import { RunConfigSchema } from '../../contract/index.ts';
import { generationSettings, generationRequest } from './family-support.ts';
import type { LoadedModel } from './model-pool.ts';
import type { ResolvedVoice } from './voice-resolver.ts';

/**
 * A sentence of typical length, and enough tokens for chunk-sized and utterance-sized decodes: onnxruntime sizes
 * its arenas and caches per shape, so a warm-up with a two-word prompt left the first real prefill and the first
 * long decode slow (measured: the first run's first token several times a warm run's).
 */
const WARMUP_TEXT = 'Warming up: the first sentence of a session should cost what every later one does.';
const WARMUP_TOKENS = 40;
const FIRST_CHUNK_TOKENS = 10;

/**
 * Puts a loaded model in the state a run finds it in the second time: both workers created and their sessions
 * loaded, the voice's conditioning computed, and one tiny generation and decode run (onnxruntime allocates its
 * arenas and finishes graph optimisation on a session's first run, which made the first run of every engine
 * hundreds of ms slower). A cache-capable decoder also runs one streaming call, its own code path.
 */
export async function warmUpModel(model: LoadedModel, voice: ResolvedVoice): Promise<void> {
  const [, decodeInfo] = await Promise.all([model.runtime.tokenWorker(), model.runtime.decodeWorker()]);
  const conditioning = await model.conditioning(voice);
  const config = RunConfigSchema.parse({ text: WARMUP_TEXT, model: model.id, maxNewTokens: WARMUP_TOKENS });
  const settings = generationSettings(model.report.family, config);
  const generated = await model.runtime.generate(
    generationRequest(
      config.text,
      conditioning,
      { ...settings, maxNewTokens: WARMUP_TOKENS },
      0,
      config.language,
    ),
    () => undefined,
  );
  // A model may stop at once: decode a short fixed span then (token 0 is a valid speech token).
  const span = generated.tokens.length > 0 ? generated.tokens : [0, 0, 0];
  const firstChunk = span.slice(0, FIRST_CHUNK_TOKENS);
  await model.runtime.decode(conditioning.audioTokens.data, firstChunk, conditioning);
  if (span.length > firstChunk.length)
    await model.runtime.decode(conditioning.audioTokens.data, span, conditioning);
  if (decodeInfo.stateful) {
    const stream = await model.runtime.openDecoderStream(conditioning);
    try {
      // Like a run: chunks in order, the final one never empty.
      const rest = span.slice(firstChunk.length);
      await model.runtime.pushDecoderStream(stream, firstChunk, rest.length === 0);
      if (rest.length > 0) await model.runtime.pushDecoderStream(stream, rest, true);
    } finally {
      await model.runtime.closeDecoderStream(stream);
    }
  }
}
