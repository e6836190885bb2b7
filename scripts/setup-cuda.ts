// `npm run setup:cuda`: fetches onnxruntime-node's CUDA 12 provider libraries, which the project skips by default
// (the wrapper installs with ONNXRUNTIME_NODE_INSTALL=skip) because most machines cannot or need not download them.
// Linux x64 only; needs network access to the onnxruntime release feed and an NVIDIA driver + CUDA 12 / cuDNN 9.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

if (process.platform !== 'linux' || process.arch !== 'x64') {
  process.stderr.write(
    `setup:cuda: the CUDA provider exists for linux/x64 only (this is ${process.platform}/${process.arch}). ` +
      'On Windows DirectML and on macOS CoreML ship inside onnxruntime-node already.\n',
  );
  process.exit(1);
}

const require = createRequire(import.meta.url);
const installer = path.join(
  path.dirname(require.resolve('onnxruntime-node/package.json')),
  'script',
  'install.js',
);
// The installer reads ONNXRUNTIME_NODE_INSTALL first, then npm_config_onnxruntime_node_install (an npm config of
// that name, e.g. from a user's own .npmrc); override both so an inherited "skip" cannot win.
const env = {
  ...process.env,
  ONNXRUNTIME_NODE_INSTALL: 'cuda12',
  npm_config_onnxruntime_node_install: 'cuda12',
};
const result = spawnSync(process.execPath, [installer], {
  stdio: 'inherit',
  env,
  cwd: path.dirname(installer),
});
if (result.status !== 0) {
  process.stderr.write('setup:cuda: downloading the CUDA provider libraries failed (see above).\n');
  process.exit(result.status ?? 1);
}
process.stdout.write(
  'CUDA provider libraries installed. Check with `npx seamlab status`: cuda should say "works".\n',
);
