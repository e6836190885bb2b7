import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ContractError, type Handlers } from '../../contract/index.ts';
import { EXPORT_CHUNK_BYTES, type exportsMethods } from '../../contract/methods/exports.ts';
import type { EngineContext } from '../engine-context.ts';
import { writeFileAtomic } from '../store/index.ts';
import { buildExportZip, type ExportZip } from './export-zip.ts';

type ExportsHandlers = Pick<Handlers, keyof typeof exportsMethods>;

/** A prepared zip waits this long for its chunks to be read, then is dropped (an abandoned download). */
const PREPARED_TTL_MS = 5 * 60_000;
/** At most this many prepared zips are held at once; the oldest goes first. */
const MAX_PREPARED = 4;

interface Prepared {
  zip: ExportZip;
  timer: ReturnType<typeof setTimeout>;
}

export function exportsHandlers(
  ctx: EngineContext,
  listeningExport: Handlers['listening.export'],
): ExportsHandlers {
  const prepared = new Map<string, Prepared>();
  const drop = (exportId: string) => {
    const entry = prepared.get(exportId);
    if (!entry) return;
    clearTimeout(entry.timer);
    prepared.delete(exportId);
  };
  ctx.onClose(() => {
    for (const exportId of [...prepared.keys()]) drop(exportId);
  });
  const chunkCount = (zip: ExportZip) => Math.max(1, Math.ceil(zip.bytes.length / EXPORT_CHUNK_BYTES));

  return {
    'exports.prepare': async ({ target }) => {
      const zip = await buildExportZip(ctx.store(), listeningExport, target);
      while (prepared.size >= MAX_PREPARED) drop(prepared.keys().next().value!);
      const exportId = crypto.randomUUID();
      const timer = setTimeout(() => drop(exportId), PREPARED_TTL_MS);
      timer.unref?.();
      prepared.set(exportId, { zip, timer });
      return {
        exportId,
        fileName: zip.fileName,
        byteLength: zip.bytes.length,
        entries: zip.entries,
        chunks: chunkCount(zip),
      };
    },

    'exports.chunk': async ({ exportId, index }) => {
      const entry = prepared.get(exportId);
      if (!entry)
        throw new ContractError(
          'invalid_request',
          `no prepared export ${exportId} (read its chunks within ${PREPARED_TTL_MS / 60_000} minutes of exports.prepare)`,
        );
      const chunks = chunkCount(entry.zip);
      if (index >= chunks)
        throw new ContractError(
          'invalid_request',
          `export ${exportId} has ${chunks} chunks, asked for ${index}`,
        );
      const start = index * EXPORT_CHUNK_BYTES;
      const piece = entry.zip.bytes.subarray(start, start + EXPORT_CHUNK_BYTES);
      if (index === chunks - 1) drop(exportId);
      return { data: Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('base64') };
    },

    'exports.save': async ({ target, path: file }) => {
      const resolved = path.resolve(file);
      const zip = await buildExportZip(ctx.store(), listeningExport, target);
      await fs.mkdir(path.dirname(resolved), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot create the folder for ${resolved}: ${error.code ?? error.message}`);
      });
      await writeFileAtomic(resolved, zip.bytes);
      return {
        path: resolved,
        fileName: path.basename(resolved),
        byteLength: zip.bytes.length,
        entries: zip.entries,
      };
    },
  };
}
