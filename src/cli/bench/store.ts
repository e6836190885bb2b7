/**
 * The run store benchmark (`npm run bench -- store`): saving a run of 20 chunks with 10 s of audio, listing a
 * library of 10 000 runs with a filter and a sort (the goal is under 50 ms), and aggregating a 200-run sweep.
 * Runs are synthetic RunSummary objects written through the store's own API, so the numbers are the store's
 * alone (no model, no metrics computation).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RunConfigSchema, type RunConfig } from '../../contract/index.ts';
import { openStore, type ListRunsQuery, type RunStore } from '../../engine/index.ts';
import { seededRunSummary } from './seeded-runs.ts';
import type { BenchSuite } from './types.ts';

const SAMPLE_RATE = 24_000;
const BOUNDARIES = ['none', 'overlap-add', 'context'] as const;

/** Varied knobs, so filters select a realistic fraction of the library. */
function configFor(i: number): RunConfig {
  const kind = BOUNDARIES[i % 3]!;
  const overlap = Math.floor(i / 3) % 9;
  return RunConfigSchema.parse({
    text: `Run number ${i}. The quick brown fox jumps over the lazy dog near the riverbank.`,
    seed: i,
    schedule: { kind: 'fixed', tokens: 25 },
    boundary:
      kind === 'overlap-add'
        ? { kind, overlapTokens: overlap, crossfadeMs: Math.min(40, overlap * 40) }
        : kind === 'context'
          ? { kind, contextTokens: 10 * (i % 7) }
          : { kind },
    pipeline: i % 2 ? { kind: 'parallel', queueDepth: 2 } : { kind: 'sequential' },
  });
}

function audio(samples: number, seed: number): Float32Array {
  const out = new Float32Array(samples);
  for (let s = 0; s < samples; s++)
    out[s] = 0.4 * Math.sin(s * (0.01 + seed * 1e-5)) + 0.05 * Math.sin(s * 0.37);
  return out;
}

interface Timings {
  medianMs: number;
  minMs: number;
  p90Ms: number;
  samples: number;
}

function timeIt(repeats: number, fn: () => unknown): Timings {
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    medianMs: round(ms[Math.floor(ms.length / 2)]!),
    minMs: round(ms[0]!),
    p90Ms: round(ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.9))]!),
    samples: ms.length,
  };
}

/** Saves one run the way the run manager does: a running row, then one finishing transaction. */
function saveRun(
  store: RunStore,
  i: number,
  chunks: number,
  stream: Float32Array,
  reference: Float32Array,
): string {
  const { id, config, summary } = seededRunSummary(i, {
    config: configFor(i),
    chunks,
    chunkSamples: Math.floor(stream.length / chunks),
  });
  store.beginRun(id, config, summary.provenance);
  store.finishRun(id, summary, { stream, reference });
  return id;
}

