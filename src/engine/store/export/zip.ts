/**
 * Zips an export folder (the WAVs and JSON the folder exporters wrote) with fflate. WAVs are stored (float32
 * audio barely deflates and is large), text is deflated. Entries keep the folder's relative paths, sorted, so the
 * same export gives the same listing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';

/** Fixed entry time: a zip of the same runs is byte-identical whenever it is made. */
const ENTRY_MTIME = new Date('2000-01-01T00:00:00Z');

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

export async function zipFolder(dir: string): Promise<{ bytes: Uint8Array; entries: string[] }> {
  const entries = await listFiles(dir);
  if (entries.length === 0) throw new Error(`nothing to zip: the export folder ${dir} is empty`);
  const tree: Zippable = {};
  for (const name of entries) {
    const data = new Uint8Array(await fs.readFile(path.join(dir, name)));
    tree[name] = [data, { level: name.endsWith('.wav') ? 0 : 6, mtime: ENTRY_MTIME }];
  }
  return { bytes: zipSync(tree), entries };
}
