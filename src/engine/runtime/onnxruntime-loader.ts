import { createRequire } from 'node:module';
import type ort from 'onnxruntime-node';

export type Onnxruntime = typeof ort;
export type OnnxruntimeImporter = () => Promise<{ default: Onnxruntime }>;

/**
 * Loads onnxruntime-node on first use instead of at module load. Its native binary is missing on some platforms
 * (onnxruntime-node 1.30 ships none for macOS x64), and a static import there would kill the Electron main process
 * before a window exists; loaded lazily, the app opens and the status screen says that no provider works.
 */
export async function loadOnnxruntime(
  importer: OnnxruntimeImporter = () => import('onnxruntime-node'),
): Promise<Onnxruntime> {
  const module = await importer();
  return module.default;
}

/** The version onnxruntime reports about itself. */
export function onnxruntimeVersionOf(runtime: Onnxruntime): string {
  return runtime.env.versions.node ?? runtime.env.versions.common ?? 'unknown';
}

/**
 * The installed onnxruntime-node version, read from its package.json: for provenance in the main thread, which
 * must not load the native binary just to name it (the sessions themselves live in worker threads).
 */
export function installedOnnxruntimeVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
