import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RunConfigSchema, type RunConfigInput } from '../../contract/index.ts';
import { ModelRuntime } from '../runtime/model-runtime.ts';
import type { GeneratedTokens } from '../runtime/model-runtime.ts';
import { generationSettings, generationRequest } from './family-support.ts';
import type { ModelPool } from './model-pool.ts';

/** Native run times, ms, read from onnxruntime's own profile of one session: one per `session.run`, in order. */
export function modelRunDurations(profileJson: unknown): number[] {
  if (!Array.isArray(profileJson))
    throw new Error('onnxruntime profile: expected a JSON array of trace events');
  return profileJson
    .filter((e): e is { name: string; dur: number; ts: number } => {
      const event = e as { name?: unknown; cat?: unknown; dur?: unknown };
      return event.name === 'model_run' && event.cat === 'Session' && typeof event.dur === 'number';
    })
    .sort((a, b) => a.ts - b.ts)
    .map((e) => e.dur / 1000);
}

/**
 * Drops the first `promptRuns` runs of every generation (the prefill, or the prompt's embedding and, with
 * classifier-free guidance, the unconditional row's): per-token steps remain.
 */
export function perTokenRuns(
  durations: readonly number[],
  runsPerGeneration: readonly number[],
  promptRuns = 1,
): number[] {
  const total = runsPerGeneration.reduce((a, b) => a + b, 0);
  if (total !== durations.length)
    throw new Error(`onnxruntime profile has ${durations.length} runs where the generations made ${total}`);
  const out: number[] = [];
  let at = 0;
  for (const count of runsPerGeneration) {
    out.push(...durations.slice(at + promptRuns, at + count));
    at += count;
  }
  return out;
}

export interface ProfiledGeneration {
  generations: GeneratedTokens[];
  /** Native `language_model` run time of every per-token step (onnxruntime's `model_run` events), ms. */
  lmNativeMs: number[];
  /** Native `embed_tokens` run time of every per-token step, ms. */
  embedNativeMs: number[];
}

/**
 * Generates `repeats` times on a model whose token-worker sessions onnxruntime profiles, and returns the native run
 * time of every step beside the loop's own timings (JS-side `session.run` time, garbage collections). The difference
 * between what JavaScript waits in `session.run` and the native run is the binding's work: converting inputs, and
 * copying every output into a fresh JavaScript buffer. Benchmarks only: profiling slows every node a little, so the
 * bench takes its headline step times from runs without it.
 */
export async function profileGeneration(
  models: ModelPool,
  input: RunConfigInput,
  repeats: number,
): Promise<ProfiledGeneration> {
  const config = RunConfigSchema.parse(input);
  const model = await models.get(config.model, config.runtime);
  const voice = await models.resolveVoice(config.voice);
  const conditioning = await model.conditioning(voice);
  const settings = generationSettings(model.report.family, config);
  const profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-profile-'));
  const runtime = new ModelRuntime(model.dir, { ...model.runtime.settings, profileDir });
  try {
    const generations: GeneratedTokens[] = [];
    for (let i = 0; i < repeats; i += 1) {
      generations.push(
        await runtime.generate(
          generationRequest(config.text, conditioning, settings, config.seed + i, config.language),
          () => undefined,
        ),
      );
    }
    await runtime.endTokenProfiling();
    const durations = async (graph: string) => {
      const files = (await fs.readdir(profileDir)).filter(
        (f) => f.startsWith(`${graph}_`) && f.endsWith('.json'),
      );
      if (files.length !== 1)
        throw new Error(`expected one ${graph} profile in ${profileDir}, found ${files.length}`);
      return modelRunDurations(JSON.parse(await fs.readFile(path.join(profileDir, files[0]!), 'utf8')));
    };
    // Per generation: the language model runs once for the prefill and once per step; embed_tokens once for the
    // prompt and once after every step that did not sample the stop token.
    // With guidance the prompt is embedded twice: the conditional row and the unconditional one (unconditional-row.ts).
    const promptEmbeds = settings.sampler.cfgWeight > 0 ? 2 : 1;
    const lmRuns = generations.map((g) => g.steps.length + 1);
    const embedRuns = generations.map(
      (g) => g.steps.length + (g.stoppedBy === 'stop-token' ? 0 : 1) + promptEmbeds,
    );
    return {
      generations,
      lmNativeMs: perTokenRuns(await durations('language_model'), lmRuns),
      embedNativeMs: perTokenRuns(await durations('embed_tokens'), embedRuns, promptEmbeds),
    };
  } finally {
    await runtime.close();
    await fs.rm(profileDir, { recursive: true, force: true });
  }
}
