import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths.ts';

/**
 * Download manifests: which files of which Hugging Face repo make up a model Seamlab can run, and where each lands
 * in the model folder. They live as JSON in models/manifests/ so adding a model is a data change, not a code change.
 *
 * Naming rule for quantized variants: the GRAPH is saved under the canonical name the engine opens
 * (`onnx/language_model_q4.onnx` -> `onnx/language_model.onnx`), but its external-data SIDECAR keeps its original
 * name (`onnx/language_model_q4.onnx_data`). The .onnx protobuf stores the sidecar's file name inside every
 * initializer's `external_data.location`, and onnxruntime resolves that name beside the graph file; renaming the
 * sidecar would make the session fail to load, and rewriting the graph would change its bytes (and hash) from what
 * the hub publishes. The lock file records both names, and `modelFileHashes` already hashes every `*.onnx_data`.
 */

export const MANIFESTS_DIR = path.join(PROJECT_ROOT, 'models', 'manifests');

const relativePath = z
  .string()
  .min(1)
  .refine(
    (p) =>
      !p.startsWith('/') &&
      !p.includes('\\') &&
      p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
    { message: 'must be a relative path with forward slashes and no "." or ".." segments' },
  );

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

export const manifestFileSchema = z.strictObject({
  /** Path inside the hub repo, e.g. `onnx/language_model_q4.onnx`. */
  repoPath: relativePath,
  /** Path inside the model folder, e.g. `onnx/language_model.onnx`. */
  target: relativePath,
  /** Only downloaded when this dtype is chosen; absent = always downloaded. */
  dtype: z.string().optional(),
  /** Approximate size in bytes: for the listing and the disk-space message; the server's length is what is checked. */
  approxBytes: z.number().int().nonnegative(),
  /** Expected sha256 when known for `manifest.revision`; null = record what was downloaded in the lock file. */
  sha256: sha256.nullable(),
});

export const modelManifestSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"'),
    name: z.string().min(1),
    description: z.string(),
    repo: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, 'owner/name'),
    /** Default revision (branch, tag or commit). Pinned sha256 values only apply to this revision. */
    revision: z.string().min(1),
    family: z.enum(['original', 'multilingual', 'turbo']),
    license: z.string(),
    dtypes: z.array(z.string().min(1)).min(1),
    defaultDtype: z.string().min(1),
    notes: z.string().optional(),
    files: z.array(manifestFileSchema).min(1),
  })
  .superRefine((m, ctx) => {
    if (!m.dtypes.includes(m.defaultDtype))
      ctx.addIssue({
        code: 'custom',
        message: `defaultDtype ${m.defaultDtype} is not in dtypes`,
        path: ['defaultDtype'],
      });
    for (const [i, f] of m.files.entries())
      if (f.dtype !== undefined && !m.dtypes.includes(f.dtype))
        ctx.addIssue({
          code: 'custom',
          message: `dtype ${f.dtype} is not in dtypes`,
          path: ['files', i, 'dtype'],
        });
    for (const dtype of m.dtypes) {
      const targets = m.files.filter((f) => f.dtype === undefined || f.dtype === dtype).map((f) => f.target);
      const dup = targets.find((t, i) => targets.indexOf(t) !== i);
      if (dup)
        ctx.addIssue({ code: 'custom', message: `dtype ${dtype} writes ${dup} twice`, path: ['files'] });
    }
  });

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** One file to fetch for a chosen dtype and revision. */
export interface PlannedFile {
  repoPath: string;
  target: string;
  approxBytes: number;
  /** Null when unknown for this revision. */
  sha256: string | null;
}

/** Parses one manifest; the error names the file and the offending field. */
export function parseManifest(json: unknown, source = 'manifest'): ModelManifest {
  const result = modelManifestSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid model manifest ${source}: ${issues}`);
  }
  return result.data;
}

/** Every manifest in `dir`, sorted by id. Duplicate ids are an error (two files would fight over one folder). */
export async function loadManifests(dir: string = MANIFESTS_DIR): Promise<ModelManifest[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const manifests: ModelManifest[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read model manifest ${file}: ${(error as Error).message}`, { cause: error });
    }
    const manifest = parseManifest(json, file);
    if (manifests.some((m) => m.id === manifest.id))
      throw new Error(`two model manifests use the id ${manifest.id} (${file})`);
    manifests.push(manifest);
  }
  return manifests.sort((a, b) => a.id.localeCompare(b.id));
}

export async function getManifest(id: string, dir: string = MANIFESTS_DIR): Promise<ModelManifest> {
  const manifests = await loadManifests(dir);
  const manifest = manifests.find((m) => m.id === id);
  if (!manifest)
    throw new Error(
      `unknown model "${id}": known models are ${manifests.map((m) => m.id).join(', ') || 'none'}`,
    );
  return manifest;
}

/**
 * The files to fetch for `dtype` at `revision`. Pinned hashes are dropped for any other revision: the hub's
 * `main` moves, and a stale pin would make a good download look corrupt.
 */
export function planFiles(manifest: ModelManifest, dtype: string, revision: string): PlannedFile[] {
  if (!manifest.dtypes.includes(dtype))
    throw new Error(`${manifest.id} has no dtype "${dtype}": choose one of ${manifest.dtypes.join(', ')}`);
  return manifest.files
    .filter((f) => f.dtype === undefined || f.dtype === dtype)
    .map((f) => ({
      repoPath: f.repoPath,
      target: f.target,
      approxBytes: f.approxBytes,
      sha256: revision === manifest.revision ? f.sha256 : null,
    }));
}

export interface HubConfig {
  baseUrl: string;
  token: string | undefined;
}

/** SEAMLAB_HUB_URL (tests, mirrors), then the hub's own HF_ENDPOINT, then huggingface.co; HF_TOKEN for gated repos. */
export function hubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const baseUrl = (env.SEAMLAB_HUB_URL || env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
  return { baseUrl, token: env.HF_TOKEN || undefined };
}

/** `${baseUrl}/${repo}/resolve/${revision}/${path}`, each path segment URL-encoded. */
export function hubFileUrl(baseUrl: string, repo: string, revision: string, repoPath: string): string {
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  return `${baseUrl}/${encode(repo)}/resolve/${encodeURIComponent(revision)}/${encode(repoPath)}`;
}
