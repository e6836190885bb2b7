import fs from 'node:fs/promises';
import path from 'node:path';
import { encodeAudio, RuntimeSchema, type Handlers } from '../../contract/index.ts';
import type { ModelChoice, libraryMethods } from '../../contract/methods/library.ts';
import type { EngineContext } from '../engine-context.ts';
import {
  FIXTURE_LANGUAGES,
  FIXTURE_VARIANTS,
  FIXTURE_VARIANT_IDS,
  type FixtureOptions,
} from '../fixture/index.ts';
import { languagesOfTokenizerJson } from '../models/detect-family.ts';
import { listModels } from '../models/model-catalog.ts';
import { exportRun, StoreError, StoreErrorCodes, type RunFilter } from '../store/index.ts';
import { minMaxPeaks } from '../audio/peaks.ts';
import { AudioCache } from './library-audio.ts';
import { PendingDeletes } from './library-deletes.ts';
import { listVoiceInfos, removeVoice, renameVoice, VoiceUploads } from './library-voices.ts';
import { measureTextBudget } from '../experiments/text-budget.ts';

type LibraryHandlers = Pick<Handlers, keyof typeof libraryMethods>;

/** What each fixture variant is for, as the model picker shows it. */
const FIXTURE_PURPOSE: Record<string, string> = {
  fixture: 'default',
  'fixture-fp16kv': 'fp16 KV cache',
  'fixture-stateful': 'stateful (cache-capable) decoder',
  'fixture-heavy': 'heavy compute (decoder costs about one LM step)',
  'fixture-multilingual': 'multilingual family (language tags de, en, es, fr)',
  'fixture-turbo': 'Turbo family (24 layers, GPT-2 tokenizer, silence-padded decode)',
};

function notFound(id: string): StoreError {
  return new StoreError(StoreErrorCodes.notFound, `no run ${id} (it may have been deleted)`);
}

