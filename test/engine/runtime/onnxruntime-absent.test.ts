import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// The main process imports the engine; where onnxruntime-node has no binary its import throws. Nothing the main
// thread loads may import it statically, or the Electron window never opens (issue 12, item 3).
vi.mock('onnxruntime-node', () => {
  throw new Error('onnxruntime-node has no binary for this platform (simulated)');
});

describe('engine without an onnxruntime binary', () => {
  it('loads, answers calls that need no model, and closes', async () => {
    const { createEngine } = await import('../../../src/engine/index.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-noort-'));
    const engine = createEngine({
      host: 'electron',
      databasePath: path.join(dir, 'seamlab.db'),
      modelsDir: path.join(dir, 'models'),
    });
    await expect(engine.handlers['engine.ping']({ value: 'x' })).resolves.toMatchObject({ value: 'x' });
    await engine.close();
  });
});
