import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minMaxPeaks, STORED_PEAK_BUCKETS } from '../../../src/engine/audio/peaks.ts';
import { defaultDatabasePath, userDataDir } from '../../../src/engine/paths.ts';
import {
  LATEST_SCHEMA_VERSION,
  StoreError,
  openStore,
  type RunStore,
} from '../../../src/engine/store/index.ts';
import { bytesOf, makeAudio, makeConfig, makeProvenance, makeSummary, newId } from './fixtures/runs.ts';
import { saveRun, tempDir } from './helpers.ts';

let dir: string;
let store: RunStore;
beforeEach(() => {
  dir = tempDir();
  store = openStore(path.join(dir, 'nested', 'folder', 'runs.db'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id);

describe('opening', () => {
  it('creates the folder and sets WAL, foreign keys, busy timeout and synchronous=NORMAL', () => {
    expect(fs.existsSync(path.join(dir, 'nested', 'folder', 'runs.db'))).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const custom = openStore(store.path, { busyTimeoutMs: 250 });
    expect(custom.db.pragma('busy_timeout', { simple: true })).toBe(250);
    custom.close();
  });

  it('enforces foreign keys: rows never point at missing runs', () => {
    expect(() =>
      store.db.prepare(`INSERT INTO run_notes (run_id, body, created_at) VALUES ('nope', 'x', 'now')`).run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => store.addNote(newId(), 'x')).toThrow(/no run/);
  });

  it('lives in the user-data folder shared by app, CLI and server, unless SEAMLAB_DB or SEAMLAB_DATA_DIR say otherwise', () => {
    const home = path.join(dir, 'home');
    expect(defaultDatabasePath({})).toBe(path.join(userDataDir({}), 'seamlab.db'));
    expect(userDataDir({ XDG_CONFIG_HOME: path.join(home, 'cfg') }, 'linux', home)).toBe(
      path.join(home, 'cfg', 'Seamlab'),
    );
    expect(userDataDir({}, 'linux', home)).toBe(path.join(home, '.config', 'Seamlab'));
    expect(userDataDir({}, 'darwin', home)).toBe(
      path.join(home, 'Library', 'Application Support', 'Seamlab'),
    );
    const dataDir = path.join(dir, 'data');
    expect(defaultDatabasePath({ SEAMLAB_DATA_DIR: dataDir })).toBe(path.join(dataDir, 'seamlab.db'));
    expect(defaultDatabasePath({ SEAMLAB_DATA_DIR: dataDir, SEAMLAB_DB: path.join(dir, 'x.db') })).toBe(
      path.join(dir, 'x.db'),
    );
    // Opening the default location creates the folder and the database there.
    const atDefault = openStore(defaultDatabasePath({ SEAMLAB_DATA_DIR: dataDir }));
    expect(atDefault.path).toBe(path.join(dataDir, 'seamlab.db'));
    atDefault.close();
    expect(fs.existsSync(path.join(dataDir, 'seamlab.db'))).toBe(true);
  });
});

describe('writing and reading runs', () => {
  it('round-trips a finished run exactly: summary, chunks, boundaries, metrics, audio bit-exact', () => {
    const id = newId();
    const config = makeConfig({ boundary: { kind: 'context', contextTokens: 40 } });
    store.beginRun(id, config, makeProvenance());
    expect(store.getRun(id)).toMatchObject({
      status: 'running',
      metrics: null,
      sampleRate: null,
      chunks: [],
    });
    const summary = makeSummary(id, config, 5);
    const audio = makeAudio(5, 24000, 2);
    store.finishRun(id, summary, audio);
    const run = store.getRun(id);
    expect(run).toMatchObject({
      status: 'finished',
      config: summary.config,
      provenance: summary.provenance,
      chunks: summary.chunks,
      boundaries: summary.boundaries,
      metrics: summary.metrics,
      sampleRate: 24000,
    });
    expect(run?.finishedAt).toMatch(/^\d{4}-/);
    for (const [kind, idx, samples] of [
      ['stream', 0, audio.stream],
      ['reference', 0, audio.reference],
      ['reference-repeat', 1, audio.repeats![1]!],
    ] as const) {
      const got = store.getAudio(id, kind, idx);
      expect(got?.sampleRate).toBe(24000);
      expect(Buffer.compare(bytesOf(got!.samples), bytesOf(samples))).toBe(0);
      expect(Object.is(got!.samples[0], -0)).toBe(true);
    }
    expect(store.listAudio(id).map((a) => `${a.kind}#${a.repeatIndex}`)).toEqual([
      'stream#0',
      'reference#0',
      'reference-repeat#0',
      'reference-repeat#1',
    ]);
  });

  it("saves each track's min/max envelope with it, and drops it with the run", () => {
    const id = saveRun(store, 1);
    const stream = store.getAudio(id, 'stream')!.samples;
    const stored = store.getAudioPeaks(id, 'stream')!;
    const buckets = Math.min(STORED_PEAK_BUCKETS, stream.length);
    expect([stored.buckets, stored.sampleCount, stored.sampleRate]).toEqual([buckets, stream.length, 24_000]);
    expect(Array.from(stored.peaks)).toEqual(Array.from(minMaxPeaks(stream, STORED_PEAK_BUCKETS)));
    // The envelope brackets the samples of its span: every sample lies between that span's min and max.
    const span = Math.floor(stream.length / buckets);
    for (let i = 0; i < span; i++) {
      expect(stream[i]!).toBeLessThanOrEqual(stored.peaks[0]!);
      expect(stream[i]!).toBeGreaterThanOrEqual(stored.peaks[1]!);
    }
    store.deleteRun(id);
    expect(store.getAudioPeaks(id, 'stream')).toBeUndefined();
    expect(store.db.prepare('SELECT COUNT(*) FROM audio_peaks').pluck().get()).toBe(0);
  });

  it('detects damaged audio bytes by their checksum', () => {
    const id = saveRun(store, 1);
    store.db
      .prepare(`UPDATE audio SET data = zeroblob(length(data)) WHERE run_id = ? AND kind = 'stream'`)
      .run(id);
    expect(() => store.getAudio(id, 'stream')).toThrow(/fails its checksum/);
  });

  it('records failures and cancellations with their message', () => {
    const a = newId();
    const b = newId();
    store.beginRun(a, makeConfig(), makeProvenance());
    store.beginRun(b, makeConfig(), makeProvenance());
    store.failRun(a, 'decoder exploded');
    store.cancelRun(b);
    expect(store.getRun(a)).toMatchObject({ status: 'failed', error: 'decoder exploded' });
    expect(store.getRun(b)).toMatchObject({ status: 'cancelled', error: 'cancelled' });
  });

  it('recovers only runs whose writer is gone, never those of another live store', () => {
    const file = store.path;
    const live = newId();
    store.beginRun(live, makeConfig(), makeProvenance());
    const second = openStore(file);
    expect(second.getRun(live)?.status).toBe('running'); // the first store is still open and writing
    const orphan = newId();
    second.beginRun(orphan, makeConfig(), makeProvenance());
    second.close();
    // A dead process's run (pid far beyond pid_max).
    store.db.prepare(`UPDATE runs SET writer_pid = 99999999, writer_token = 'x' WHERE id = ?`).run(live);
    expect(store.recoverInterrupted().sort()).toEqual([live, orphan].sort());
    expect(store.getRun(orphan)).toMatchObject({
      status: 'interrupted',
      error: expect.stringMatching(/stopped/),
    });
  });

  it('deletes several runs all or nothing', () => {
    const a = saveRun(store, 1);
    const b = saveRun(store, 2);
    const c = saveRun(store, 3);
    store.createPair({ runA: b, runB: c });
    expect(() => store.deleteRuns([a, b])).toThrow(/used by 1 sample pair/);
    expect(() => store.deleteRuns([a, newId()])).toThrow(/no run .*nothing was deleted/);
    expect(store.listRuns().total).toBe(3);
    expect(store.deleteRuns([a, a])).toEqual([a]);
    expect(ids(store.listRuns({ sort: { field: 'seed' } }).rows)).toEqual([b, c]);
  });

  it('finds a run by its id or a unique prefix of it', () => {
    const a = saveRun(store, 1);
    expect(store.resolveRunId(a)).toBe(a);
    expect(store.resolveRunId(a.slice(0, 13).toUpperCase())).toBe(a);
    // A second id sharing exactly the first 8 characters.
    const group = a[9] === 'f' ? '0000' : 'ffff';
    store.beginRun(`${a.slice(0, 8)}-${group}-4fff-8fff-ffffffffffff`, makeConfig(), makeProvenance());
    expect(() => store.resolveRunId(a.slice(0, 8))).toThrow(/matches several runs .*give more of the id/);
    expect(store.resolveRunId(a.slice(0, 10))).toBe(a);
    expect(() => store.resolveRunId('abc')).toThrow(/no run abc/);
    expect(() => store.resolveRunId('0000-0000')).toThrow(/no run 0000-0000/);
    expect(() => store.resolveRunId('%')).toThrow(StoreError);
  });

  it('deletes a run with its data, but not while a pair uses it', () => {
    const a = saveRun(store, 1);
    const b = saveRun(store, 2);
    store.createPair({ runA: a, runB: b });
    expect(() => store.deleteRun(a)).toThrow(/used by 1 sample pair/);
    const c = saveRun(store, 3);
    expect(store.hasRun(c)).toBe(true);
    store.deleteRun(c);
    expect(store.getRun(c)).toBeUndefined();
    expect(store.hasRun(c)).toBe(false);
    expect(store.hasRun(c.slice(0, 8))).toBe(false); // exact ids only, unlike resolveRunId
    expect(store.db.prepare('SELECT COUNT(*) FROM audio WHERE run_id = ?').pluck().get(c)).toBe(0);
    expect(store.listRuns({ filter: { search: c } }).total).toBe(0);
  });
});

describe('listing runs', () => {
  let runs: string[];
  beforeEach(() => {
    runs = [
      saveRun(store, 1, { boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 40 } }),
      saveRun(store, 2, {
        boundary: { kind: 'overlap-add', overlapTokens: 5, crossfadeMs: 40 },
        text: 'Quick brown fox.',
      }),
      saveRun(store, 3, { boundary: { kind: 'none' }, voice: 'alice' }),
      saveRun(store, 4, { boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 40 } }),
    ];
    store.addTags(runs[0]!, ['baseline', 'keep']);
    store.addTags(runs[1]!, ['keep']);
    store.addTags(runs[3]!, ['Baseline']);
    store.addNote(runs[2]!, 'loud click near the second boundary');
  });

  it('filters by a config JSON path and sorts by a metric', () => {
    const result = store.listRuns({
      filter: { where: [{ field: 'config.boundary.overlapTokens', op: '=', value: 3 }] },
      sort: { field: 'ttfa_ms', direction: 'desc' },
    });
    expect(result.total).toBe(2);
    expect(ids(result.rows)).toEqual([runs[3], runs[0]]);
    expect(result.rows[0]?.metrics?.ttfa_ms).toBe(140);
    expect(result.rows[0]?.config.boundary).toEqual({
      kind: 'overlap-add',
      overlapTokens: 3,
      crossfadeMs: 40,
      shape: 'hann',
    });
  });

  it('sorts and filters an identical run (SNR infinite, stored as null + identical) as the best SNR', () => {
    const id = newId();
    const config = makeConfig({ seed: 9, boundary: { kind: 'stateful' } });
    store.beginRun(id, config, makeProvenance());
    const summary = makeSummary(id, config, 9);
    summary.metrics.quality = { ...summary.metrics.quality, snrDb: null, identical: true, lsdDb: 0 };
    store.finishRun(id, summary, makeAudio(9, 2400));
    const best = store.listRuns({ sort: { field: 'snr_db', direction: 'desc' } }).rows;
    expect(best[0]?.id).toBe(id);
    expect(best[0]?.metrics).toMatchObject({ snr_db: null, snr_identical: 1 });
    expect(store.listRuns({ sort: { field: 'snr_db', direction: 'asc' } }).rows.at(-1)?.id).toBe(id);
    const above = store.listRuns({ filter: { where: [{ field: 'snr_db', op: '>', value: 28 }] } });
    expect(ids(above.rows).sort()).toEqual([id, runs[0]!].sort()); // seed 1: SNR 29
    expect(store.getRun(id)?.metrics?.quality).toMatchObject({ snrDb: null, identical: true });
  });

  it('filters by metric columns, status, synthetic, dates, and combines them', () => {
    expect(
      ids(
        store.listRuns({
          filter: { where: [{ field: 'ttfa_ms', op: '<', value: 125 }] },
          sort: { field: 'seed' },
        }).rows,
      ),
    ).toEqual([runs[0], runs[1]]);
    expect(
      store.listRuns({
        filter: {
          where: [
            { field: 'snr_db', op: '>=', value: 28 },
            { field: 'boundary_kind', op: '=', value: 'overlap-add' },
          ],
        },
      }).total,
    ).toBe(2);
    expect(store.listRuns({ filter: { status: 'finished', synthetic: true } }).total).toBe(4);
    expect(store.listRuns({ filter: { synthetic: false } }).total).toBe(0);
    expect(store.listRuns({ filter: { status: ['failed', 'interrupted'] } }).total).toBe(0);
    expect(store.listRuns({ filter: { createdTo: '2000-01-01T00:00:00Z' } }).total).toBe(0);
    expect(
      store
        .listRuns({ filter: { where: [{ field: 'voice', op: 'in', value: ['alice', 'bob'] }] } })
        .rows.map((r) => r.voice),
    ).toEqual(['alice']);
    expect(
      store.listRuns({ filter: { where: [{ field: 'config.boundary.overlapTokens', op: 'is-null' }] } })
        .total,
    ).toBe(1);
  });

  it('filters by tags (all of / any of, case-insensitive) and searches text, notes and ids', () => {
    expect(ids(store.listRuns({ filter: { tagsAll: ['baseline', 'keep'] } }).rows)).toEqual([runs[0]]);
    expect(store.listRuns({ filter: { tagsAny: ['BASELINE'] } }).total).toBe(2);
    expect(ids(store.listRuns({ filter: { search: 'qui bro' } }).rows)).toEqual([runs[1]]);
    expect(ids(store.listRuns({ filter: { search: 'second boundary' } }).rows)).toEqual([runs[2]]);
    expect(ids(store.listRuns({ filter: { search: runs[3]!.slice(0, 13) } }).rows)).toEqual([runs[3]]);
    // FTS syntax in the search box is just text, never a query error.
    expect(store.listRuns({ filter: { search: '"NEAR( AND *' } }).total).toBe(0);
    const row = store.listRuns({ filter: { tagsAll: ['keep', 'baseline'] } }).rows[0];
    expect(row?.tags).toEqual(['baseline', 'keep']);
  });

  it('searches strategy names and knob values, and follows a changed configuration', () => {
    const overlapAdd = ids(
      store.listRuns({ filter: { where: [{ field: 'boundary_kind', op: '=', value: 'overlap-add' }] } }).rows,
    );
    expect(overlapAdd.length).toBeGreaterThan(0);
    expect(ids(store.listRuns({ filter: { search: 'overlap' } }).rows).sort()).toEqual(
      [...overlapAdd].sort(),
    );
    expect(ids(store.listRuns({ filter: { search: 'overlap-add' } }).rows).sort()).toEqual(
      [...overlapAdd].sort(),
    );
    const changed = overlapAdd[0]!;
    const config = store.getRun(changed)!.config;
    store.db
      .prepare('UPDATE runs SET config_json = ? WHERE id = ?')
      .run(JSON.stringify({ ...config, boundary: { kind: 'none' } }), changed);
    expect(ids(store.listRuns({ filter: { search: 'overlap' } }).rows)).not.toContain(changed);
  });

  it('groups matching runs by a knob with counts and metric means, runs lacking the knob last', () => {
    const ttfa = (id: string) => store.getRun(id)!.metrics!.ttfaMs;
    const result = store.groupRuns({ groupBy: 'config.boundary.overlapTokens', metrics: ['ttfa_ms'] });
    expect(result.total).toBe(4);
    expect(result.truncated).toBe(false);
    expect(result.groups.map((g) => [g.value, g.count])).toEqual([
      [3, 2],
      [5, 1],
      [null, 1],
    ]);
    expect(result.groups[0]!.means.ttfa_ms).toBeCloseTo((ttfa(runs[0]!) + ttfa(runs[3]!)) / 2, 9);
    // The filter applies before grouping; a tag filter leaves only the tagged runs' groups.
    const tagged = store.groupRuns({ groupBy: 'boundary_kind', filter: { tagsAny: ['keep'] } });
    expect(tagged.groups.map((g) => [g.value, g.count])).toEqual([['overlap-add', 2]]);
    expect(Object.keys(tagged.groups[0]!.means)).toEqual([
      'ttfa_ms',
      'rtf',
      'max_excess_click_score',
      'snr_db',
    ]);
    expect(() => store.groupRuns({ groupBy: 'config.no such' })).toThrow(/not a valid configuration path/);
    expect(() => store.groupRuns({ groupBy: 'model', metrics: ['text'] })).toThrow(/cannot average "text"/);
  });

  it('sorts by a config knob, with runs lacking it last in either direction', () => {
    const asc = store.listRuns({ sort: { field: 'config.boundary.overlapTokens', direction: 'asc' } });
    expect(asc.rows.map((r) => r.config.boundary)).toMatchObject([
      { overlapTokens: 3 },
      { overlapTokens: 3 },
      { overlapTokens: 5 },
      { kind: 'none' },
    ]);
    const desc = store.listRuns({
      sort: [
        { field: 'config.boundary.overlapTokens', direction: 'desc' },
        { field: 'seed', direction: 'asc' },
      ],
    });
    expect(ids(desc.rows)).toEqual([runs[1], runs[0], runs[3], runs[2]]);
    expect(
      ids(store.listRuns({ sort: { field: 'provenance.model.id' }, page: { limit: 1 } }).rows),
    ).toHaveLength(1);
  });

  it('filters by creation date, inclusive at both ends', () => {
    const early = saveRun(store, 5, {}, { createdAt: '2024-03-01T10:00:00.000Z' });
    const late = saveRun(store, 6, {}, { createdAt: '2024-03-05T10:00:00.000Z' });
    expect(
      ids(
        store.listRuns({ filter: { createdFrom: '2024-03-01T10:00:00.000Z', createdTo: '2024-03-31' } }).rows,
      ),
    ).toEqual([late, early]);
    expect(
      ids(store.listRuns({ filter: { createdFrom: '2024-03-02', createdTo: '2024-03-31' } }).rows),
    ).toEqual([late]);
    expect(store.listRuns({ filter: { createdFrom: '2024-04-01' } }).total).toBe(4);
  });

  it('counts all matches while paging, also past the end and with a filter', () => {
    const filter = { where: [{ field: 'boundary_kind', op: '=' as const, value: 'overlap-add' }] };
    expect(store.listRuns({ filter, page: { limit: 1, offset: 1 } })).toMatchObject({ total: 3 });
    expect(store.listRuns({ filter, page: { limit: 1, offset: 1 } }).rows).toHaveLength(1);
    expect(store.listRuns({ filter, page: { limit: 10, offset: 50 } })).toEqual({ total: 3, rows: [] });
    expect(store.listRuns({ page: { limit: 10, offset: 50 } })).toEqual({ total: 4, rows: [] });
    expect(store.listRuns({ filter: { search: 'no such words' } })).toEqual({ total: 0, rows: [] });
  });

  it('pages with offset and a stable order', () => {
    const first = store.listRuns({ sort: { field: 'seed', direction: 'asc' }, page: { limit: 3 } });
    const second = store.listRuns({
      sort: { field: 'seed', direction: 'asc' },
      page: { limit: 3, offset: 3 },
    });
    expect(first.total).toBe(4);
    expect([...ids(first.rows), ...ids(second.rows)]).toEqual(runs);
  });

  it('rejects unknown fields, bad json paths and bad operators: no SQL injection', () => {
    const bad = [
      { field: 'ttfa_ms; DROP TABLE runs', op: '=', value: 1 },
      { field: "config.boundary') OR 1=1 --", op: '=', value: 1 },
      { field: 'config.boundary..kind', op: '=', value: 1 },
      { field: 'seed', op: 'OR 1=1', value: 1 },
    ];
    for (const where of bad)
      expect(() => store.listRuns({ filter: { where: [where as never] } }), where.field).toThrow(StoreError);
    expect(() => store.listRuns({ sort: { field: 'random()' } })).toThrow(/unknown field/);
    expect(() => store.listRuns({ sort: { field: 'seed', direction: 'sideways' as never } })).toThrow(
      /asc or desc/,
    );
    expect(() => store.listRuns({ page: { limit: 0 } })).toThrow(/limit/);
    // A value that looks like SQL is just a value.
    expect(
      store.listRuns({ filter: { where: [{ field: 'voice', op: '=', value: "x' OR '1'='1" }] } }).total,
    ).toBe(0);
    expect(store.listRuns().total).toBe(4);
  });
});

describe('sweeps', () => {
  it('links runs to grid points and aggregates a metric over repeats', () => {
    const sweep = store.createSweep({
      name: 'overlap',
      grid: { 'boundary.overlapTokens': [2, 4] },
      repeats: 3,
    });
    for (let p = 0; p < 2; p++)
      for (let r = 0; r < 3; r++) {
        const id = newId();
        const seed = p * 10 + r * r; // ttfa = 100 + 10 * seed
        const config = makeConfig({
          seed,
          boundary: { kind: 'overlap-add', overlapTokens: p === 0 ? 2 : 4, crossfadeMs: 40 },
        });
        store.beginRun(id, config, makeProvenance(), {
          sweep: {
            sweepId: sweep.id,
            pointIndex: p,
            point: { 'boundary.overlapTokens': p === 0 ? 2 : 4 },
            repeatIndex: r,
          },
        });
        if (p === 1 && r === 2) {
          store.failRun(id, 'excluded from the statistics');
          continue;
        }
        store.finishRun(id, makeSummary(id, config, seed), makeAudio(seed, 100));
      }
    const agg = store.aggregateSweep(sweep.id, 'ttfa_ms');
    expect(agg).toHaveLength(2);
    expect(agg[0]).toMatchObject({
      pointIndex: 0,
      point: { 'boundary.overlapTokens': 2 },
      n: 3,
      min: 100,
      max: 140,
      median: 110,
    });
    const mean = (100 + 110 + 140) / 3;
    expect(agg[0]?.mean).toBeCloseTo(mean, 12);
    expect(agg[0]?.std).toBeCloseTo(
      Math.sqrt(((100 - mean) ** 2 + (110 - mean) ** 2 + (140 - mean) ** 2) / 2),
      12,
    );
    expect(agg[1]).toMatchObject({ n: 2, mean: 205, min: 200, max: 210, median: 205 });
    expect(store.getSweep(sweep.id)?.runs.map((r) => r.status)).toEqual([
      'finished',
      'finished',
      'finished',
      'finished',
      'finished',
      'failed',
    ]);
    expect(store.listRuns({ filter: { sweepId: sweep.id } }).total).toBe(6);
    expect(() => store.aggregateSweep(sweep.id, 'ttfa_ms); --')).toThrow(/not a numeric metric/);
  });
});

describe('sample pairs', () => {
  it('needs two runs on the same text and voice (enforced by the database too)', () => {
    const a = saveRun(store, 1, { boundary: { kind: 'none' } });
    const b = saveRun(store, 2, { boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 40 } });
    const other = saveRun(store, 3, { voice: 'alice' });
    const pair = store.createPair({ runA: a, runB: b, label: 'naive vs OLA', note: 'n' });
    expect(store.getPair(pair.id)).toEqual(pair);
    expect(store.listPairs(b)).toEqual([pair]);
    expect(() => store.createPair({ runA: a, runB: other })).toThrow(/same text and voice/);
    expect(() => store.createPair({ runA: a, runB: a })).toThrow(/two different runs/);
    expect(() =>
      store.db
        .prepare(`INSERT INTO sample_pairs (id, run_a, run_b, created_at) VALUES ('p', ?, ?, 'now')`)
        .run(a, other),
    ).toThrow(/same text and voice/);
  });
});

