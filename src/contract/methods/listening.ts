import { z } from 'zod';
import { EncodedAudioSchema } from '../audio-data.ts';

/**
 * Sample pairs and blind listening tests (shared/docs/listening.md). The listener's side of a session is
 * blinded: `listening.session` and `listening.audio` speak only of stimulus keys (A, B, X, ref, s1...), never of
 * runs, roles or correctness; `listening.results` unblinds. Every answer is stored the moment it is given.
 */

export const ListeningKindSchema = z.enum(['abx', 'ab-cmos', 'mushra']);
export type ListeningKindName = z.infer<typeof ListeningKindSchema>;

/** A run as a pair or a result table shows it. */
export const RunBriefSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  status: z.string(),
  text: z.string(),
  voice: z.string(),
  model: z.string(),
  seed: z.number(),
  /** The generated fixture: never real speech; shown as "synthetic test model" wherever the run appears. */
  synthetic: z.boolean(),
  /** One line describing the strategy, e.g. "overlap-add 3 tok / 50 ms hann · sequential · fixed 25". */
  strategy: z.string(),
  audioMs: z.number().nullable(),
  ttfaMs: z.number().nullable(),
  medianClickScore: z.number().nullable(),
  snrDb: z.number().nullable(),
  sweep: z.object({ sweepId: z.string(), pointIndex: z.number(), repeatIndex: z.number() }).nullable(),
});
export type RunBrief = z.infer<typeof RunBriefSchema>;

export const ConfigDifferenceSchema = z.object({ path: z.string(), a: z.string(), b: z.string() });

export const PairViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  note: z.string(),
  createdAt: z.string(),
  a: RunBriefSchema,
  b: RunBriefSchema,
  /** Configuration knobs that differ (dotted paths, JSON values). */
  differences: z.array(ConfigDifferenceSchema),
  synthetic: z.boolean(),
});
export type PairView = z.infer<typeof PairViewSchema>;

/** Tukey box plot of one condition's scores (quartiles, whiskers within 1.5 IQR, outliers beyond). */
export const BoxStatsSchema = z.object({
  lowWhisker: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  highWhisker: z.number(),
  outliers: z.array(z.number()),
});
export type BoxStats = z.infer<typeof BoxStatsSchema>;

export const MeanCiSchema = z.object({
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  /**
   * 95 % interval of the mean: percentile bootstrap (fixed seed), so it stays inside the score scale at any n;
   * null below 2 ratings.
   */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  method: z.literal('percentile-bootstrap'),
  /** Fewer than `minN` ratings: the interval is shown flagged "n too small". */
  nTooSmall: z.boolean(),
  minN: z.number().int(),
  box: BoxStatsSchema.nullable(),
});
export type MeanCi = z.infer<typeof MeanCiSchema>;

export const AbxStatsSchema = z.object({
  n: z.number().int(),
  correct: z.number().int(),
  /** Exact one-sided binomial p of at least `correct` of `n` by guessing (0.5 each). */
  p: z.number(),
  significant: z.boolean(),
});
export type AbxStats = z.infer<typeof AbxStatsSchema>;

const PairRefSchema = z.object({ pairId: z.string(), label: z.string(), runA: z.string(), runB: z.string() });

export const ListeningResultsSchema = z.object({
  sessionId: z.string(),
  kind: ListeningKindSchema,
  name: z.string(),
  listener: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  synthetic: z.boolean(),
  seed: z.number().nullable(),
  total: z.number().int(),
  answered: z.number().int(),
  timing: z.object({
    meanTimeMs: z.number().nullable(),
    totalListeningMs: z.number(),
    meanReplays: z.number().nullable(),
  }),
  abx: z
    .object({
      overall: AbxStatsSchema,
      byPair: z.array(PairRefSchema.extend({ stats: AbxStatsSchema })),
    })
    .nullable(),
  /** Positive means the pair's run B was preferred over run A (the side shown is corrected for). */
  cmos: z
    .object({ overall: MeanCiSchema, byPair: z.array(PairRefSchema.extend({ stats: MeanCiSchema })) })
    .nullable(),
  mushra: z
    .object({
      byPair: z.array(
        PairRefSchema.extend({
          a: MeanCiSchema,
          b: MeanCiSchema,
          hiddenReference: MeanCiSchema,
          anchor: MeanCiSchema,
        }),
      ),
      screening: z.object({
        trials: z.number().int(),
        hiddenReferenceBelow90: z.number().int(),
        fraction: z.number(),
        /** BS.1534 post-screening: hidden reference below 90 in more than 15 % of trials. */
        flagged: z.boolean(),
        anchorAboveReference: z.number().int(),
      }),
    })
    .nullable(),
  /** Every trial unblinded: what was presented, what was answered, how long it took. */
  trials: z.array(
    z.object({
      index: z.number().int(),
      pairId: z.string(),
      presentation: z.record(z.string(), z.string()),
      answer: z.string().nullable(),
      correct: z.boolean().nullable(),
      scores: z.record(z.string(), z.number()),
      timeMs: z.number().nullable(),
      replays: z.number().int(),
      listeningMs: z.number(),
    }),
  ),
  pairs: z.array(PairViewSchema),
  warnings: z.array(z.string()),
});
export type ListeningResults = z.infer<typeof ListeningResultsSchema>;

export const BlindTrialSchema = z.object({
  index: z.number().int(),
  /** Stimulus keys in the order they are shown. */
  keys: z.array(z.string()),
  /** The keys the listener answers for (X in ABX, B in CMOS, s1.. in MUSHRA). */
  rate: z.array(z.string()),
  answered: z.boolean(),
  /** The listener's latest answer per key (no correctness: that would unblind). */
  answers: z.record(z.string(), z.object({ answer: z.string().nullable(), score: z.number().nullable() })),
});

