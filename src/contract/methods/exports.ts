import { z } from 'zod';

/**
 * Exports as one zip (WAVs + JSON sidecars) that leave the engine's machine: the browser downloads the bytes in
 * pieces (exports.prepare, then exports.chunk for each piece), the desktop app has the engine write the zip to the
 * path its save dialog chose (exports.save). Both build the same zip from the same export code.
 */
const id = z.string().min(1).max(200);

export const ExportTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('runs'), ids: z.array(id).min(1).max(1000) }).strict(),
  z.object({ kind: z.literal('pair'), pairId: id }).strict(),
  z.object({ kind: z.literal('session'), sessionId: id }).strict(),
]);
export type ExportTarget = z.infer<typeof ExportTargetSchema>;

const short = (id: string) => id.slice(0, 8);

/** The zip's suggested file name (the browser download's name, the save dialog's default). */
export function exportZipName(target: ExportTarget): string {
  if (target.kind === 'runs')
    return target.ids.length === 1
      ? `seamlab-run-${short(target.ids[0]!)}.zip`
      : `seamlab-${target.ids.length}-runs.zip`;
  if (target.kind === 'pair') return `seamlab-pair-${short(target.pairId)}.zip`;
  return `seamlab-session-${short(target.sessionId)}.zip`;
}

/** Bytes per exports.chunk answer (raw; base64 makes it a third larger), well under one contract frame. */
export const EXPORT_CHUNK_BYTES = 512 * 1024;

const ZipSummarySchema = z.object({
  fileName: z.string(),
  byteLength: z.number().int(),
  entries: z.array(z.string()),
});

export const exportsMethods = {
  /** Builds the zip and keeps it on the engine (for a few minutes) until every chunk was read. */
  'exports.prepare': {
    params: z.object({ target: ExportTargetSchema }).strict(),
    result: ZipSummarySchema.extend({ exportId: z.string(), chunks: z.number().int().min(1) }),
  },
  /** One piece of a prepared zip, base64; reading the last one releases it. */
  'exports.chunk': {
    params: z.object({ exportId: z.string().min(1).max(100), index: z.number().int().min(0) }).strict(),
    result: z.object({ data: z.string() }),
  },
  /** Writes the zip to an absolute path on the engine's machine (the desktop app's save dialog chose it). */
  'exports.save': {
    params: z
      .object({
        target: ExportTargetSchema,
        path: z
          .string()
          .trim()
          .min(1)
          .max(4096)
          .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'an absolute path on the engine machine'),
      })
      .strict(),
    result: ZipSummarySchema.extend({ path: z.string() }),
  },
} as const;
