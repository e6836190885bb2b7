/**
 * The migration harness: for every schema version k from 0 to latest, build a database at k by applying
 * migrations 1..k, insert representative data written the way version k wrote it (raw SQL, frozen per version),
 * open it with the store (which migrates to latest) and check the data survived and works with today's code.
 * Adding migration N means adding `seeders[N]`; the first test fails until you do.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  applyMigrations,
  openStore,
  type Migration,
  type RunStore,
} from '../../../src/engine/store/index.ts';
import { makeAudio, makeConfig, makeProvenance, makeSummary, bytesOf } from './fixtures/runs.ts';
import { saveRun, tempDir } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const RUN_ID = '11111111-2222-4333-8444-555555555555';
const FAILED_ID = '11111111-2222-4333-8444-666666666666';
const RUNNING_ID = '11111111-2222-4333-8444-777777777777';
const SWEEP_ID = 'sweep-1';
const PAIR_ID = 'pair-1';
const config = makeConfig({
  text: 'Zebras graze quietly at dawn.',
  boundary: { kind: 'overlap-add', overlapTokens: 4 },
});
const summary = makeSummary(RUN_ID, config, 3);
const audio = makeAudio(3, 960);
const otherConfig = makeConfig({ text: config.text, boundary: { kind: 'none' } });

/** Metrics JSON as schemas 1-4 wrote it: without the fields that schema 5 (relative quality) added. */
function metricsBeforeV5(m: typeof summary.metrics): unknown {
  const { medianExcessClickScore: _median, maxExcessClickScore: _max, ...boundaries } = m.boundaries;
  const { identical: _identical, ...quality } = m.quality;
  return { ...m, boundaries, quality };
}