describe('listening sessions', () => {
  it('stores the design and presentation order, and each rating the moment it is given', () => {
    const a = saveRun(store, 1);
    const b = saveRun(store, 2);
    const session = store.createSession({
      kind: 'abx',
      name: 'boundary audible?',
      listener: 'ann',
      design: { trials: 2, seed: 42 },
      trials: [0, 1].map((i) => ({
        presentation: { x: i === 0 ? 'A' : 'B', order: ['A', 'B', 'X'] },
        stimuli: [
          { key: 'A', role: 'condition', runId: a, audioKind: 'stream' as const },
          { key: 'B', role: 'condition', runId: b, audioKind: 'stream' as const },
          { key: 'X', role: 'condition', runId: i === 0 ? a : b, audioKind: 'stream' as const },
        ],
      })),
    });
    expect(session.trials.map((t) => t.presentation)).toEqual([
      { x: 'A', order: ['A', 'B', 'X'] },
      { x: 'B', order: ['A', 'B', 'X'] },
    ]);
    const rating = store.addRating({
      sessionId: session.id,
      trialIndex: 0,
      stimulus: 'X',
      answer: 'A',
      correct: true,
      timeMs: 1500,
      replays: 1,
      listeningMs: 4200,
      comment: 'clear, "obvious"',
    });
    // Committed: another connection sees it at once.
    const other = openStore(store.path);
    expect(other.getSession(session.id)?.trials[0]?.ratings).toEqual([rating]);
    other.close();
    expect(() =>
      store.addRating({
        sessionId: session.id,
        trialIndex: 5,
        stimulus: 'X',
        timeMs: 1,
        replays: 0,
        listeningMs: 1,
      }),
    ).toThrow(/no trial 5/);
    expect(() =>
      store.addRating({
        sessionId: session.id,
        trialIndex: 1,
        stimulus: 'Q',
        timeMs: 1,
        replays: 0,
        listeningMs: 1,
      }),
    ).toThrow(/no stimulus "Q"/);
    expect(() => store.deleteRun(a)).toThrow(/listening trial/);
    store.finishSession(session.id);
    expect(() =>
      store.addRating({
        sessionId: session.id,
        trialIndex: 1,
        stimulus: 'X',
        timeMs: 1,
        replays: 0,
        listeningMs: 1,
      }),
    ).toThrow(/finished/);
    expect(store.listSessions()).toMatchObject([{ id: session.id, kind: 'abx', ratings: 1 }]);
  });
});
