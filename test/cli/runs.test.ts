import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readWavFile } from '../../src/engine/audio/wav.ts';
import { SYNTHETIC_LABEL, openStore, type RunStore } from '../../src/engine/store/index.ts';
import { bytesOf, makeConfig, makeProvenance } from '../engine/store/fixtures/runs.ts';
import { makeUnwritable, restoreWritable, saveRun } from '../engine/store/helpers.ts';
import { jsonOf, seamlab as runCli } from './cli-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-cli-runs-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
afterEach(() => restoreWritable());

const seamlab = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { dataDir: path.join(work, 'data'), env });
const json = jsonOf;

interface ListDoc {
  total: number;
  offset: number;
  limit: number;
  rows: { id: string; tags: string[]; metrics: { ttfa_ms: number } | null; synthetic: boolean }[];
}

const ids = (doc: ListDoc): string[] => doc.rows.map((r) => r.id);

/** Four finished runs (ttfa = 100 + 10 x seed) on known days, and one failed run. */
function seed(file: string): { store: RunStore; runs: string[]; failed: string } {
  const store = openStore(file);
  const runs = [
    saveRun(store, 1, { boundary: { kind: 'none' } }, { createdAt: '2025-01-01T10:00:00.000Z' }),
    saveRun(
      store,
      2,
      { boundary: { kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 40 } },
      { createdAt: '2025-01-02T10:00:00.000Z' },
    ),
    saveRun(
      store,
      3,
      { boundary: { kind: 'overlap-add', overlapTokens: 5, crossfadeMs: 40 }, text: 'The quick brown fox.' },
      { createdAt: '2025-01-03T10:00:00.000Z' },
    ),
    saveRun(
      store,
      4,
      { boundary: { kind: 'context', contextTokens: 30 } },
      { createdAt: '2025-01-04T10:00:00.000Z' },
    ),
  ];
  const failed = '00000000-0000-4000-8000-00000000000f';
  store.beginRun(failed, makeConfig({ seed: 9 }), makeProvenance(), {
    createdAt: '2024-12-31T10:00:00.000Z',
  });
  store.failRun(failed, 'decoder exploded');
  store.addTags(runs[1]!, ['keep', 'ola']);
  store.addTags(runs[2]!, ['keep']);
  store.addNote(runs[3]!, 'context is smooth');
  return { store, runs, failed };
}