export function libraryHandlers(ctx: EngineContext): LibraryHandlers {
  const audioCache = new AudioCache();
  const deletes = new PendingDeletes(
    () => ctx.store(),
    (ids) => {
      for (const id of ids) audioCache.forget(id);
      if (ids.length) ctx.emit('runs.changed', { reason: 'deleted', ids });
    },
  );
  const uploads = new VoiceUploads();
  ctx.onClose(() => {
    deletes.flush();
    uploads.close();
    audioCache.clear();
  });

  /** Hides runs inside their undo window from every listing. */
  const withoutPending = (filter: RunFilter): RunFilter => {
    const hidden = deletes.hidden();
    if (!hidden.length) return filter;
    return { ...filter, where: [...(filter.where ?? []), { field: 'id', op: 'not-in', value: hidden }] };
  };

  /**
   * The full id of the run that `id` names: the id itself or a unique prefix of one (short ids as the UI shows
   * them work in URLs). An ambiguous prefix names the first matches and asks for more characters.
   */
  const resolveRunId = (id: string): string => {
    const matches = ctx
      .store()
      .runIdsWithPrefix(id, 3)
      .filter((match) => !deletes.isHidden(match));
    if (matches.length === 0) throw notFound(id);
    if (matches.length > 1 && matches[0] !== id)
      throw new StoreError(
        StoreErrorCodes.invalidInput,
        `run id prefix "${id}" is ambiguous: it matches ${matches.length > 2 ? 'several runs, among them' : 'both'} ` +
          `${matches.slice(0, 2).join(' and ')}; give more characters of the id`,
      );
    return matches[0]!;
  };
  /** Why a run has no audio of this kind, in the words of its status (running runs store it when they end). */
  const noAudio = (id: string, kind: string): StoreError => {
    const status = ctx.store().getRun(id)?.status;
    const why =
      status === 'running'
        ? 'it is still running; its audio is stored when it finishes'
        : status && status !== 'finished'
          ? `it ${status === 'interrupted' ? 'was interrupted' : status} before its audio was stored`
          : 'only finished runs keep their audio';
    return new StoreError(StoreErrorCodes.notFound, `run ${id} has no ${kind} audio: ${why}`);
  };
  const requireRun = (id: string) => {
    const run = ctx.store().getRun(resolveRunId(id));
    if (!run) throw notFound(id);
    return run;
  };
  /** The same check without loading the run: audio pieces, envelopes, tags and notes need only its id. */
  const requireRunExists = (id: string): void => {
    if (!ctx.store().hasRun(id) || deletes.isHidden(id)) throw notFound(id);
  };

  return {
    'runs.list': async ({ filter, sort, page }) => {
      const result = ctx.store().listRuns({ filter: withoutPending(filter), sort, page });
      return result;
    },

    'runs.groups': async ({ filter, groupBy, metrics }) =>
      ctx.store().groupRuns({ filter: withoutPending(filter), groupBy, metrics }),

    'runs.tags': async () => ({ tags: ctx.store().allTags() }),

    'runs.get': async ({ id: asked, chunks }) => {
      const run = requireRun(asked);
      const store = ctx.store();
      const id = run.id;
      return {
        run: chunks ? run : { ...run, chunks: [] },
        chunksOmitted: !chunks,
        tags: store.getTags(id),
        notes: store.getNotes(id),
        audio: store.listAudio(id),
      };
    },

    'runs.chunks': async ({ id }) => ({ chunks: requireRun(id).chunks }),

    'runs.audio': async ({ id: asked, kind, repeatIndex, offset, length }) => {
      const id = resolveRunId(asked);
      const audio = audioCache.get(ctx.store(), id, kind, repeatIndex);
      if (!audio) throw noAudio(id, kind === 'reference-repeat' ? `${kind} #${repeatIndex}` : kind);
      const total = audio.samples.length;
      if (offset > total) throw new Error(`offset ${offset} is past the end of the audio (${total} samples)`);
      const end = length === undefined ? total : Math.min(total, offset + length);
      return {
        audio: encodeAudio(audio.samples.subarray(offset, end), audio.sampleRate),
        sampleCount: total,
        offset,
        sha256: audio.sha256,
      };
    },

    'runs.peaks': async ({ id: asked, kind, buckets }) => {
      const id = resolveRunId(asked);
      // The envelope saved with the track when it is the one asked for: no samples are read, so a long run's
      // overview is on screen before its audio has even been loaded from disk.
      const stored = ctx.store().getAudioPeaks(id, kind, 0);
      if (stored && stored.buckets === Math.max(1, Math.min(buckets, stored.sampleCount)))
        return {
          peaks: encodeAudio(stored.peaks, stored.sampleRate),
          buckets: stored.buckets,
          sampleCount: stored.sampleCount,
          sampleRate: stored.sampleRate,
        };
      const audio = audioCache.get(ctx.store(), id, kind, 0);
      if (!audio) throw noAudio(id, kind);
      const peaks = minMaxPeaks(audio.samples, buckets);
      return {
        peaks: encodeAudio(peaks, audio.sampleRate),
        buckets: peaks.length / 2,
        sampleCount: audio.samples.length,
        sampleRate: audio.sampleRate,
      };
    },

    'runs.delete': async ({ ids, undoWindowMs }) => {
      const scheduled = deletes.schedule(ids, undoWindowMs);
      ctx.emit('runs.changed', { reason: 'delete-pending', ids: scheduled.ids });
      return scheduled;
    },

    'runs.restore': async ({ token }) => {
      const restored = deletes.restore(token);
      ctx.emit('runs.changed', { reason: 'restored', ids: restored });
      return { restored };
    },

    'runs.tag': async ({ id, add, remove }) => {
      requireRunExists(id);
      const store = ctx.store();
      if (add.length) store.addTags(id, add);
      if (remove.length) store.removeTags(id, remove);
      ctx.emit('runs.changed', { reason: 'tagged', ids: [id] });
      return { tags: store.getTags(id) };
    },

    'runs.note': async ({ id, body, deleteId }) => {
      requireRunExists(id);
      const store = ctx.store();
      if (body !== undefined) store.addNote(id, body);
      if (deleteId !== undefined) {
        if (!store.getNotes(id).some((n) => n.id === deleteId))
          throw new StoreError(StoreErrorCodes.notFound, `run ${id} has no note ${deleteId}`);
        store.deleteNote(deleteId);
      }
      ctx.emit('runs.changed', { reason: 'noted', ids: [id] });
      return { notes: store.getNotes(id) };
    },

    'runs.export': async ({ ids, dir }) => {
      if (!path.isAbsolute(dir))
        throw new Error(`export folder must be an absolute path on the engine's machine, got "${dir}"`);
      for (const id of ids) requireRunExists(id);
      await fs.mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot create the export folder ${dir}: ${error.code ?? error.message}`);
      });
      const files: string[] = [];
      for (const id of ids) files.push(...(await exportRun(ctx.store(), id, dir)).files);
      return { dir, files };
    },

    'voices.list': async () => listVoiceInfos(),

    'voices.importPart': async ({ uploadId, audio }) => ({
      receivedBytes: uploads.addPart(uploadId, audio),
    }),

    'voices.import': async ({ fileName, audio, uploadId, model }) => ({
      voice: await uploads.import(
        fileName,
        audio,
        uploadId,
        model ? (await ctx.models.get(model, RuntimeSchema.parse({}))).report.family : null,
      ),
    }),

    'voices.rename': async ({ name, newName }) => ({ voice: await renameVoice(name, newName) }),

    'voices.remove': async ({ name }) => {
      await removeVoice(name);
      return { removed: name };
    },

    'models.checkText': async ({ model, text, language, runtime }) => {
      const loaded = await ctx.models.get(model, runtime);
      return measureTextBudget(loaded.dir, loaded.report.family, text, language);
    },

    'models.list': async () => {
      const found = await listModels(ctx.modelsDir);
      const byId = new Map(found.map((m) => [m.id, m]));
      const fixtures: ModelChoice[] = FIXTURE_VARIANT_IDS.map((id) => ({
        id,
        synthetic: true,
        variant: FIXTURE_PURPOSE[id] ?? id,
        statefulDecoder: (FIXTURE_VARIANTS[id] as FixtureOptions).statefulDecoder === true,
        present: byId.has(id),
        languages:
          (FIXTURE_VARIANTS[id] as FixtureOptions).family === 'multilingual' ? [...FIXTURE_LANGUAGES] : [],
      }));
      const others: ModelChoice[] = await Promise.all(
        found
          .filter((m) => !(FIXTURE_VARIANT_IDS as string[]).includes(m.id))
          .map(async (m) => ({
            id: m.id,
            synthetic: m.synthetic,
            variant: null,
            statefulDecoder: false,
            present: true,
            languages: await modelLanguages(m.path),
          })),
      );
      // Real models first: they are what a researcher is here for; fixtures are the test bed.
      return { models: [...others, ...fixtures], modelsDir: ctx.modelsDir };
    },
  };
}

/** The languages a model folder's tokenizer.json has tags for (multilingual family), or none. */
async function modelLanguages(dir: string): Promise<string[]> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(path.join(dir, 'tokenizer.json'), 'utf8'));
  } catch {
    return [];
  }
  return languagesOfTokenizerJson(json);
}
