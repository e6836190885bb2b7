/**
 * What goes into an export zip: the folder exporters (exportRun, exportPair, the listening session's CSV/JSON)
 * write into a temporary folder, which is zipped and removed, so the zip holds exactly what a folder export
 * holds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContractError, type Handlers } from '../../contract/index.ts';
import { exportZipName, type ExportTarget } from '../../contract/methods/exports.ts';
import { exportPair, exportRun, writeFileAtomic, zipFolder, type RunStore } from '../store/index.ts';

export interface ExportZip {
  fileName: string;
  bytes: Uint8Array;
  entries: string[];
}

type ListeningExport = Handlers['listening.export'];

const bad = (message: string) => new ContractError('invalid_request', message);
function sessionPairIds(store: RunStore, sessionId: string): string[] {
  const session = store.getSession(sessionId);
  if (!session) throw bad(`no listening session ${sessionId}`);
  const ids = session.trials.map((t) => (t.presentation as { pairId?: unknown })?.pairId);
  return [...new Set(ids.filter((p): p is string => typeof p === 'string'))];
}

async function writeTarget(
  store: RunStore,
  listeningExport: ListeningExport,
  target: ExportTarget,
  dir: string,
): Promise<void> {
  if (target.kind === 'runs') {
    for (const id of target.ids) if (!store.getRun(id)) throw bad(`no run ${id} (it may have been deleted)`);
    for (const id of target.ids) await exportRun(store, id, dir);
  } else if (target.kind === 'pair') {
    if (!store.getPair(target.pairId)) throw bad(`no sample pair ${target.pairId}`);
    await exportPair(store, target.pairId, dir);
  } else {
    // The session's results exactly as its CSV/JSON downloads give them, plus the audio of every pair it used.
    const pairIds = sessionPairIds(store, target.sessionId);
    for (const format of ['json', 'csv'] as const) {
      const file = await listeningExport({ sessionId: target.sessionId, format });
      await writeFileAtomic(path.join(dir, file.fileName), file.content);
    }
    for (const pairId of pairIds)
      if (store.getPair(pairId)) await exportPair(store, pairId, path.join(dir, 'pairs'));
  }
}

export async function buildExportZip(
  store: RunStore,
  listeningExport: ListeningExport,
  target: ExportTarget,
): Promise<ExportZip> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `seamlab-export-${crypto.randomUUID().slice(0, 8)}-`));
  try {
    await writeTarget(store, listeningExport, target, dir);
    const { bytes, entries } = await zipFolder(dir);
    return { fileName: exportZipName(target), bytes, entries };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