describe('seamlab runs list', () => {
  const db = path.join(work, 'list.db');
  let runs: string[];
  let failed: string;
  beforeAll(() => {
    const seeded = seed(db);
    runs = seeded.runs;
    failed = seeded.failed;
    seeded.store.close();
  });

  it('filters by columns, metrics and knobs, sorts, and pages', async () => {
    const [olaByTtfa, byKnob, paged, byStatus] = await Promise.all([
      seamlab([
        'runs',
        'list',
        '--db',
        db,
        '--json',
        '--filter',
        'boundary_kind=overlap-add',
        '--filter',
        'ttfa_ms>=120',
        '--sort',
        'ttfa_ms:desc',
      ]),
      seamlab([
        'runs',
        'list',
        '--db',
        db,
        '--json',
        '--filter',
        'overlap=5',
        '--filter',
        'config.boundary.crossfadeMs<=40',
      ]),
      seamlab([
        'runs',
        'list',
        '--db',
        db,
        '--json',
        '--sort',
        'seed',
        '--filter',
        'status=finished',
        '--limit',
        '2',
        '--offset',
        '1',
      ]),
      seamlab(['runs', 'list', '--db', db, '--json', '--status', 'failed', '--filter', 'ttfa_ms=null']),
    ]);
    expect(ids(json<ListDoc>(olaByTtfa))).toEqual([runs[2], runs[1]]);
    expect(json<ListDoc>(olaByTtfa).rows.map((r) => r.metrics?.ttfa_ms)).toEqual([130, 120]);
    expect(ids(json<ListDoc>(byKnob))).toEqual([runs[2]]);
    expect(json<ListDoc>(paged)).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(ids(json<ListDoc>(paged))).toEqual([runs[1], runs[2]]);
    expect(ids(json<ListDoc>(byStatus))).toEqual([failed]);
  });

  it('filters by tags, text and dates', async () => {
    const [tagged, days, anyOf] = await Promise.all([
      seamlab(['runs', 'list', '--db', db, '--json', '--tag', 'keep', '--text', 'quick fox']),
      seamlab(['runs', 'list', '--db', db, '--json', '--since', '2025-01-02', '--until', '2025-01-03']),
      seamlab([
        'runs',
        'list',
        '--db',
        db,
        '--json',
        '--filter',
        'boundary_kind=none,context',
        '--sort',
        'created_at',
      ]),
    ]);
    expect(ids(json<ListDoc>(tagged))).toEqual([runs[2]]);
    expect(json<ListDoc>(tagged).rows[0]?.tags).toEqual(['keep']);
    // Newest first; a bare --until day includes the whole of it.
    expect(ids(json<ListDoc>(days))).toEqual([runs[2], runs[1]]);
    expect(ids(json<ListDoc>(anyOf))).toEqual([failed, runs[0], runs[3]]);
  });

  it('prints a table with paging hints and the synthetic-model label', async () => {
    // Runs without the metric (the failed one) sort last either way.
    const result = await seamlab(['runs', 'list', '--db', db, '--limit', '3', '--sort', 'ttfa_ms:desc']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+CREATED\s+STATUS\s+MODEL\s+BOUNDARY\s+ENGINE TTFA ms\s+RTF\s+SIM\. GAPS\s+EXCESS CLICK\s+SNR dB\s+TAGS$/,
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${runs[3]}\\s+2025-01-04 10:00\\s+finished\\s+fixture\\*\\s+context 30t\\+3\\s+140\\s`),
    );
    expect(lines[2]).toMatch(/ola 5t\/40ms hann\s+130\s+0\.\d{3}\s+\d\s+\d+\.\d\d\s+\d+\.\d\s+keep$/);
    expect(result.stdout).toContain('1-3 of 5 (--offset 3 for more)');
    expect(result.stdout).toContain(`* ${SYNTHETIC_LABEL}`);
  });

  it('rejects bad filters, unknown fields and bad sorts clearly (exit 2), with a JSON error under --json', async () => {
    const [syntax, unknown, sort] = await Promise.all([
      seamlab(['runs', 'list', '--db', db, '--filter', 'ttfa_ms']),
      seamlab(['runs', 'list', '--db', db, '--json', '--filter', 'loudness>3']),
      seamlab(['runs', 'list', '--db', db, '--sort', 'ttfa_ms:sideways']),
    ]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toContain('bad filter "ttfa_ms": write field=value');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown field "loudness": use a run column/);
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      error: { code: 'usage', message: expect.stringMatching(/unknown field "loudness"/) },
    });
    expect(sort.code).toBe(2);
    expect(sort.stderr).toContain('bad sort "ttfa_ms:sideways"');
  });
});

describe('seamlab runs show, tag, note, delete', () => {
  it('shows a run by id prefix; tags, notes and deletes it; unknown ids fail clearly', async () => {
    const db = path.join(work, 'edit.db');
    const { store, runs } = seed(db);
    store.createPair({ runA: runs[0]!, runB: runs[1]!, label: 'p' });
    const expected = JSON.parse(JSON.stringify(store.getRun(runs[3]!)));
    store.close();

    const shown = json<{ run: unknown; synthetic: boolean; label: string; notes: { body: string }[] }>(
      await seamlab(['runs', 'show', runs[3]!.slice(0, 8), '--db', db, '--json']),
    );
    expect(shown.run).toEqual(expected);
    expect(shown).toMatchObject({
      synthetic: true,
      label: SYNTHETIC_LABEL,
      notes: [{ body: 'context is smooth' }],
    });
    const human = await seamlab(['runs', 'show', runs[1]!, '--db', db]);
    expect(human.stdout).toContain(`run ${runs[1]}: finished`);
    expect(human.stdout).toContain(`model fixture (chatterbox) - ${SYNTHETIC_LABEL}`);
    expect(human.stdout).toMatch(/engine TTFA 120\.0 ms/);
    expect(human.stdout).toContain('tags: keep, ola');

    const tagged = json<{ tags: string[] }>(
      await seamlab(['runs', 'tag', runs[0]!, 'a', 'b', '--db', db, '--json']),
    );
    expect(tagged.tags).toEqual(['a', 'b']);
    const untagged = await seamlab(['runs', 'tag', runs[0]!, 'a', '--remove', '--db', db]);
    expect(untagged.stdout).toBe(`${runs[0]}: b\n`);
    const noted = await seamlab(['runs', 'note', runs[0]!.slice(0, 6), 'clicks', 'at', '2', 's', '--db', db]);
    expect(noted.code, noted.stderr).toBe(0);

    // Delete is all or nothing: one run is in a pair, one id is unknown.
    const blocked = await seamlab(['runs', 'delete', runs[2]!, runs[0]!, '--db', db]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`run ${runs[0]} is used by 1 sample pair(s)`);
    const unknown = await seamlab(['runs', 'delete', runs[2]!, 'abcdef12', '--db', db, '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      error: { code: 'not-found', message: 'no run abcdef12' },
    });
    const deleted = json<{ deleted: string[] }>(
      await seamlab(['runs', 'delete', runs[2]!, runs[3]!, '--db', db, '--json']),
    );
    expect(deleted.deleted).toEqual([runs[2], runs[3]]);

    const after = openStore(db);
    try {
      expect(after.getTags(runs[0]!)).toEqual(['b']);
      expect(after.getNotes(runs[0]!).map((n) => n.body)).toEqual(['clicks at 2 s']);
      expect(after.listRuns().total).toBe(3);
      expect(after.getRun(runs[2]!)).toBeUndefined();
    } finally {
      after.close();
    }
  });
});

describe('seamlab runs export and import', () => {
  it('exports bit-exact WAVs with sidecars, and a bundle another database imports losslessly once', async () => {
    const db = path.join(work, 'export.db');
    const { store, runs } = seed(db);
    const out = path.join(work, 'exported');
    const exported = json<{ files: string[] }>(
      await seamlab(['runs', 'export', runs[0]!, runs[1]!.slice(0, 8), '--out', out, '--db', db, '--json']),
    );
    expect(exported.files.map((f) => path.basename(f))).toEqual([
      `run-${runs[0]}.stream.wav`,
      `run-${runs[0]}.reference.wav`,
      `run-${runs[0]}.json`,
      `run-${runs[1]}.stream.wav`,
      `run-${runs[1]}.reference.wav`,
      `run-${runs[1]}.json`,
    ]);
    for (const kind of ['stream', 'reference'] as const) {
      const wav = await readWavFile(path.join(out, `run-${runs[1]}.${kind}.wav`));
      expect(
        Buffer.compare(bytesOf(wav.channels[0]!), bytesOf(store.getAudio(runs[1]!, kind)!.samples)),
      ).toBe(0);
    }
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, `run-${runs[1]}.json`), 'utf8')) as {
      label: string;
      run: { metrics: unknown; chunks: unknown[]; provenance: { model: { synthetic: boolean } } };
    };
    expect(sidecar.label).toBe(SYNTHETIC_LABEL);
    expect(sidecar.run.provenance.model.synthetic).toBe(true);
    expect(sidecar.run.metrics).toEqual(store.getRun(runs[1]!)!.metrics);

    const bundle = path.join(work, 'sel.seamlab-bundle.jsonl');
    const written = json<{ bundle: { runs: number } }>(
      await seamlab([
        'runs',
        'export',
        runs[1]!,
        runs[2]!,
        '--bundle',
        '--out',
        bundle,
        '--db',
        db,
        '--json',
      ]),
    );
    expect(written.bundle).toMatchObject({ file: bundle, runs: 2 });
    const target = path.join(work, 'import.db');
    const imported = json<{ imported: { from: string; to: string }[] }>(
      await seamlab(['runs', 'import', bundle, '--db', target, '--json']),
    );
    expect(imported.imported.map((r) => r.from)).toEqual([runs[1], runs[2]]);
    const again = await seamlab(['runs', 'import', bundle, '--db', target]);
    expect(again.stdout).toContain('imported 0 run(s)');
    expect(again.stdout).toContain('skipped 2 run(s) already stored');

    const copy = openStore(target);
    try {
      for (const { from, to } of imported.imported) {
        expect(to).not.toBe(from);
        expect({ ...copy.getRun(to), id: from }).toEqual(store.getRun(from));
        expect(copy.getTags(to)).toEqual(store.getTags(from));
        for (const info of store.listAudio(from))
          expect(copy.getAudio(to, info.kind, info.repeatIndex)?.sha256).toBe(info.sha256);
      }
      expect(copy.listRuns().total).toBe(2);
    } finally {
      copy.close();
      store.close();
    }
    const missing = await seamlab(['runs', 'import', path.join(work, 'nope.jsonl'), '--db', target]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });
});

describe('which database', () => {
  it('--db wins over SEAMLAB_DB, which wins over the user-data folder', async () => {
    const db = path.join(work, 'which.db');
    const { store, runs } = seed(db);
    store.close();
    const dataDir = path.join(work, 'data-dir');
    const [flag, env, folder] = await Promise.all([
      seamlab(['runs', 'list', '--json', '--db', db], { SEAMLAB_DB: path.join(work, 'empty.db') }),
      seamlab(['runs', 'list', '--json'], { SEAMLAB_DB: db }),
      seamlab(['runs', 'list', '--json'], { SEAMLAB_DATA_DIR: dataDir }),
    ]);
    expect(json<ListDoc>(flag).total).toBe(5);
    expect(json<ListDoc>(env).rows.map((r) => r.id)).toContain(runs[0]);
    expect(json<ListDoc>(folder).total).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'seamlab.db'))).toBe(true);
  });

  it('a read-only database lists with a notice, and a write fails clearly', async () => {
    const db = path.join(work, 'ro', 'runs.db');
    const { store, runs } = seed(db);
    store.close();
    makeUnwritable(path.dirname(db));
    const [list, tag] = await Promise.all([
      seamlab(['runs', 'list', '--json', '--db', db]),
      seamlab(['runs', 'tag', runs[0]!, 'x', '--db', db]),
    ]);
    expect(json<ListDoc>(list).total).toBe(5);
    expect(list.stderr).toMatch(/note: .*runs\.db is open read-only: the folder .* is not writable/);
    expect(tag.code).toBe(1);
    expect(tag.stderr).toMatch(/Could not tag the run: the run database .* is open read-only/);
  });
});
