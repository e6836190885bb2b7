import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelSummary } from '../../contract/index.ts';
import { readSelfCheck } from './self-check-file.ts';

/** Written beside generated models; real downloads carry a manifest of their own (see models/manifests). */
export const MODEL_MANIFEST_FILE = 'seamlab-model.json';

/** Lists model folders under `modelsDir`: any folder with an onnx/ subfolder. Missing dir = no models. */
export async function listModels(modelsDir: string): Promise<ModelSummary[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(modelsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const models: ModelSummary[] = [];
  // `<id>.downloading/` is a download in progress (see models/download): never a usable model.
  const folders = entries.filter((e) => e.isDirectory() && !e.name.endsWith('.downloading'));
  for (const entry of folders.sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = path.join(modelsDir, entry.name);
    const graphs = await fs.readdir(path.join(folder, 'onnx')).catch(() => undefined);
    if (!graphs) continue;
    const manifest = await readManifest(folder);
    const check = await readSelfCheck(folder);
    models.push({
      id: entry.name,
      path: folder,
      synthetic: manifest?.synthetic === true,
      graphs: graphs.filter((g) => g.endsWith('.onnx')).sort(),
      ...(check
        ? { selfCheck: { ok: check.ok, checkedAt: check.checkedAt, invariants: check.invariants } }
        : {}),
    });
  }
  return models;
}

async function readManifest(folder: string): Promise<{ synthetic?: boolean } | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(folder, MODEL_MANIFEST_FILE), 'utf8')) as {
      synthetic?: boolean;
    };
  } catch {
    return undefined;
  }
}
