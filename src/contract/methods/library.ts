import { z } from 'zod';
import { EncodedAudioSchema } from '../audio-data.ts';
import { RunConfigSchema } from '../run-config.ts';
import { ChunkRecordSchema, RunSummarySchema } from '../run-result.ts';
import { ENVELOPE_BUCKETS } from '../constants.ts';

/**
 * The run library: listing, reading, annotating, exporting and deleting stored runs, plus the voices and
 * models a new run can use. Mirrors the run store's query shape (engine/store/list-runs.ts) so the runs table
 * pages, sorts and filters in the database, never in the UI.
 */

export const RunStatusSchema = z.enum(['running', 'finished', 'failed', 'cancelled', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** Field names are checked by the store against its allow-list (run columns, metric columns, config./provenance. paths). */
const FieldNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-zA-Z0-9_.]+$/, 'a field is a column name or a dotted config./provenance. path');

export const FilterOpSchema = z.enum([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'not-in',
  'like',
  'is-null',
  'not-null',
]);
const FilterValueSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const FieldConditionSchema = z
  .object({
    field: FieldNameSchema,
    op: FilterOpSchema,
    value: z.union([FilterValueSchema, z.array(FilterValueSchema).max(1000)]).optional(),
  })
  .strict();
export type FieldCondition = z.infer<typeof FieldConditionSchema>;

const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, 'an ISO date, e.g. 2025-01-31 or 2025-01-31T12:00:00Z');

export const RunFilterSchema = z
  .object({
    where: z.array(FieldConditionSchema).max(50).optional(),
    status: z.union([RunStatusSchema, z.array(RunStatusSchema)]).optional(),
    synthetic: z.boolean().optional(),
    /** Words of the run text (prefix match), a note's text or part of the id. */
    search: z.string().max(500).optional(),
    tagsAll: z.array(z.string().min(1).max(200)).max(50).optional(),
    tagsAny: z.array(z.string().min(1).max(200)).max(50).optional(),
    createdFrom: IsoDateSchema.optional(),
    createdTo: IsoDateSchema.optional(),
    sweepId: z.string().optional(),
  })
  .strict();
export type RunFilter = z.infer<typeof RunFilterSchema>;

export const RunSortSchema = z
  .object({ field: FieldNameSchema, direction: z.enum(['asc', 'desc']).default('asc') })
  .strict();
export type RunSort = z.infer<typeof RunSortSchema>;

export const RunListRowSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  status: RunStatusSchema,
  model: z.string(),
  modelFamily: z.string(),
  synthetic: z.boolean(),
  providers: z.string(),
  text: z.string(),
  voice: z.string(),
  seed: z.number(),
  textSourceMode: z.string(),
  scheduleKind: z.string(),
  boundaryKind: z.string(),
  pipelineKind: z.string(),
  config: RunConfigSchema,
  error: z.string().nullable(),
  tags: z.array(z.string()),
  noteCount: z.number().int(),
  sweep: z
    .object({ sweepId: z.string(), pointIndex: z.number().int(), repeatIndex: z.number().int() })
    .nullable(),
  /** Measurement conditions: cold (model loaded/warmed for it), contended (other runs overlapped its clock). */
  conditions: z
    .object({ cold: z.boolean(), contended: z.boolean(), overlapMs: z.number() })
    .nullable()
    .default(null),
  /** Metric columns by name (ttfa_ms, rtf, gap_count, median_click_score, snr_db...); null when unfinished. */
  metrics: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).nullable(),
});
export type RunListRow = z.infer<typeof RunListRowSchema>;

/** A stored run: a RunSummary, except that runs which never finished have no metrics or sample rate. */
export const StoredRunSchema = RunSummarySchema.extend({
  metrics: RunSummarySchema.shape.metrics.nullable(),
  sampleRate: RunSummarySchema.shape.sampleRate.nullable(),
  finishedAt: z.string().nullable(),
});
export type StoredRun = z.infer<typeof StoredRunSchema>;

