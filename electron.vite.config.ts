import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Node code (engine, server, cli) also runs unbundled from source under Node's type stripping; this config only
// shapes the Electron bundle. Worker entries are emitted beside the main bundle under the names workerUrl()
// expects (src/engine/workers/worker-url.ts).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          'provider-probe.worker': resolve(
            import.meta.dirname,
            'src/engine/workers/provider-probe.worker.ts',
          ),
          // The model runtime's two threads (onnxruntime's run() blocks the thread it is called on).
          'token.worker': resolve(import.meta.dirname, 'src/engine/workers/token.worker.ts'),
          'decode.worker': resolve(import.meta.dirname, 'src/engine/workers/decode.worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    // The app icon doubles as the favicon: one file in resources/icons, copied into the bundle as-is.
    publicDir: resolve(import.meta.dirname, 'resources/icons'),
    build: {
      // Minified: the browser mode downloads this bundle over the network from a GPU box. SEAMLAB_NO_MINIFY=1
      // builds it readable, for CPU profiles of the page's start-up with real function names.
      minify: !process.env.SEAMLAB_NO_MINIFY,
      // echarts' canvas renderer is one ~520 kB chunk, loaded lazily by the sweep and timing charts only.
      chunkSizeWarningLimit: 600,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
