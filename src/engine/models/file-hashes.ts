import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** sha256 of one file, streamed (real graphs and their sidecars are hundreds of MB to GBs). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const cache = new Map<string, { size: number; mtimeMs: number; hash: string }>();

/**
 * Hashes of every graph file (and sidecar) under `<modelDir>/onnx`, keyed by file name, cached by size and mtime so
 * a run does not re-read gigabytes to record its model identity.
 */
export async function modelFileHashes(modelDir: string): Promise<Record<string, string>> {
  const dir = path.join(modelDir, 'onnx');
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.onnx') || n.endsWith('.onnx_data')).sort();
  const hashes: Record<string, string> = {};
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file);
    const known = cache.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) {
      hashes[name] = known.hash;
      continue;
    }
    const hash = await sha256File(file);
    cache.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, hash });
    hashes[name] = hash;
  }
  return hashes;
}