/** Data as schema 1 stored it. Frozen: never update this to a later schema. */
function seedV1(db: Database.Database): void {
  const m = summary.metrics;
  db.prepare(
    `INSERT INTO runs (id, created_at, finished_at, status, config_json, model, text_source_mode, schedule_kind,
      boundary_kind, pipeline_kind, seed, text, voice, provenance_json, model_family, providers, app_version,
      onnxruntime_version, node_version, synthetic, sample_rate)
     VALUES (?, ?, ?, 'finished', ?, ?, 'whole', 'fixed', 'overlap-add', 'sequential', ?, ?, ?, ?, 'chatterbox', 'cpu',
      '0.1.0', '1.30.0', 'v24', 1, 24000)`,
  ).run(
    RUN_ID,
    summary.createdAt,
    summary.createdAt,
    JSON.stringify(config),
    config.model,
    config.seed,
    config.text,
    config.voice,
    JSON.stringify(makeProvenance()),
  );
  db.prepare(
    `INSERT INTO run_metrics (run_id, metrics_json, ttfa_ms, text_ready_ms, first_token_ms, first_chunk_decoded_ms,
      first_sample_ms, wall_ms, audio_ms, rtf, tokens, playback_mode, jitter_buffer_ms, playback_start_ms, gap_count,
      total_gap_ms, longest_gap_ms, token_worker_utilisation, decode_worker_utilisation, ideal_wall_ms,
      harness_overhead, boundary_count, median_click_score, max_click_score, audible_clicks, snr_db, lsd_db, mcd_db,
      noise_floor_snr_db, significant)
     VALUES (?, ?, ?, 1, 10.5, 99.125, ?, ?, ?, ?, ?, 'realtime', 0, 100, ?, 0, 0, 0.8, 0.2, 320, 0.01, ?, ?, 9.1, 1, ?, 1.5, NULL, NULL, NULL)`,
  ).run(
    RUN_ID,
    JSON.stringify(metricsBeforeV5(m)),
    m.ttfaMs,
    m.stages.firstSampleMs,
    m.wallMs,
    m.audioMs,
    m.rtf,
    m.tokens,
    m.playback.gapCount,
    m.boundaries.count,
    m.boundaries.medianClickScore,
    m.quality.snrDb,
  );
  for (const c of summary.chunks)
    db.prepare(`INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      RUN_ID,
      c.index,
      c.segment,
      c.tokenStart,
      c.tokenEnd,
      c.decodedStart,
      c.decodedEnd,
      c.sampleStart,
      c.sampleEnd,
      c.firstTokenAtMs,
      c.lastTokenAtMs,
      c.decodeStartAtMs,
      c.decodeEndAtMs,
      c.emittedAtMs,
      c.tokenGenerationMs,
      c.decodeMs,
      c.queueWaitMs,
      c.audioMs,
    );
  for (const b of summary.boundaries)
    db.prepare(`INSERT INTO boundaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      RUN_ID,
      b.index,
      b.sample,
      b.timeS,
      b.segmentJoin ? 1 : 0,
      b.clickScore,
      b.referenceClickScore,
      b.fluxJump,
      b.hfBurst,
      b.dEDb,
      b.dF0Hz,
      b.snrDbLocal,
      b.lsdDbLocal,
    );
  for (const [kind, samples] of [
    ['stream', audio.stream],
    ['reference', audio.reference],
  ] as const) {
    db.prepare(`INSERT INTO audio VALUES (?, ?, 0, 24000, ?, 'f32le', ?, ?)`).run(
      RUN_ID,
      kind,
      samples.length,
      createHash('sha256').update(bytesOf(samples)).digest('hex'),
      Buffer.from(bytesOf(samples)),
    );
  }
  db.prepare(`INSERT INTO audio VALUES (?, 'reference-repeat', 0, 24000, ?, 'f32le', ?, ?)`).run(
    RUN_ID,
    audio.repeats![0]!.length,
    createHash('sha256').update(bytesOf(audio.repeats![0]!)).digest('hex'),
    Buffer.from(bytesOf(audio.repeats![0]!)),
  );
  // A failed run on the same text and voice (so it can be paired), and a run its writer never finished: the
  // process that wrote it (pid far beyond pid_max) is gone, so opening the migrated store recovers it.
  for (const [id, status, pid] of [
    [FAILED_ID, 'failed', null],
    [RUNNING_ID, 'running', 99999999],
  ] as const)
    db.prepare(
      `INSERT INTO runs (id, created_at, finished_at, status, config_json, model, text_source_mode, schedule_kind,
        boundary_kind, pipeline_kind, seed, text, voice, provenance_json, model_family, providers, app_version,
        onnxruntime_version, node_version, synthetic, sample_rate, error, writer_pid, writer_host, writer_token)
       VALUES (?, '2025-01-01T00:00:09.000Z', NULL, ?, ?, ?, 'whole', 'fixed', 'none', 'sequential', ?, ?, ?, ?,
        'chatterbox', 'cpu', '0.1.0', '1.30.0', 'v24', 1, NULL, ?, ?, ?, 'gone')`,
    ).run(
      id,
      status,
      JSON.stringify(otherConfig),
      otherConfig.model,
      otherConfig.seed,
      otherConfig.text,
      otherConfig.voice,
      JSON.stringify(makeProvenance()),
      status === 'failed' ? 'decoder exploded' : null,
      pid,
      pid === null ? null : os.hostname(),
    );
  db.prepare(
    `INSERT INTO sweeps VALUES (?, 'boundary kinds', '2025-01-01T00:00:00Z', '{"boundary.kind":["overlap-add","none"]}', NULL, 1)`,
  ).run(SWEEP_ID);
  db.prepare(`INSERT INTO sweep_runs VALUES (?, ?, 0, '{"boundary.kind":"overlap-add"}', 0)`).run(
    SWEEP_ID,
    RUN_ID,
  );
  db.prepare(`INSERT INTO sweep_runs VALUES (?, ?, 1, '{"boundary.kind":"none"}', 0)`).run(
    SWEEP_ID,
    FAILED_ID,
  );
  db.prepare(`INSERT INTO sample_pairs VALUES (?, ?, ?, 'ola vs none', 'n', '2025-01-03T00:00:00Z')`).run(
    PAIR_ID,
    RUN_ID,
    FAILED_ID,
  );
  db.prepare(`INSERT INTO tags (id, name) VALUES (1, 'baseline')`).run();
  db.prepare(`INSERT INTO run_tags VALUES (?, 1)`).run(RUN_ID);
  db.prepare(
    `INSERT INTO run_notes (run_id, body, created_at) VALUES (?, 'clicks at 2 s', '2025-01-01T00:00:00Z')`,
  ).run(RUN_ID);
  db.prepare(
    `INSERT INTO listening_sessions VALUES ('s1', 'abx', 'first', 'ann', '{}', '2025-01-02T00:00:00Z', NULL)`,
  ).run();
  db.prepare(
    `INSERT INTO trials (id, session_id, idx, presentation_json) VALUES (1, 's1', 0, '{"x":"A"}')`,
  ).run();
  db.prepare(`INSERT INTO trial_stimuli VALUES (1, 'X', 'condition', ?, 'stream', 0)`).run(RUN_ID);
  db.prepare(
    `INSERT INTO ratings (trial_id, stimulus, answer, correct, time_ms, replays, listening_ms, comment, created_at)
    VALUES (1, 'X', 'A', 1, 1234.5, 2, 3000, 'easy', '2025-01-02T00:01:00Z')`,
  ).run();
}

