import { RunConfigSchema } from '../../contract/index.ts';
import { generationSettings } from './family-support.ts';
import type { LoadedModel } from './model-pool.ts';
import type { ResolvedVoice } from './voice-resolver.ts';

/** Tokens the warm-up generates: enough for every graph to run a few times, few enough to cost little. */
const WARMUP_TOKENS = 6;

/**
 * Puts a loaded model in the state a run finds it in the second time: both workers created and their sessions
 * loaded, the voice's conditioning computed, and one tiny generation and decode run (onnxruntime allocates its
 * arenas and finishes graph optimisation on a session's first run, which made the first run of every engine
 * hundreds of ms slower). A cache-capable decoder also runs one streaming call, its own code path.
 */
export async function warmUpModel(model: LoadedModel, voice: ResolvedVoice): Promise<void> {
  const [, decodeInfo] = await Promise.all([model.runtime.tokenWorker(), model.runtime.decodeWorker()]);
  const conditioning = await model.conditioning(voice);
  const config = RunConfigSchema.parse({ text: 'Warm up.', model: model.id, maxNewTokens: WARMUP_TOKENS });
  const settings = generationSettings(model.report.family, config);
  const generated = await model.runtime.generate(
    {
      text: config.text,
      conditioning,
      sampler: settings.sampler,
      exaggeration: settings.exaggeration,
      seed: 0,
      maxNewTokens: WARMUP_TOKENS,
      language: config.language,
    },
    () => undefined,
  );
  // A model may stop at once: decode a short fixed span then (token 0 is a valid speech token).
  const span = generated.tokens.length > 0 ? generated.tokens.slice(0, WARMUP_TOKENS) : [0, 0, 0];
  await model.runtime.decode(conditioning.audioTokens.data, span, conditioning);
  if (decodeInfo.stateful) {
    const stream = await model.runtime.openDecoderStream(conditioning);
    try {
      await model.runtime.pushDecoderStream(stream, span, true);
    } finally {
      await model.runtime.closeDecoderStream(stream);
    }
  }
}
