import { RunConfigSchema, type RunConfigInput } from '../../contract/index.ts';
import type { StepTiming } from '../runtime/token-generator.ts';
import type { SamplerPreset, SamplerSettings } from '../sampling/index.ts';
import { familyRefusal, generationSettings, generationRequest } from './family-support.ts';
import { voicePromptRefusal } from '../voices/voice-prompt.ts';
import type { ModelPool } from './model-pool.ts';
import { InvalidCombinationError } from './run-experiment.ts';

export interface SynthesisResult {
  modelId: string;
  synthetic: boolean;
  normalizedText: string;
  tokens: number[];
  /** Of `tokens`, the appended tail that was not sampled (Turbo's three silence tokens). */
  paddingTokens: number;
  /** Sampled ids outside the speech vocabulary, fed back but not decoded (token-generator.ts). */
  droppedTokens: number;
  stoppedBy: string;
  /** The sampler the family's loop really used, defaults filled in (Turbo: no guidance, no min-p). */
  sampler: SamplerSettings;
  preset: SamplerPreset;
  exaggeration: number;
  maxNewTokens: number;
  /** Settings the config left unset and the family default each got (family-support.ts generationSettings). */
  defaultsApplied: string[];
  /** Requested settings the model's family does not use (family-support.ts generationSettings). */
  ignoredSettings: string[];
  providers: Record<string, string>;
  timings: {
    loadMs: number;
    voiceMs: number;
    prefillMs: number;
    steps: StepTiming[];
    generationWallMs: number;
    generationRunMs: number;
    decodeMs: number;
    decodeRunMs: number;
  };
  audio: Float32Array;
  sampleRate: number;
}

/**
 * Plain text-to-speech without streaming: generate every token, then decode them in one call (the seeds'
 * "offline" path). `seamlab synth` and the model benchmark use it; runs with chunking go through runExperiment.
 */
export async function synthesize(models: ModelPool, input: RunConfigInput): Promise<SynthesisResult> {
  const config = RunConfigSchema.parse(input);
  const t0 = performance.now();
  const model = await models.get(config.model, config.runtime);
  const refusal = familyRefusal(model, config.language);
  if (refusal) throw new InvalidCombinationError(refusal);
  const [tokenInfo, decodeInfo] = await Promise.all([
    model.runtime.tokenWorker(),
    model.runtime.decodeWorker(),
  ]);
  const loadMs = performance.now() - t0;
  const voice = await models.resolveVoice(config.voice);
  const voiceRefusal = voicePromptRefusal(model.report.family, voice);
  if (voiceRefusal) throw new InvalidCombinationError(voiceRefusal);
  const conditioning = await model.conditioning(voice);
  const voiceMs = performance.now() - t0 - loadMs;
  const settings = generationSettings(model.report.family, config);
  const generated = await model.runtime.generate(
    generationRequest(config.text, conditioning, settings, config.seed, config.language),
    () => undefined,
  );
  const decodeStart = performance.now();
  const decoded =
    generated.tokens.length > 0
      ? await model.runtime.decode(conditioning.audioTokens.data, generated.tokens, conditioning)
      : { waveform: new Float32Array(0), runMs: 0 };
  return {
    modelId: model.id,
    synthetic: model.synthetic,
    normalizedText: generated.normalizedText,
    tokens: generated.tokens,
    paddingTokens: generated.paddingTokens,
    droppedTokens: generated.droppedTokens,
    stoppedBy: generated.stoppedBy,
    sampler: settings.sampler,
    preset: settings.preset,
    exaggeration: settings.exaggeration,
    maxNewTokens: settings.maxNewTokens,
    defaultsApplied: settings.defaultsApplied,
    ignoredSettings: settings.ignored,
    providers: { ...tokenInfo.providers, conditional_decoder: decodeInfo.provider },
    timings: {
      loadMs,
      voiceMs,
      prefillMs: generated.prefillMs,
      steps: generated.steps,
      generationWallMs: generated.wallMs,
      generationRunMs: generated.runMs,
      decodeMs: performance.now() - decodeStart,
      decodeRunMs: decoded.runMs,
    },
    audio: decoded.waveform,
    sampleRate: 24_000,
  };
}