/** Schema 2 added only indexes and the search table, derived from existing data: nothing new to seed. */
function seedV2(db: Database.Database): void {
  seedV1(db);
}

/** Schema 3 added run_knobs, filled by a trigger on runs: raw inserts of runs are still complete. */
function seedV3(db: Database.Database): void {
  seedV2(db);
}

/** Schema 4 added audio_peaks, written by the store with each track; raw audio rows simply have none. */
function seedV4(db: Database.Database): void {
  seedV3(db);
}

/** Schema 5 added the excess click score columns (and snr_identical, 0 by default), written with the metrics. */
function seedV5(db: Database.Database): void {
  seedV4(db);
  db.prepare(
    'UPDATE run_metrics SET median_excess_click_score = ?, max_excess_click_score = ? WHERE run_id = ?',
  ).run(
    summary.metrics.boundaries.medianExcessClickScore,
    summary.metrics.boundaries.maxExcessClickScore,
    RUN_ID,
  );
}

/** Schema 6 added runs.stop_reason, nullable and backfilled from the status: raw inserts of runs stay complete. */
function seedV6(db: Database.Database): void {
  seedV5(db);
}

/** Schema 7 rebuilt run_search with strategy names and knob values, filled by its trigger from config_json. */
function seedV7(db: Database.Database): void {
  seedV6(db);
}

const seeders: Record<number, (db: Database.Database) => void> = {
  0: () => {},
  1: seedV1,
  2: seedV2,
  3: seedV3,
  4: seedV4,
  5: seedV5,
  6: seedV6,
  7: seedV7,
};

/** What must hold after migrating to latest from a database seeded at `from`. */
function checkSurvived(store: RunStore, from: number): void {
  expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  expect(store.integrityCheck()).toBe('ok');
  if (from === 0) {
    expect(store.listRuns().total).toBe(0);
    return;
  }
  const run = store.getRun(RUN_ID);
  expect(run).toMatchObject({
    status: 'finished',
    config,
    chunks: summary.chunks,
    boundaries: summary.boundaries,
    metrics: summary.metrics,
  });
  expect(Buffer.compare(bytesOf(store.getAudio(RUN_ID, 'stream')!.samples), bytesOf(audio.stream))).toBe(0);
  // Migration 6: a failed run stored before it gets the reason its status implies; a finished one has none.
  if (from < 6) {
    expect(store.getRun(FAILED_ID)?.stopReason).toBe('failed');
    expect(store.getRun(RUN_ID)?.stopReason).toBeUndefined();
  }
  expect(store.getTags(RUN_ID)).toEqual(['baseline']);
  expect(store.getNotes(RUN_ID).map((n) => n.body)).toEqual(['clicks at 2 s']);
  // The search index built by migration 2 covers runs written before it existed.
  expect(
    store
      .listRuns({ filter: { search: 'zebra' } })
      .rows.map((r) => r.id)
      .sort(),
  ).toEqual([RUN_ID, FAILED_ID, RUNNING_ID].sort());
  expect(
    store.listRuns({ filter: { where: [{ field: 'config.boundary.overlapTokens', op: '=', value: 4 }] } })
      .total,
  ).toBe(1);
  // Migration 7 indexed strategy names and knob values of runs written before it: "overlap" finds the
  // overlap-add run (its text says nothing of overlap), and a knob name with its value narrows to it.
  expect(store.listRuns({ filter: { search: 'overlap' } }).rows.map((r) => r.id)).toEqual([RUN_ID]);
  expect(store.listRuns({ filter: { search: 'overlapTokens 4' } }).rows.map((r) => r.id)).toEqual([RUN_ID]);
  // Migration 3's run_knobs cover runs written before it, and say the same as config_json.
  expect(
    store.db
      .prepare(
        `SELECT COUNT(*) FROM runs r LEFT JOIN run_knobs k ON k.run_id = r.id
         WHERE k.config_jsonb IS NULL OR json(k.config_jsonb) <> json(r.config_json)`,
      )
      .pluck()
      .get(),
  ).toBe(0);
  expect(
    store.listRuns({ filter: { where: [{ field: 'provenance.model.synthetic', op: '=', value: true }] } })
      .total,
  ).toBe(3);
  expect(store.listRuns({ sort: { field: 'config.boundary.kind', direction: 'desc' } }).rows[0]?.id).toBe(
    RUN_ID,
  );
  expect(
    Buffer.compare(
      bytesOf(store.getAudio(RUN_ID, 'reference-repeat', 0)!.samples),
      bytesOf(audio.repeats![0]!),
    ),
  ).toBe(0);
  // The run left running by a dead writer is recovered on the first open after the upgrade.
  expect(store.getRun(RUNNING_ID)).toMatchObject({ status: 'interrupted', metrics: null, chunks: [] });
  expect(store.getRun(FAILED_ID)).toMatchObject({ status: 'failed', error: 'decoder exploded' });
  expect(store.getPair(PAIR_ID)).toMatchObject({ runA: RUN_ID, runB: FAILED_ID, label: 'ola vs none' });
  expect(store.aggregateSweep(SWEEP_ID, 'ttfa_ms')).toEqual([
    {
      pointIndex: 0,
      point: { 'boundary.kind': 'overlap-add' },
      n: 1,
      mean: summary.metrics.ttfaMs,
      std: 0,
      min: summary.metrics.ttfaMs,
      max: summary.metrics.ttfaMs,
      median: summary.metrics.ttfaMs,
    },
    {
      pointIndex: 1,
      point: { 'boundary.kind': 'none' },
      n: 0,
      mean: null,
      std: null,
      min: null,
      max: null,
      median: null,
    },
  ]);
  // Migration 5 derived the excess click scores of runs stored before it from their boundaries.
  const listed = store.listRuns({ sort: { field: 'max_excess_click_score', direction: 'desc' } }).rows[0];
  expect(listed?.id).toBe(RUN_ID);
  expect(listed?.metrics?.max_excess_click_score).toBe(summary.metrics.boundaries.maxExcessClickScore);
  expect(listed?.metrics?.median_excess_click_score).toBe(summary.metrics.boundaries.medianExcessClickScore);
  expect(listed?.metrics?.snr_identical).toBe(0);
  // Tracks stored without an envelope stay readable; the envelope is simply absent for them.
  expect(store.getAudioPeaks(RUN_ID, 'stream')).toBeUndefined();
  // New runs are written, searchable and filterable on the migrated schema.
  const fresh = saveRun(store, 8, {
    text: 'Zebras again.',
    boundary: { kind: 'context', contextTokens: 12 },
  });
  expect(store.getAudioPeaks(fresh, 'stream')?.buckets).toBeGreaterThan(0);
  expect(
    store
      .listRuns({
        filter: { search: 'zebras', where: [{ field: 'config.boundary.contextTokens', op: '=', value: 12 }] },
      })
      .rows.map((r) => r.id),
  ).toEqual([fresh]);
  expect(store.listRuns({ filter: { search: 'context' } }).rows.map((r) => r.id)).toEqual([fresh]);
  const session = store.getSession('s1');
  expect(session?.trials[0]?.ratings[0]).toMatchObject({
    stimulus: 'X',
    answer: 'A',
    correct: true,
    timeMs: 1234.5,
    replays: 2,
    comment: 'easy',
  });
}