export const BlindSessionSchema = z.object({
  id: z.string(),
  kind: ListeningKindSchema,
  name: z.string(),
  listener: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  synthetic: z.boolean(),
  trials: z.array(BlindTrialSchema),
  /** The first trial not fully answered: where a reloaded page resumes; null when all are answered. */
  nextTrial: z.number().int().nullable(),
  answered: z.number().int(),
});
export type BlindSession = z.infer<typeof BlindSessionSchema>;

export const SessionListItemSchema = z.object({
  id: z.string(),
  kind: ListeningKindSchema,
  name: z.string(),
  listener: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  total: z.number().int(),
  answered: z.number().int(),
  synthetic: z.boolean(),
});

const id = z.string().min(1);

export const listeningMethods = {
  // ---- sample pairs ----------------------------------------------------------------------------------------
  /** Finished runs that can be paired (newest first); a search matches text, model or id. */
  'pairs.candidates': {
    params: z
      .object({
        search: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(2000).default(500),
      })
      .strict(),
    result: z.array(RunBriefSchema),
  },
  'pairs.create': {
    params: z
      .object({
        runA: id,
        runB: id,
        label: z.string().max(200).optional(),
        note: z.string().max(10_000).optional(),
      })
      .strict(),
    result: PairViewSchema,
  },
  /** One pair per grid point against a baseline point (same repeat): the baseline is always run A. */
  'pairs.fromSweep': {
    params: z
      .object({
        sweepId: id,
        baselinePointIndex: z.number().int().min(0),
        repeatIndex: z.number().int().min(0).default(0),
      })
      .strict(),
    result: z.object({
      pairs: z.array(PairViewSchema),
      skipped: z.array(z.object({ pointIndex: z.number().int(), reason: z.string() })),
    }),
  },
  'pairs.list': { params: z.object({}).strict(), result: z.array(PairViewSchema) },
  'pairs.update': {
    params: z
      .object({ pairId: id, label: z.string().max(200).optional(), note: z.string().max(10_000).optional() })
      .strict(),
    result: PairViewSchema,
  },
  'pairs.delete': { params: z.object({ pairId: id }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Writes `<pair>.A.wav`, `<pair>.B.wav` and the JSON sidecar (configs, differences, synthetic label). */
  'pairs.export': {
    params: z.object({ pairId: id, dir: z.string().optional() }).strict(),
    result: z.object({ dir: z.string(), files: z.array(z.string()) }),
  },
  /** A side's streamed audio, or its offline reference, for auditioning the pair. */
  'pairs.audio': {
    params: z
      .object({
        pairId: id,
        side: z.enum(['A', 'B']),
        kind: z.enum(['stream', 'reference']).default('stream'),
      })
      .strict(),
    result: EncodedAudioSchema,
  },

  // ---- listening sessions --------------------------------------------------------------------------------
  /** Designs a randomised session over pairs (the seed and every trial's presentation are stored). */
  'listening.create': {
    params: z
      .object({
        kind: ListeningKindSchema,
        name: z.string().min(1).max(200),
        listener: z.string().max(200).optional(),
        pairIds: z.array(id).min(1).max(200),
        /** Trials per pair: ABX needs about 10 for a verdict (9/10 correct for p < 0.05). */
        trialsPerPair: z.number().int().min(1).max(100),
        /** Randomisation seed; drawn and stored when absent. */
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .optional(),
      })
      .strict(),
    result: z.object({ sessionId: z.string(), trials: z.number().int(), seed: z.number().int() }),
  },
  'listening.list': { params: z.object({}).strict(), result: z.array(SessionListItemSchema) },
  /** The blinded session: keys only, no runs or roles; `nextTrial` is where to resume. */
  'listening.session': { params: z.object({ sessionId: id }).strict(), result: BlindSessionSchema },
  /** One stimulus's audio by key (the MUSHRA low anchor is computed here: 3.5 kHz low-pass of the reference). */
  'listening.audio': {
    params: z.object({ sessionId: id, trialIndex: z.number().int().min(0), key: z.string().min(1) }).strict(),
    result: EncodedAudioSchema,
  },
  /** Stores one answer at once (ABX: stimulus X, answer A|B; CMOS: stimulus B, score -3..3; MUSHRA: 0..100). */
  'listening.answer': {
    params: z
      .object({
        sessionId: id,
        trialIndex: z.number().int().min(0),
        stimulus: z.string().min(1),
        answer: z.string().max(50).optional(),
        score: z.number().optional(),
        timeMs: z.number().min(0),
        replays: z.number().int().min(0),
        listeningMs: z.number().min(0),
        comment: z.string().max(2000).optional(),
      })
      .strict(),
    result: z.object({
      trialComplete: z.boolean(),
      answered: z.number().int(),
      total: z.number().int(),
      nextTrial: z.number().int().nullable(),
    }),
  },
  'listening.finish': {
    params: z.object({ sessionId: id }).strict(),
    result: z.object({ finished: z.boolean() }),
  },
  /** Unblinded results with the statistics of listening.md. */
  'listening.results': { params: z.object({ sessionId: id }).strict(), result: ListeningResultsSchema },
  /** CSV (one row per rating) or JSON (session, design, results); both carry the synthetic-model label. */
  'listening.export': {
    params: z.object({ sessionId: id, format: z.enum(['csv', 'json']) }).strict(),
    result: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  },
} as const;

export const listeningEvents = {
  /** Pairs were created, changed or deleted (other screens refresh their pair lists). */
  'pairs.changed': z.object({
    pairIds: z.array(z.string()),
    change: z.enum(['created', 'updated', 'deleted']),
  }),
} as const;
