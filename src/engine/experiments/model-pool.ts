import fs from 'node:fs/promises';
import path from 'node:path';
import type { RunConfig } from '../../contract/index.ts';
import { ensureFixtureModel, FIXTURE_VARIANT_IDS, type FixtureVariantId } from '../fixture/index.ts';
import { MODEL_MANIFEST_FILE } from '../models/model-catalog.ts';
import { modelFileHashes } from '../models/file-hashes.ts';
import { assertValidModel, type ModelReport } from '../models/validate-model.ts';
import { ModelRuntime } from '../runtime/model-runtime.ts';
import type { SessionSettings } from '../runtime/session-factory.ts';
import type { Conditioning } from '../runtime/tensor-data.ts';
import { ConditioningCache } from '../voices/conditioning-cache.ts';
import { prepareVoicePrompt } from '../voices/voice-prompt.ts';
import { modelFingerprint, readSelfCheck, storeSelfCheck } from '../models/self-check-file.ts';
import { selfCheckModel } from './self-check.ts';
import { resolveVoice, type ResolvedVoice } from './voice-resolver.ts';

/** A model ready to run: validated, its workers created (sessions load on first use). */
export interface LoadedModel {
  id: string;
  dir: string;
  report: ModelReport;
  synthetic: boolean;
  fileHashes: Record<string, string>;
  runtime: ModelRuntime;
  /**
   * The speech-encoder conditioning of a voice (computed once per voice and model, cached by content hash), from
   * the clip as the model's family prepares it (voice-prompt.ts: Turbo normalises loudness, refuses short clips).
   */
  conditioning(voice: ResolvedVoice): Promise<Conditioning>;
}

export class ModelNotFoundError extends Error {
  readonly code = 'model_not_found';
  constructor(id: string, modelsDir: string) {
    super(
      `no model "${id}" under ${modelsDir}: download one with \`npx seamlab models download <id>\`, ` +
        `or use the synthetic test model "fixture"`,
    );
    this.name = 'ModelNotFoundError';
  }
}

function isFixtureId(id: string): id is FixtureVariantId {
  return (FIXTURE_VARIANT_IDS as string[]).includes(id);
}

function settingsKey(settings: SessionSettings): string {
  return JSON.stringify([settings.providers, settings.intraOpThreads, settings.graphOptimizationLevel]);
}

/**
 * Loaded models by id and runtime settings. A model folder is validated against the contract before its
 * first run (a mismatch names graph, tensor, expected and found); fixture ids are generated when missing.
 * Runs of the same model share its two workers, one run at a time per worker queue.
 */
export class ModelPool {
  readonly modelsDir: string;
  private readonly loaded = new Map<string, Promise<LoadedModel>>();
  private readonly conditioningCache: ConditioningCache;
  private readonly voiceDirs: readonly string[] | undefined;
  private readonly onSelfCheckError: ((modelId: string, error: unknown) => void) | undefined;

  constructor(options: {
    modelsDir: string;
    conditioningDir?: string;
    voiceDirs?: readonly string[];
    /** Told when the first-load self-check of a real model could not run or be stored. */
    onSelfCheckError?: (modelId: string, error: unknown) => void;
  }) {
    this.modelsDir = options.modelsDir;
    this.voiceDirs = options.voiceDirs;
    this.onSelfCheckError = options.onSelfCheckError;
    this.conditioningCache = new ConditioningCache({
      dir: options.conditioningDir,
      onWarning: () => undefined,
    });
  }

  get(modelId: string, runtime: RunConfig['runtime']): Promise<LoadedModel> {
    const settings: SessionSettings = {
      providers: runtime.providers,
      intraOpThreads: runtime.intraOpThreads,
      graphOptimizationLevel: runtime.graphOptimizationLevel,
    };
    const key = `${modelId}\n${settingsKey(settings)}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.load(modelId, settings);
      this.loaded.set(key, pending);
      pending.catch(() => this.loaded.delete(key));
    }
    return pending;
  }

  resolveVoice(ref: string): Promise<ResolvedVoice> {
    return resolveVoice(ref, this.voiceDirs);
  }

  private async load(modelId: string, settings: SessionSettings): Promise<LoadedModel> {
    if (!/^[A-Za-z0-9._-]+$/.test(modelId) || modelId.startsWith('.'))
      throw new Error(`"${modelId}" is not a model id (letters, digits, . _ - only)`);
    const dir = isFixtureId(modelId)
      ? await ensureFixtureModel(this.modelsDir, modelId)
      : path.join(this.modelsDir, modelId);
    if (!(await fs.stat(dir).catch(() => undefined))?.isDirectory())
      throw new ModelNotFoundError(modelId, this.modelsDir);
    const report = await assertValidModel(dir);
    const [fileHashes, synthetic] = await Promise.all([modelFileHashes(dir), readSynthetic(dir)]);
    const runtime = new ModelRuntime(dir, settings);
    const modelKey = Object.entries(fileHashes)
      .filter(([file]) => file.includes('speech_encoder'))
      .map(([file, hash]) => `${file}:${hash}`)
      .join(',');
    const model: LoadedModel = {
      id: modelId,
      dir,
      report,
      synthetic,
      fileHashes,
      runtime,
      conditioning: (voice) =>
        this.conditioningCache.get(prepareVoicePrompt(voice, report.family), modelKey || dir, (samples) =>
          runtime.encodeVoice(samples),
        ),
    };
    // Real weights get the first-load self-check (self-check.ts); fixtures only on demand (`models verify --probe`).
    if (!synthetic) await this.ensureSelfCheck(model);
    return model;
  }

  /** Runs and stores the self-check unless a result for these exact model files is stored already. */
  private async ensureSelfCheck(model: LoadedModel): Promise<void> {
    const stored = await readSelfCheck(model.dir);
    if (stored?.fingerprint === modelFingerprint(model.fileHashes)) return;
    try {
      await storeSelfCheck(model.dir, await selfCheckModel(this, model));
    } catch (error) {
      // The probe is a report, not a gate: a probe that cannot run (or a read-only folder) never blocks a run.
      this.onSelfCheckError?.(model.id, error);
    }
  }

  async close(): Promise<void> {
    const models = await Promise.allSettled(this.loaded.values());
    this.loaded.clear();
    await Promise.all(models.map((m) => (m.status === 'fulfilled' ? m.value.runtime.close() : undefined)));
  }
}

async function readSynthetic(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(dir, MODEL_MANIFEST_FILE), 'utf8')) as {
      synthetic?: unknown;
    };
    return manifest.synthetic === true;
  } catch {
    return false;
  }
}
