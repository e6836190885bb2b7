/**
 * Bundles: selected runs moved losslessly between stores as ONE file.
 *
 * Format (`.seamlab-bundle.jsonl`): JSON Lines, UTF-8, one record per line:
 *   {"type":"header","format":"seamlab-bundle","formatVersion":1,"createdAt":...,"schemaVersion":N}
 *   {"type":"run","run":StoredRun,"tags":[...],"notes":[{body,createdAt}],
 *    "audio":[{"kind","repeatIndex","sampleRate","sha256","encoding":"f32le","data":<base64 of the f32le bytes>}]}
 *   {"type":"sweep","sweep":Sweep,"links":[{runId,pointIndex,point,repeatIndex}]}   (only links to bundled runs)
 *   {"type":"pair","pair":SamplePair}                                               (only pairs of bundled runs)
 *   {"type":"end","runs":n,"sweeps":n,"pairs":n}
 * The end record makes a truncated copy detectable. Import is one transaction (all or nothing): every id gets a
 * new UUID, references in sweeps and pairs are rewritten, audio is checked against its sha256, and a run already
 * present (same config and same streamed-audio hash) is skipped and reported, with references mapped onto it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { LATEST_SCHEMA_VERSION } from '../migrations/index.ts';
import { StoreError, StoreErrorCodes } from '../errors.ts';
import type { RunStore } from '../run-store.ts';
import { blobToFloat32 } from '../audio-blob.ts';
import {
  insertAudio,
  insertBoundaries,
  insertChunks,
  insertMetrics,
  insertRunRow,
  validateConfig,
  validateProvenance,
} from '../runs-write.ts';
import { configColumns, provenanceColumns } from '../run-rows.ts';
import type { AudioKind } from '../audio-blob.ts';
import type { SamplePair, StoredRun, Sweep } from '../types.ts';

export const BUNDLE_FORMAT = 'seamlab-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

interface BundleAudio {
  kind: AudioKind;
  repeatIndex: number;
  sampleRate: number;
  sha256: string;
  encoding: 'f32le';
  data: string;
}
interface RunRecord {
  type: 'run';
  run: StoredRun;
  tags: string[];
  notes: { body: string; createdAt: string }[];
  audio: BundleAudio[];
}
interface SweepRecord {
  type: 'sweep';
  sweep: Sweep;
  links: { runId: string; pointIndex: number; point: Record<string, unknown>; repeatIndex: number }[];
}
interface PairRecord {
  type: 'pair';
  pair: SamplePair;
}

export interface BundleExportResult {
  file: string;
  runs: number;
  sweeps: number;
  pairs: number;
}

/** Writes the selected runs (with their sweeps' links and the pairs between them) to one bundle file. */
export function exportBundle(store: RunStore, runIds: string[], file: string): BundleExportResult {
  const ids = [...new Set(runIds)];
  const selected = new Set(ids);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  const line = (record: unknown): void => {
    fs.writeSync(fd, `${JSON.stringify(record)}\n`);
  };
  let sweepCount = 0;
  let pairCount = 0;
  try {
    line({
      type: 'header',
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
    const sweepIds = new Set<string>();
    for (const id of ids) {
      const run = store.getRun(id);
      if (!run) throw new StoreError(StoreErrorCodes.notFound, `no run ${id} to bundle`);
      const audio = store.listAudio(id).map((info): BundleAudio => {
        const stored = store.getAudio(id, info.kind, info.repeatIndex);
        if (!stored)
          throw new StoreError(StoreErrorCodes.notFound, `audio of run ${id} vanished while bundling`);
        const bytes = Buffer.from(
          stored.samples.buffer,
          stored.samples.byteOffset,
          stored.samples.byteLength,
        );
        return {
          kind: info.kind,
          repeatIndex: info.repeatIndex,
          sampleRate: info.sampleRate,
          sha256: info.sha256,
          encoding: 'f32le',
          data: bytes.toString('base64'),
        };
      });
      const record: RunRecord = {
        type: 'run',
        run,
        tags: store.getTags(id),
        notes: store.getNotes(id).map((n) => ({ body: n.body, createdAt: n.createdAt })),
        audio,
      };
      line(record);
      const link = store.db.prepare('SELECT sweep_id FROM sweep_runs WHERE run_id = ?').pluck().get(id) as
        string | undefined;
      if (link) sweepIds.add(link);
    }
    for (const sweepId of sweepIds) {
      const sweep = store.getSweep(sweepId);
      if (!sweep) continue;
      const { runs, ...rest } = sweep;
      const record: SweepRecord = {
        type: 'sweep',
        sweep: rest,
        links: runs
          .filter((r) => selected.has(r.runId))
          .map((r) => ({
            runId: r.runId,
            pointIndex: r.pointIndex,
            point: r.point,
            repeatIndex: r.repeatIndex,
          })),
      };
      line(record);
      sweepCount++;
    }
    for (const pair of store.listPairs())
      if (selected.has(pair.runA) && selected.has(pair.runB)) {
        line({ type: 'pair', pair } satisfies PairRecord);
        pairCount++;
      }
    line({ type: 'end', runs: ids.length, sweeps: sweepCount, pairs: pairCount });
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return { file, runs: ids.length, sweeps: sweepCount, pairs: pairCount };
}

export interface BundleImportReport {
  imported: { from: string; to: string }[];
  /** Runs already in this store (same configuration and streamed audio): not copied again. */
  skipped: { from: string; existing: string; reason: string }[];
  sweeps: { from: string; to: string }[];
  pairs: { from: string; to: string }[];
  skippedPairs: string[];
}

async function readRecords(
  file: string,
): Promise<{ runs: RunRecord[]; sweeps: SweepRecord[]; pairs: PairRecord[] }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const out = { runs: [] as RunRecord[], sweeps: [] as SweepRecord[], pairs: [] as PairRecord[] };
  let header = false;
  let end = false;
  let n = 0;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    if (end)
      throw new StoreError(StoreErrorCodes.invalidInput, `${file}: data after the end record (line ${n})`);
    let record: { type?: string; format?: string; formatVersion?: number };
    try {
      record = JSON.parse(text) as typeof record;
    } catch {
      throw new StoreError(
        StoreErrorCodes.invalidInput,
        `${file}: line ${n} is not JSON; the bundle is damaged`,
      );
    }
    if (!header) {
      if (record.type !== 'header' || record.format !== BUNDLE_FORMAT)
        throw new StoreError(StoreErrorCodes.invalidInput, `${file} is not a Seamlab bundle`);
      if ((record.formatVersion ?? 0) > BUNDLE_FORMAT_VERSION)
        throw new StoreError(
          StoreErrorCodes.newerSchema,
          `${file} was written by a newer Seamlab (bundle format ${record.formatVersion}); upgrade Seamlab`,
        );
      header = true;
      continue;
    }
    if (record.type === 'run') out.runs.push(record as RunRecord);
    else if (record.type === 'sweep') out.sweeps.push(record as SweepRecord);
    else if (record.type === 'pair') out.pairs.push(record as PairRecord);
    else if (record.type === 'end') end = true;
    else
      throw new StoreError(
        StoreErrorCodes.invalidInput,
        `${file}: unknown record type "${String(record.type)}" on line ${n}`,
      );
  }
  if (!header || !end)
    throw new StoreError(
      StoreErrorCodes.invalidInput,
      `${file} is incomplete (no ${header ? 'end' : 'header'} record): it was truncated; nothing was imported`,
    );
  return out;
}

/** Imports a bundle in one transaction; see the file comment for the rules. */
export async function importBundle(store: RunStore, file: string): Promise<BundleImportReport> {
  const records = await readRecords(file);
  const report: BundleImportReport = { imported: [], skipped: [], sweeps: [], pairs: [], skippedPairs: [] };
  const db = store.db;
  store.write('import the bundle', () =>
    db
      .transaction(() => {
        const idMap = new Map<string, string>();
        const findDuplicate = db.prepare(
          `SELECT r.id FROM runs r JOIN audio a ON a.run_id = r.id AND a.kind = 'stream' AND a.repeat_index = 0
         WHERE a.sha256 = ? AND r.config_json = ?`,
        );
        const findDuplicateNoAudio = db.prepare(
          `SELECT r.id FROM runs r WHERE r.config_json = ? AND r.created_at = ?
         AND NOT EXISTS (SELECT 1 FROM audio a WHERE a.run_id = r.id)`,
        );
        for (const record of records.runs) {
          const run = record.run;
          const config = validateConfig(run.config);
          const provenance = validateProvenance(run.provenance);
          const configJson = configColumns(config).config_json as string;
          const stream = record.audio.find((a) => a.kind === 'stream' && a.repeatIndex === 0);
          const existing = (
            stream
              ? findDuplicate.pluck().get(stream.sha256, configJson)
              : findDuplicateNoAudio.pluck().get(configJson, run.createdAt)
          ) as string | undefined;
          if (existing) {
            idMap.set(run.id, existing);
            report.skipped.push({
              from: run.id,
              existing,
              reason: 'same configuration and streamed audio already stored',
            });
            continue;
          }
          const id = crypto.randomUUID();
          idMap.set(run.id, id);
          insertRunRow(db, {
            id,
            created_at: run.createdAt,
            finished_at: run.finishedAt,
            // A run still running in the source has no writer here: it can never finish.
            status: run.status === 'running' ? 'interrupted' : run.status,
            ...configColumns(config),
            ...provenanceColumns(provenance),
            sample_rate: run.sampleRate,
            error: run.error ?? null,
          });
          insertChunks(db, id, run.chunks);
          insertBoundaries(db, id, run.boundaries);
          if (run.metrics) insertMetrics(db, id, run.metrics);
          for (const a of record.audio) {
            if (a.encoding !== 'f32le')
              throw new StoreError(StoreErrorCodes.invalidInput, `unknown audio encoding ${a.encoding}`);
            insertAudio(
              db,
              id,
              a.kind,
              a.repeatIndex,
              a.sampleRate,
              blobToFloat32(Buffer.from(a.data, 'base64')),
              a.sha256,
            );
          }
          for (const tag of record.tags) {
            db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT(name) DO NOTHING').run(tag);
            db.prepare(
              'INSERT OR IGNORE INTO run_tags (run_id, tag_id) SELECT ?, id FROM tags WHERE name = ?',
            ).run(id, tag);
          }
          for (const note of record.notes)
            db.prepare('INSERT INTO run_notes (run_id, body, created_at) VALUES (?, ?, ?)').run(
              id,
              note.body,
              note.createdAt,
            );
          report.imported.push({ from: run.id, to: id });
        }
        const importedIds = new Set(report.imported.map((r) => r.to));
        for (const { sweep, links } of records.sweeps) {
          const fresh = links.filter((l) => importedIds.has(idMap.get(l.runId) ?? ''));
          if (!fresh.length) continue; // every run of it was already here
          const id = crypto.randomUUID();
          db.prepare(
            'INSERT INTO sweeps (id, name, created_at, grid_json, base_config_json, repeats) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(
            id,
            sweep.name,
            sweep.createdAt,
            JSON.stringify(sweep.grid ?? null),
            sweep.baseConfig === null ? null : JSON.stringify(sweep.baseConfig),
            sweep.repeats,
          );
          for (const l of fresh)
            db.prepare(
              'INSERT INTO sweep_runs (sweep_id, run_id, point_index, point_json, repeat_index) VALUES (?, ?, ?, ?, ?)',
            ).run(id, idMap.get(l.runId), l.pointIndex, JSON.stringify(l.point), l.repeatIndex);
          report.sweeps.push({ from: sweep.id, to: id });
        }
        for (const { pair } of records.pairs) {
          const runA = idMap.get(pair.runA);
          const runB = idMap.get(pair.runB);
          if (!runA || !runB)
            throw new StoreError(
              StoreErrorCodes.invalidInput,
              `pair ${pair.id} refers to runs not in the bundle`,
            );
          const same = db
            .prepare('SELECT id FROM sample_pairs WHERE run_a = ? AND run_b = ? AND label = ?')
            .pluck()
            .get(runA, runB, pair.label) as string | undefined;
          if (same) {
            report.skippedPairs.push(pair.id);
            continue;
          }
          const id = crypto.randomUUID();
          db.prepare(
            'INSERT INTO sample_pairs (id, run_a, run_b, label, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(id, runA, runB, pair.label, pair.note, pair.createdAt);
          report.pairs.push({ from: pair.id, to: id });
        }
      })
      .immediate(),
  );
  return report;
}
