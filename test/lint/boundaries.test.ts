import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Lints `code` as if it lived at `filePath` and returns the import-boundary messages. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (eslint.config.js)', () => {
  it.each([
    [
      'src/engine/planted.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
      /never imports Electron/,
    ],
    ['src/engine/planted.ts', "import React from 'react';\nexport const x = React;\n", /never imports React/],
    [
      'src/engine/planted.ts',
      "import { startServer } from '../server/index.ts';\nexport const x = startServer;\n",
      /imports no shell/,
    ],
    [
      'src/renderer/src/planted.ts',
      "import { createEngine } from '../../engine/index.ts';\nexport const x = createEngine;\n",
      /only to the contract/,
    ],
    [
      'src/renderer/src/planted.ts',
      "import { startServer } from '../../server/index.ts';\nexport const x = startServer;\n",
      /only to the contract/,
    ],
    ['src/renderer/src/planted.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /runs in a browser/],
    [
      'src/server/planted.ts',
      "import { probeProviders } from '../engine/runtime/provider-probe.ts';\nexport const x = probeProviders;\n",
      /public entry/,
    ],
    [
      'src/cli/planted.ts',
      "import { listModels } from '../engine/models/model-catalog.ts';\nexport const x = listModels;\n",
      /public entry/,
    ],
    [
      'src/contract/planted.ts',
      "import { createEngine } from '../engine/index.ts';\nexport const x = createEngine;\n",
      /depends on nothing/,
    ],
  ])('flags a planted violation in %s', async (filePath, code, message) => {
    const errors = await boundaryErrors(filePath, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    [
      'src/server/planted.ts',
      "import { createEngine } from '../engine/index.ts';\nexport const x = createEngine;\n",
    ],
    [
      'src/renderer/src/planted.ts',
      "import { createClient } from '../../contract/index.ts';\nexport const x = createClient;\n",
    ],
    ['src/engine/planted.ts', "import { methods } from '../contract/index.ts';\nexport const x = methods;\n"],
  ])('allows the sanctioned import in %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
