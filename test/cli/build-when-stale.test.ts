import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIsStale, ensureBuilt } from '../../src/cli/build-when-stale.ts';

/** A project folder with one source file, the build configuration and (optionally) a built index.html. */
function project(times: { source: number; config: number; built?: number }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-build-'));
  const rendererDir = path.join(root, 'out', 'renderer');
  const write = (file: string, seconds: number) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    fs.utimesSync(file, seconds, seconds);
  };
  write(path.join(root, 'src', 'renderer', 'app.tsx'), times.source);
  write(path.join(root, 'electron.vite.config.ts'), times.config);
  if (times.built !== undefined) write(path.join(rendererDir, 'index.html'), times.built);
  return { root, rendererDir };
}

/** Runs ensureBuilt with a stand-in build step and says whether it was called. */
function builds(dirs: { root: string; rendererDir: string }): boolean {
  let called = false;
  ensureBuilt({ ...dirs, build: () => void (called = true) });
  return called;
}

describe('build when the sources changed (npm start and npm run serve)', () => {
  it('builds when there is no build yet', () => {
    const dirs = project({ source: 1000, config: 1000 });
    expect(buildIsStale(dirs.root, dirs.rendererDir)).toBe(true);
    expect(builds(dirs)).toBe(true);
  });

  it('builds when a source file or the configuration is newer than the build', () => {
    expect(builds(project({ source: 3000, config: 1000, built: 2000 }))).toBe(true);
    expect(builds(project({ source: 1000, config: 3000, built: 2000 }))).toBe(true);
  });

  it('does not build when the build is newer than every source', () => {
    expect(builds(project({ source: 1000, config: 1000, built: 2000 }))).toBe(false);
  });
});