export const benchStore: BenchSuite = async ({ quick, workDir, log }) => {
  const repeats = quick ? 5 : 21;
  const libraryRuns = quick ? 1000 : 10_000;

  // 1. Saving a run of 20 chunks with 10 s of audio (streamed + offline reference, float32, lossless).
  const saveStore = openStore(path.join(workDir, 'save.db'));
  const stream = audio(10 * SAMPLE_RATE, 1);
  const reference = audio(10 * SAMPLE_RATE, 2);
  saveRun(saveStore, 0, 20, stream, reference); // warm-up: statements, page cache, file growth
  let n = 1;
  const save = timeIt(repeats, () => saveRun(saveStore, n++, 20, stream, reference));
  const session = saveStore.createSession({
    kind: 'ab-cmos',
    name: 'bench',
    design: {},
    trials: [
      { presentation: {}, stimuli: [{ key: 'A', role: 'condition', runId: null, audioKind: 'anchor' }] },
    ],
  });
  const rating = timeIt(repeats, () =>
    saveStore.addRating({
      sessionId: session.id,
      trialIndex: 0,
      stimulus: 'A',
      score: 1,
      timeMs: 1,
      replays: 0,
      listeningMs: 1,
    }),
  );
  saveStore.close();
  log(
    `  save a 20-chunk, 10 s run: median ${save.medianMs} ms; commit a rating: median ${rating.medianMs} ms`,
  );

  // 2. A library of 10 000 runs (short audio: listing never reads audio), then typical table queries.
  const dbFile = path.join(workDir, 'library.db');
  const store = openStore(dbFile);
  const seedStart = performance.now();
  const tiny = audio(480, 3);
  for (let start = 0; start < libraryRuns; start += 500)
    store.db.transaction(() => {
      for (let i = start; i < Math.min(libraryRuns, start + 500); i++) {
        const id = saveRun(store, i, 8, tiny, tiny);
        if (i % 10 === 0) store.addTags(id, ['baseline']);
      }
    })();
  const seedMs = Math.round(performance.now() - seedStart);
  log(`  seeded ${libraryRuns} runs in ${seedMs} ms`);

  const queries: Record<string, ListRunsQuery> = {
    knobFilterMetricSort: {
      filter: { where: [{ field: 'config.boundary.overlapTokens', op: '=', value: 3 }] },
      sort: { field: 'ttfa_ms', direction: 'desc' },
      page: { limit: 100 },
    },
    metricAndColumnFilterMetricSort: {
      filter: {
        where: [
          { field: 'ttfa_ms', op: '<', value: 500 },
          { field: 'boundary_kind', op: '=', value: 'overlap-add' },
        ],
      },
      sort: { field: 'rtf', direction: 'asc' },
      page: { limit: 100 },
    },
    tagAndTextSortByKnob: {
      filter: { tagsAll: ['baseline'], search: 'quick fox' },
      sort: { field: 'config.boundary.contextTokens', direction: 'desc' },
      page: { limit: 100 },
    },
    deepPageFilterSort: {
      filter: { where: [{ field: 'pipeline_kind', op: '=', value: 'parallel' }] },
      sort: { field: 'median_click_score', direction: 'desc' },
      page: { limit: 100, offset: Math.floor(libraryRuns / 4) },
    },
    noFilterDefaultSort: { page: { limit: 100 } },
  };
  const listing: Record<string, Timings & { total: number }> = {};
  for (const [name, query] of Object.entries(queries)) {
    const total = store.listRuns(query).total; // warm-up, and the match count for the report
    listing[name] = { ...timeIt(repeats, () => store.listRuns(query)), total };
    log(`  list ${name}: median ${listing[name].medianMs} ms (${total} match)`);
  }

  // 3. A 200-run sweep: 20 grid points x 10 repeats, linked to runs of the same library.
  const sweep = store.createSweep({ name: 'bench', grid: { 'boundary.overlapTokens': [0, 8] }, repeats: 10 });
  store.db.transaction(() => {
    for (let p = 0; p < 20; p++)
      for (let r = 0; r < 10; r++) {
        const i = libraryRuns + p * 10 + r;
        const { id, config, summary } = seededRunSummary(i, {
          config: configFor(i),
          chunks: 8,
          chunkSamples: Math.floor(tiny.length / 8),
        });
        store.beginRun(id, config, summary.provenance, {
          sweep: {
            sweepId: sweep.id,
            pointIndex: p,
            point: { 'boundary.overlapTokens': p % 9 },
            repeatIndex: r,
          },
        });
        store.finishRun(id, summary, { stream: tiny, reference: tiny });
      }
  })();
  const aggregate = timeIt(repeats, () => store.aggregateSweep(sweep.id, 'ttfa_ms'));
  const points = store.aggregateSweep(sweep.id, 'ttfa_ms').length;
  log(`  aggregate a 200-run sweep: median ${aggregate.medianMs} ms`);
  store.close();

  const headline = listing.knobFilterMetricSort!;
  return {
    saveRun: {
      chunks: 20,
      audioSeconds: 10,
      sampleRate: SAMPLE_RATE,
      storedTracks: ['stream', 'reference'],
      ...save,
    },
    commitRating: rating,
    listRuns: {
      runs: libraryRuns,
      pageSize: 100,
      goalMs: 50,
      withinGoal: headline.medianMs < 50,
      headlineQuery: 'config.boundary.overlapTokens = 3, sort ttfa_ms desc, first page of 100',
      seedMs,
      databaseBytes: fs.statSync(dbFile).size,
      queries: listing,
    },
    aggregateSweep: { runs: 200, points, metric: 'ttfa_ms', ...aggregate },
  };
};
