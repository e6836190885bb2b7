/** Tags (many-to-many, case-insensitive names) and free-text notes on runs. */
import type Database from 'better-sqlite3';
import { StoreError, StoreErrorCodes } from './errors.ts';
import type { RunNote } from './types.ts';

function requireRun(db: Database.Database, runId: string): void {
  if (!db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId))
    throw new StoreError(StoreErrorCodes.notFound, `no run ${runId}`);
}

function cleanTag(tag: string): string {
  const name = typeof tag === 'string' ? tag.trim() : '';
  if (!name || name.length > 200)
    throw new StoreError(StoreErrorCodes.invalidInput, `invalid tag "${String(tag)}"`);
  return name;
}

export function addTags(db: Database.Database, runId: string, tags: string[]): void {
  const names = tags.map(cleanTag);
  db.transaction(() => {
    requireRun(db, runId);
    for (const name of names) {
      db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT(name) DO NOTHING').run(name);
      db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag_id) SELECT ?, id FROM tags WHERE name = ?').run(
        runId,
        name,
      );
    }
  }).immediate();
}

export function removeTags(db: Database.Database, runId: string, tags: string[]): void {
  const names = tags.map(cleanTag);
  db.transaction(() => {
    for (const name of names)
      db.prepare(
        'DELETE FROM run_tags WHERE run_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)',
      ).run(runId, name);
  }).immediate();
}

export function getTags(db: Database.Database, runId: string): string[] {
  return db
    .prepare(
      'SELECT t.name FROM run_tags rt JOIN tags t ON t.id = rt.tag_id WHERE rt.run_id = ? ORDER BY t.name',
    )
    .pluck()
    .all(runId) as string[];
}

export function allTags(db: Database.Database): { name: string; runs: number }[] {
  return db
    .prepare(
      'SELECT t.name AS name, COUNT(rt.run_id) AS runs FROM tags t LEFT JOIN run_tags rt ON rt.tag_id = t.id GROUP BY t.id ORDER BY t.name',
    )
    .all() as { name: string; runs: number }[];
}

export function addNote(db: Database.Database, runId: string, body: string, createdAt?: string): RunNote {
  if (typeof body !== 'string' || !body.trim())
    throw new StoreError(StoreErrorCodes.invalidInput, 'a note needs text');
  requireRun(db, runId);
  const at = createdAt ?? new Date().toISOString();
  const info = db
    .prepare('INSERT INTO run_notes (run_id, body, created_at) VALUES (?, ?, ?)')
    .run(runId, body, at);
  return { id: Number(info.lastInsertRowid), runId, body, createdAt: at };
}

export function getNotes(db: Database.Database, runId: string): RunNote[] {
  return (
    db
      .prepare('SELECT id, run_id, body, created_at FROM run_notes WHERE run_id = ? ORDER BY id')
      .all(runId) as {
      id: number;
      run_id: string;
      body: string;
      created_at: string;
    }[]
  ).map((r) => ({ id: r.id, runId: r.run_id, body: r.body, createdAt: r.created_at }));
}

export function deleteNote(db: Database.Database, noteId: number): void {
  db.prepare('DELETE FROM run_notes WHERE id = ?').run(noteId);
}