describe('migrations', () => {
  it('every migration has a seeder for the harness', () => {
    for (let v = 0; v <= LATEST_SCHEMA_VERSION; v++)
      expect(seeders[v], `seeder for schema ${v}`).toBeTypeOf('function');
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (let from = 0; from <= LATEST_SCHEMA_VERSION; from++)
    it(`migrates a database at schema ${from} to ${LATEST_SCHEMA_VERSION} keeping its data`, () => {
      const file = path.join(dir, 'runs.db');
      const raw = new Database(file);
      raw.pragma('journal_mode = WAL');
      raw.pragma('foreign_keys = ON');
      expect(applyMigrations(raw, { to: from })).toEqual(Array.from({ length: from }, (_, i) => i + 1));
      seeders[from]?.(raw);
      raw.close();
      const store = openStore(file);
      try {
        checkSurvived(store, from);
      } finally {
        store.close();
      }
    });

  it('a migration that fails while opening is named in a clear error and leaves the database as it was', () => {
    const file = path.join(dir, 'runs.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    applyMigrations(raw, { to: 2 });
    seedV2(raw);
    // Something migration 3 wants to create is already there (a hand-made table, an aborted experiment).
    raw.exec('CREATE TABLE run_knobs (x INTEGER)');
    raw.close();
    expect(() => openStore(file)).toThrow(
      new RegExp(
        'upgrading the run database to schema 3 \\(.+\\) failed: .*already exists\\. ' +
          'It was rolled back: the database is unchanged at schema 2',
      ),
    );
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(2);
    expect(after.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(3);
    after.close();
  });

  it('a failing migration rolls back completely and leaves the previous version', () => {
    const raw = new Database(path.join(dir, 'runs.db'));
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => applyMigrations(raw, { migrations: [MIGRATIONS[0]!, broken] })).toThrow(
      'upgrading the run database to schema 2 (broken) failed: boom. It was rolled back: the database is unchanged at schema 1.',
    );
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'runs'`).get()).toEqual({ name: 'runs' });
    raw.close();
  });
});
