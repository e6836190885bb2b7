import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { appVersion, benchReportsDir, saveBenchReport } from '../../engine/index.ts';
import { benchModel } from '../bench/model.ts';
import { benchServer } from '../bench/server.ts';
import { benchSplitter } from '../bench/splitter.ts';
import { benchStore } from '../bench/store.ts';
import { benchStrategies } from '../bench/strategies.ts';
import type { BenchSuite } from '../bench/types.ts';
import { benchUi } from '../bench/ui.ts';
import { CliError, note, printJson } from '../output.ts';

const SUITES: Record<string, BenchSuite> = {
  model: benchModel,
  strategies: benchStrategies,
  store: benchStore,
  server: benchServer,
  splitter: benchSplitter,
  ui: benchUi,
};

/**
 * `npm run bench -- <suite...>`: speed goals live here, never in timed tests. Prints one JSON document on stdout
 * and writes each suite's result to bench-results/<suite>.json with the machine it ran on.
 */
export function benchCommand(): Command {
  return new Command('bench')
    .description(`benchmarks with JSON output: ${Object.keys(SUITES).join(', ')} (default: all)`)
    .argument('[suites...]', 'suites to run')
    .option('--quick', 'fewer repeats (smoke check, not for quoting)')
    .option('--out <dir>', 'where to write <suite>.json', 'bench-results')
    .option('--model <id>', 'model and strategies suites: an installed model instead of the fixtures')
    .option(
      '--provider <names...>',
      'model and strategies suites: execution providers in order (default cpu)',
    )
    .option('--models <dir>', 'where --model is installed (default: the app models folder)')
    .action(
      async (
        names: string[],
        options: { quick?: boolean; out: string; model?: string; provider?: string[]; models?: string },
      ) => {
        const chosen = names.length > 0 ? names : Object.keys(SUITES);
        const unknown = chosen.filter((n) => !(n in SUITES));
        if (unknown.length > 0)
          throw new CliError(
            `unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}`,
          );
        fs.mkdirSync(options.out, { recursive: true });
        const results: Record<string, unknown> = {};
        for (const name of chosen) {
          const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `seamlab-bench-${name}-`));
          note(`[bench] ${name}`);
          try {
            const result = {
              suite: name,
              at: new Date().toISOString(),
              appVersion: appVersion(),
              machine: {
                cpus: os.cpus().length,
                cpuModel: os.cpus()[0]?.model ?? 'unknown',
                platform: process.platform,
              },
              quick: options.quick === true,
              ...(await SUITES[name]!({
                quick: options.quick === true,
                workDir,
                log: note,
                model: options.model,
                providers: options.provider,
                modelsDir: options.models,
              })),
            };
            fs.writeFileSync(path.join(options.out, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
            // The model report is also kept where the app's Status screen reads it (bench-reports.ts).
            if (name === 'model')
              note(`[bench] saved for the app: ${saveBenchReport(benchReportsDir(), name, result)}`);
            results[name] = result;
          } finally {
            fs.rmSync(workDir, { recursive: true, force: true });
          }
        }
        printJson(chosen.length === 1 ? results[chosen[0]!] : results);
      },
    );
}
