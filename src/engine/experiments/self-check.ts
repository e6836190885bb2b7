import { RunConfigSchema } from '../../contract/index.ts';
import { decoderOutputSamples, promptMelFrames, promptTokenCount } from '../runtime/export-arithmetic.ts';
import { SAMPLES_PER_TOKEN, SPEECH_VOCAB } from '../runtime/speech-tokens.ts';
import { generationSettings, generationRequest } from './family-support.ts';
import {
  modelFingerprint,
  SELF_CHECK_VERSION,
  storeSelfCheck,
  type SelfCheckInvariant,
  type SelfCheckResult,
} from '../models/self-check-file.ts';
import type { LoadedModel, ModelPool } from './model-pool.ts';

/**
 * The first-load self-check (issue 11, item 8): one sentence, a fixed seed, the default voice, and the
 * invariants the fixture cannot prove for a real export. The result is stored beside the model
 * (models/self-check-file.ts).
 */

export const SELF_CHECK_TEXT = 'Seamlab checks this model before its first run.';
export const SELF_CHECK_SEED = 7;
export const SELF_CHECK_VOICE = 'default';
/** Generous: the sentence takes about 3 s of speech (75 tokens) on a real model. */
const SELF_CHECK_MAX_TOKENS = 400;

/** Runs the probe on a loaded model. Never throws for a failed invariant: that is recorded in the result. */
export async function selfCheckModel(pool: ModelPool, model: LoadedModel): Promise<SelfCheckResult> {
  const invariants: SelfCheckInvariant[] = [];
  const check = (name: string, ok: boolean, detail: string) => invariants.push({ name, ok, detail });
  const config = RunConfigSchema.parse({
    model: model.id,
    text: SELF_CHECK_TEXT,
    seed: SELF_CHECK_SEED,
    voice: SELF_CHECK_VOICE,
    maxNewTokens: SELF_CHECK_MAX_TOKENS,
  });
  const voice = await pool.resolveVoice(SELF_CHECK_VOICE);
  const conditioning = await model.conditioning(voice);
  const L = voice.samples24k.length;
  const T = conditioning.speakerFeatures.dims[1]!;
  const P = conditioning.audioTokens.data.length;
  const wantT = promptMelFrames(L);
  const wantP = promptTokenCount(L);
  check(
    'prompt-framing',
    T === wantT && P === wantP,
    `voice of ${L} samples: speech_encoder gave T = ${T} prompt frames and P = ${P} prompt tokens; the ` +
      `export's framings give T = ${wantT}, P = ${wantP}`,
  );

  const settings = generationSettings(model.report.family, config);
  const generated = await model.runtime.generate(
    generationRequest(config.text, conditioning, settings, config.seed, config.language),
    () => undefined,
  );
  const tokens = generated.tokens;
  check(
    'stop-token',
    generated.stoppedBy === 'stop-token',
    `generation ended by ${generated.stoppedBy} after ${tokens.length - generated.paddingTokens} tokens`,
  );
  const outOfVocabulary = tokens.filter((t) => !(Number.isInteger(t) && t >= 0 && t < SPEECH_VOCAB));
  check(
    'vocabulary',
    generated.droppedTokens === 0 && outOfVocabulary.length === 0,
    `${generated.droppedTokens} sampled ids outside 0..${SPEECH_VOCAB - 1} (dropped before decoding), ` +
      `${outOfVocabulary.length} such ids sent to the decoder`,
  );
  if (tokens.length === 0) {
    check('decoder-length', false, 'no tokens to decode');
    check('finite-audio', false, 'no audio');
    return result(model, invariants);
  }

  // The raw prompt, as the export returns it, then the aligned one the engine uses. A cache-capable decoder
  // (models/STATEFUL_DECODER.md) only takes aligned prompts, so it gets the second check alone.
  const { stateful } = await model.runtime.decodeWorker();
  const rawExpected = decoderOutputSamples(P, T, tokens.length);
  const raw = stateful
    ? null
    : await decodeOrError(() =>
        model.runtime.decode(conditioning.audioTokens.data, tokens, conditioning, { alignPrompt: false }),
      );
  const aligned = await decodeOrError(() =>
    model.runtime.decode(conditioning.audioTokens.data, tokens, conditioning),
  );
  const alignedExpected = tokens.length * SAMPLES_PER_TOKEN;
  const rawPart = raw
    ? `${describe(raw)} (expected (2 (P + N) - T) x 480 = ${rawExpected})`
    : 'not decoded (a cache-capable decoder requires 2P = T)';
  check(
    'decoder-length',
    (raw === null || raw.length === rawExpected) && aligned.length === alignedExpected,
    `raw prompt (P = ${P}, T = ${T}), N = ${tokens.length}: ${rawPart}; aligned prompt (2P = T): ` +
      `${describe(aligned)} (expected 960 N = ${alignedExpected})`,
  );
  const audio = aligned.audio ?? new Float32Array(0);
  let nonFinite = 0;
  let peak = 0;
  for (const v of audio) {
    if (!Number.isFinite(v)) nonFinite++;
    else peak = Math.max(peak, Math.abs(v));
  }
  check(
    'finite-audio',
    audio.length > 0 && nonFinite === 0 && peak > 0,
    `${audio.length} samples, ${nonFinite} not finite, peak ${peak.toFixed(4)}`,
  );
  return result(model, invariants);
}

interface Decoded {
  audio?: Float32Array;
  error?: string;
  length: number;
}

async function decodeOrError(decode: () => Promise<{ waveform: Float32Array }>): Promise<Decoded> {
  try {
    const { waveform } = await decode();
    return { audio: waveform, length: waveform.length };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), length: -1 };
  }
}

function describe(d: Decoded): string {
  return d.error ? `failed: ${d.error}` : `${d.length} samples`;
}

function result(model: LoadedModel, invariants: SelfCheckInvariant[]): SelfCheckResult {
  return {
    version: SELF_CHECK_VERSION,
    modelId: model.id,
    family: model.report.family ?? null,
    synthetic: model.synthetic,
    fingerprint: modelFingerprint(model.fileHashes),
    checkedAt: new Date().toISOString(),
    text: SELF_CHECK_TEXT,
    seed: SELF_CHECK_SEED,
    voice: SELF_CHECK_VOICE,
    ok: invariants.every((i) => i.ok),
    invariants,
  };
}

/** Runs the probe on `modelId` (default runtime settings) and stores the result with the model. */
export async function runSelfCheck(pool: ModelPool, modelId: string): Promise<SelfCheckResult> {
  const model = await pool.get(modelId, RunConfigSchema.shape.runtime.parse(undefined));
  const check = await selfCheckModel(pool, model);
  await storeSelfCheck(model.dir, check);
  return check;
}
