/**
 * Where a worker's entry file is. Running from source (Node type stripping, vitest) the workers are the .ts
 * files beside this one; in the Electron bundle electron-vite emits each as `<name>.js` next to the main
 * bundle (see electron.vite.config.ts). The path is built at run time so bundlers leave it alone.
 */
export type WorkerName = 'provider-probe.worker' | 'token.worker' | 'decode.worker';

export function workerUrl(name: WorkerName): URL {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, import.meta.url);
}
