import type { EngineClient } from '../../../contract/index.ts';
import { exportZipName, type ExportTarget } from '../../../contract/methods/exports.ts';
import { downloadBlob } from './download-blob.ts';

export interface ExportOutcome {
  /** Where it went: the path the save dialog chose, or the downloaded file's name. */
  where: string;
  entries: string[];
  saved: 'dialog' | 'download';
}

function base64ToBytes(data: string): Uint8Array {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Exports runs, a pair or a listening session as one zip (WAVs + JSON). Where the transport has a save dialog
 * (the desktop app) the user picks the file and the engine writes it there; in the browser the engine's zip comes
 * over in chunks and is downloaded. Resolves null when the dialog was cancelled.
 */
export async function exportZip(engine: EngineClient, target: ExportTarget): Promise<ExportOutcome | null> {
  if (engine.saveFile) {
    const path = await engine.saveFile(exportZipName(target));
    if (!path) return null;
    const saved = await engine.call('exports.save', { target, path });
    return { where: saved.path, entries: saved.entries, saved: 'dialog' };
  }
  const prepared = await engine.call('exports.prepare', { target });
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let index = 0; index < prepared.chunks; index++) {
    const { data } = await engine.call('exports.chunk', { exportId: prepared.exportId, index });
    parts.push(base64ToBytes(data) as Uint8Array<ArrayBuffer>);
  }
  downloadBlob(prepared.fileName, new Blob(parts, { type: 'application/zip' }));
  return { where: prepared.fileName, entries: prepared.entries, saved: 'download' };
}