export const RunNoteSchema = z.object({
  id: z.number().int(),
  runId: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type RunNote = z.infer<typeof RunNoteSchema>;

export const AudioKindSchema = z.enum(['stream', 'reference', 'reference-repeat']);

export const AudioInfoSchema = z.object({
  kind: AudioKindSchema,
  repeatIndex: z.number().int(),
  sampleRate: z.number().int(),
  sampleCount: z.number().int(),
  sha256: z.string(),
});
export type AudioInfo = z.infer<typeof AudioInfoSchema>;

export const VoiceInfoSchema = z.object({
  /** What a run's `voice` field names. */
  name: z.string(),
  /** Shipped with Seamlab (resources/voices) rather than imported by the user. */
  builtIn: z.boolean(),
  path: z.string(),
});
export type VoiceInfo = z.infer<typeof VoiceInfoSchema>;

export const ModelChoiceSchema = z.object({
  id: z.string(),
  /** The generated fixture (never real speech): every screen that shows its runs says so. */
  synthetic: z.boolean(),
  /** For fixture models: the variant's purpose ('default', 'fp16 KV cache', 'stateful decoder', 'heavy compute'). */
  variant: z.string().nullable(),
  /** Has a cache-capable decoder, so the 'stateful' boundary treatment applies. */
  statefulDecoder: z.boolean(),
  /** False for a fixture variant that is generated on its first run. */
  present: z.boolean(),
  /** Language codes the model speaks (multilingual family); empty for English-only models. */
  languages: z.array(z.string()),
});
export type ModelChoice = z.infer<typeof ModelChoiceSchema>;

const RunIdSchema = z.string().min(1).max(200);
const RunIdsSchema = z.array(RunIdSchema).min(1).max(10_000);
const Base64Schema = z
  .string()
  .max(1_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'audio must be base64 (A-Z a-z 0-9 + / with = padding)');
const TagNameSchema = z.string().trim().min(1, 'a tag cannot be empty').max(200);

export { ENVELOPE_BUCKETS };

export const libraryMethods = {
  /** One page of the runs table, filtered and sorted in the database. Runs waiting to be deleted are hidden. */
  'runs.list': {
    params: z
      .object({
        filter: RunFilterSchema.default({}),
        sort: z.union([RunSortSchema, z.array(RunSortSchema).max(5)]).optional(),
        page: z
          .object({
            limit: z.number().int().min(1).max(1000).default(100),
            offset: z.number().int().min(0).default(0),
          })
          .strict()
          .default({ limit: 100, offset: 0 }),
      })
      .strict(),
    result: z.object({ rows: z.array(RunListRowSchema), total: z.number().int() }),
  },
  /**
   * The runs table grouped by one field (a knob such as `config.boundary.overlapTokens`, a run column or a
   * metric): each distinct value with its run count and the mean of key metrics, over every matching run.
   */
  'runs.groups': {
    params: z
      .object({
        filter: RunFilterSchema.default({}),
        groupBy: z.string().min(1).max(200),
        metrics: z.array(z.string().min(1).max(100)).max(12).optional(),
      })
      .strict(),
    result: z.object({
      groups: z.array(
        z.object({
          value: z.union([z.string(), z.number(), z.null()]),
          count: z.number().int(),
          means: z.record(z.string(), z.number().nullable()),
        }),
      ),
      total: z.number().int(),
      truncated: z.boolean(),
    }),
  },
  /** Every tag in use, with how many runs carry it (filter menus). */
  'runs.tags': {
    params: z.object({}).strict(),
    result: z.object({ tags: z.array(z.object({ name: z.string(), runs: z.number().int() })) }),
  },
  /**
   * One run with its tags, notes and stored audio tracks. `chunks: false` leaves out the per-chunk timeline (the
   * largest part of a long run: 600 chunks are 200 kB of JSON) for a view that draws it later (runs.chunks); the
   * result then says `chunksOmitted` and `run.chunks` is empty.
   */
  'runs.get': {
    params: z.object({ id: RunIdSchema, chunks: z.boolean().default(true) }).strict(),
    result: z.object({
      run: StoredRunSchema,
      chunksOmitted: z.boolean(),
      tags: z.array(z.string()),
      notes: z.array(RunNoteSchema),
      audio: z.array(AudioInfoSchema),
    }),
  },
  /** A run's per-chunk timeline (token generation, queue wait, decode, emission), as runs.get has it. */
  'runs.chunks': {
    params: z.object({ id: RunIdSchema }).strict(),
    result: z.object({ chunks: z.array(ChunkRecordSchema) }),
  },
  /**
   * A run's streamed audio or its offline reference decode, exactly as stored: all of it, or the samples
   * [offset, offset + length) so long runs arrive in pieces the UI can decode without freezing.
   */
  'runs.audio': {
    params: z
      .object({
        id: RunIdSchema,
        kind: AudioKindSchema.default('stream'),
        repeatIndex: z.number().int().min(0).default(0),
        offset: z.number().int().min(0).default(0),
        length: z.number().int().min(1).optional(),
      })
      .strict(),
    result: z.object({
      audio: EncodedAudioSchema,
      /** Samples in the whole recording (the piece returned starts at `offset`). */
      sampleCount: z.number().int(),
      offset: z.number().int(),
      sha256: z.string(),
    }),
  },
  /**
   * A min/max envelope of a run's audio in `buckets` equal spans: enough to draw a 10-minute waveform at once,
   * a few kilobytes instead of tens of megabytes. Interleaved [max0, min0, max1, min1, ...] as float32.
   */
  'runs.peaks': {
    params: z
      .object({
        id: RunIdSchema,
        kind: AudioKindSchema.default('stream'),
        buckets: z.number().int().min(16).max(200_000).default(ENVELOPE_BUCKETS),
      })
      .strict(),
    result: z.object({
      peaks: EncodedAudioSchema,
      buckets: z.number().int(),
      sampleCount: z.number().int(),
      sampleRate: z.number().int(),
    }),
  },
  /**
   * Deletes runs after an undo window: they disappear from runs.list at once and are removed from the
   * database when the window ends (or when the engine closes). runs.restore with the token undoes it.
   * Refused up front for runs that a sample pair or a listening trial still uses.
   */
  'runs.delete': {
    params: z
      .object({
        ids: RunIdsSchema,
        undoWindowMs: z.number().int().min(0).max(600_000).default(10_000),
      })
      .strict(),
    result: z.object({ token: z.string(), ids: z.array(z.string()), deleteAt: z.number() }),
  },
  'runs.restore': {
    params: z.object({ token: z.string().min(1) }).strict(),
    result: z.object({ restored: z.array(z.string()) }),
  },
  'runs.tag': {
    params: z
      .object({
        id: RunIdSchema,
        add: z.array(TagNameSchema).max(50).default([]),
        remove: z.array(TagNameSchema).max(50).default([]),
      })
      .strict(),
    result: z.object({ tags: z.array(z.string()) }),
  },
  /** Adds a note (body) or deletes one (deleteId); answers with the run's notes. */
  'runs.note': {
    params: z
      .object({
        id: RunIdSchema,
        body: z.string().trim().min(1, 'a note cannot be empty').max(20_000).optional(),
        deleteId: z.number().int().optional(),
      })
      .strict()
      .refine((p) => (p.body === undefined) !== (p.deleteId === undefined), {
        message: 'give either body (to add a note) or deleteId (to delete one)',
      }),
    result: z.object({ notes: z.array(RunNoteSchema) }),
  },
  /** Writes each run's stream and reference WAVs (float32) and a JSON sidecar into a folder on the engine's machine. */
  'runs.export': {
    params: z
      .object({ ids: z.array(RunIdSchema).min(1).max(1000), dir: z.string().trim().min(1).max(4096) })
      .strict(),
    result: z.object({ dir: z.string(), files: z.array(z.string()) }),
  },
  'voices.list': {
    params: z.object({}).strict(),
    result: z.object({ voices: z.array(VoiceInfoSchema), userDir: z.string() }),
  },
  /**
   * Imports an audio file into the user's voices folder. Files larger than one message are sent in parts:
   * voices.importPart for every part but the last, then voices.import with the last part and the uploadId.
   */
  'voices.importPart': {
    params: z.object({ uploadId: z.string().min(8).max(100), audio: Base64Schema }).strict(),
    result: z.object({ receivedBytes: z.number().int() }),
  },
  'voices.import': {
    params: z
      .object({
        /** The file name, with its extension (the decoder goes by it): 'my voice.wav'. */
        fileName: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .refine((n) => !/[/\\]/.test(n) && !n.startsWith('.'), 'a plain file name, without folders'),
        audio: Base64Schema,
        uploadId: z.string().min(8).max(100).optional(),
        /**
         * The model the voice is for: its family's import checks apply (minimum seconds and level of sound;
         * Turbo needs more than 5 s). Without it, the original family's.
         */
        model: z.string().min(1).optional(),
      })
      .strict(),
    result: z.object({ voice: VoiceInfoSchema }),
  },
  /** Renames an imported voice (built-in ones cannot be renamed). */
  'voices.rename': {
    params: z.object({ name: z.string().min(1), newName: z.string().min(1).max(100) }).strict(),
    result: z.object({ voice: VoiceInfoSchema }),
  },
  /** Deletes an imported voice's file (built-in ones cannot be removed). */
  'voices.remove': {
    params: z.object({ name: z.string().min(1) }).strict(),
    result: z.object({ removed: z.string() }),
  },
  /**
   * How many text tokens `text` is for `model`'s tokenizer and T3's text context (model-limits.ts): the Experiment
   * form asks before a `whole`-mode run, so a text the model cannot take is refused with the count and the limit.
   */
  'models.checkText': {
    params: z
      .object({
        model: z.string().min(1),
        text: RunConfigSchema.shape.text,
        language: RunConfigSchema.shape.language,
        runtime: RunConfigSchema.shape.runtime,
      })
      .strict(),
    result: z.object({
      textTokens: z.number().int(),
      maxTextTokens: z.number().int(),
      fits: z.boolean(),
      message: z.string().nullable(),
    }),
  },
  /** Models a run can use: downloaded ones plus every fixture variant (generated on first use). */
  'models.list': {
    params: z.object({}).strict(),
    result: z.object({ models: z.array(ModelChoiceSchema), modelsDir: z.string() }),
  },
} as const;

export const libraryEvents = {
  /** Runs were deleted or restored (so every open runs table refreshes). */
  'runs.changed': z.object({
    reason: z.enum(['deleted', 'delete-pending', 'restored', 'tagged', 'noted']),
    ids: z.array(z.string()),
  }),
} as const;
