/** Sample pairs: two runs on the same text and voice, compared A vs B (listening.md, "Sample pairs"). */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { StoreError, StoreErrorCodes } from './errors.ts';
import type { SamplePair } from './types.ts';

interface PairRow {
  id: string;
  run_a: string;
  run_b: string;
  label: string;
  note: string;
  created_at: string;
}

const fromRow = (r: PairRow): SamplePair => ({
  id: r.id,
  runA: r.run_a,
  runB: r.run_b,
  label: r.label,
  note: r.note,
  createdAt: r.created_at,
});

export interface CreatePairInput {
  id?: string;
  runA: string;
  runB: string;
  label?: string;
  note?: string;
  createdAt?: string;
}

export function createPair(db: Database.Database, input: CreatePairInput): SamplePair {
  if (input.runA === input.runB)
    throw new StoreError(StoreErrorCodes.invalidInput, 'a sample pair needs two different runs');
  const runs = db
    .prepare('SELECT id, text, voice FROM runs WHERE id IN (?, ?)')
    .all(input.runA, input.runB) as {
    id: string;
    text: string;
    voice: string;
  }[];
  for (const id of [input.runA, input.runB])
    if (!runs.some((r) => r.id === id)) throw new StoreError(StoreErrorCodes.notFound, `no run ${id}`);
  const [a, b] = runs;
  if (a && b && (a.text !== b.text || a.voice !== b.voice))
    throw new StoreError(
      StoreErrorCodes.invalidInput,
      'a sample pair needs two runs on the same text and voice (they may differ in any other knob)',
    );
  const pair: SamplePair = {
    id: input.id ?? crypto.randomUUID(),
    runA: input.runA,
    runB: input.runB,
    label: input.label ?? '',
    note: input.note ?? '',
    createdAt: input.createdAt ?? new Date().toISOString(),
  };
  db.prepare(
    'INSERT INTO sample_pairs (id, run_a, run_b, label, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(pair.id, pair.runA, pair.runB, pair.label, pair.note, pair.createdAt);
  return pair;
}

export function getPair(db: Database.Database, id: string): SamplePair | undefined {
  const row = db.prepare('SELECT * FROM sample_pairs WHERE id = ?').get(id) as PairRow | undefined;
  return row && fromRow(row);
}

export function listPairs(db: Database.Database, runId?: string): SamplePair[] {
  const rows = (
    runId === undefined
      ? db.prepare('SELECT * FROM sample_pairs ORDER BY created_at, id').all()
      : db
          .prepare('SELECT * FROM sample_pairs WHERE run_a = ? OR run_b = ? ORDER BY created_at, id')
          .all(runId, runId)
  ) as PairRow[];
  return rows.map(fromRow);
}

export function deletePair(db: Database.Database, id: string): void {
  db.prepare('DELETE FROM sample_pairs WHERE id = ?').run(id);
}
