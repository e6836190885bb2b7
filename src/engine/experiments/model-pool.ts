import fs from 'node:fs/promises';
import path from 'node:path';
import { RunConfigSchema, type ModelWarmth, type RunConfig } from '../../contract/index.ts';
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
import { warmUpModel } from './model-warmup.ts';
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

/** What a run learns from ensureWarm: whether it had to wait for loading or warming, and for how long. */
export interface WarmthReport {
  cold: boolean;
  waitedMs: number;
}

interface WarmEntry {
  state: ModelWarmth;
  done: Promise<void>;
  /** The warmed model and the worker threads its warm-up ran in (a replaced worker is cold again). */
  model?: LoadedModel;
  identity?: string;
}

/** The runtime settings a run gets when it sets none: what the engine warms at start. */
export const DEFAULT_RUNTIME: RunConfig['runtime'] = RunConfigSchema.parse({ text: '-' }).runtime;

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
  private readonly warmups = new Map<string, WarmEntry>();
  private readonly warmthListeners = new Set<(warmth: ModelWarmth) => void>();

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
    const settings = sessionSettings(runtime);
    const key = modelKey(modelId, runtime);
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.load(modelId, settings);
      this.loaded.set(key, pending);
      pending.catch(() => this.loaded.delete(key));
    }
    return pending;
  }

  /** Every warm-up state change (the engine forwards them as `models.warmth` events). */
  onWarmth(listener: (warmth: ModelWarmth) => void): () => void {
    this.warmthListeners.add(listener);
    return () => this.warmthListeners.delete(listener);
  }

  /** The warm-up state of every model warmed or warming, one per model id (the latest settings win). */
  warmth(): ModelWarmth[] {
    const byModel = new Map<string, ModelWarmth>();
    for (const entry of this.warmups.values()) byModel.set(entry.state.model, { ...entry.state });
    return [...byModel.values()];
  }

  /**
   * Loads a model and warms it (model-warmup.ts) unless it is warm; resolves once it is. Concurrent callers share
   * one warm-up; a failed one is retried by the next caller; a worker replaced after a crash makes it cold again.
   */
  warm(
    modelId: string,
    runtime: RunConfig['runtime'] = DEFAULT_RUNTIME,
    voiceRef = 'default',
  ): Promise<void> {
    const key = modelKey(modelId, runtime);
    const existing = this.warmups.get(key);
    if (existing && (existing.state.state === 'warming' || isWarm(existing))) return existing.done;
    const started = performance.now();
    const entry: WarmEntry = {
      state: { model: modelId, state: 'warming', ms: null, error: null },
      done: Promise.resolve(),
    };
    this.warmups.set(key, entry);
    this.announce(entry.state);
    entry.done = (async () => {
      try {
        const [model, voice] = await Promise.all([this.get(modelId, runtime), this.resolveVoice(voiceRef)]);
        await warmUpModel(model, voice);
        entry.model = model;
        entry.identity = model.runtime.workerIdentity;
        entry.state = { ...entry.state, state: 'ready', ms: performance.now() - started };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        entry.state = { ...entry.state, state: 'failed', ms: performance.now() - started, error: message };
        throw error;
      } finally {
        this.announce(entry.state);
      }
    })();
    // Warming at engine start has no caller waiting: its failure is reported as state, never unhandled.
    entry.done.catch(() => undefined);
    return entry.done;
  }

  /** What a run calls before its clock starts: warms the model if needed and says whether the run waited. */
  async ensureWarm(
    modelId: string,
    runtime: RunConfig['runtime'],
    voiceRef = 'default',
  ): Promise<WarmthReport> {
    const entry = this.warmups.get(modelKey(modelId, runtime));
    if (entry && isWarm(entry)) return { cold: false, waitedMs: 0 };
    const started = performance.now();
    await this.warm(modelId, runtime, voiceRef);
    return { cold: true, waitedMs: performance.now() - started };
  }

  private announce(warmth: ModelWarmth): void {
    for (const listener of this.warmthListeners) {
      try {
        listener({ ...warmth });
      } catch {
        // A listener's failure (a closed socket) must not fail the warm-up.
      }
    }
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
    await Promise.allSettled([...this.warmups.values()].map((w) => w.done));
    this.warmups.clear();
    const models = await Promise.allSettled(this.loaded.values());
    this.loaded.clear();
    await Promise.all(models.map((m) => (m.status === 'fulfilled' ? m.value.runtime.close() : undefined)));
  }
}

function sessionSettings(runtime: RunConfig['runtime']): SessionSettings {
  return {
    providers: runtime.providers,
    intraOpThreads: runtime.intraOpThreads,
    graphOptimizationLevel: runtime.graphOptimizationLevel,
  };
}

function modelKey(modelId: string, runtime: RunConfig['runtime']): string {
  return `${modelId}\n${settingsKey(sessionSettings(runtime))}`;
}

function isWarm(entry: WarmEntry): boolean {
  return entry.state.state === 'ready' && entry.model?.runtime.workerIdentity === entry.identity;
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
