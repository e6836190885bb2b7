import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import {
  defaultModelsDir,
  DownloadError,
  downloadModel,
  formatBytes,
  listModelEntries,
  FIXTURE_VARIANT_IDS,
  ModelPool,
  removeModel,
  runSelfCheck,
  verifyModel,
  type ModelDownloadProgress,
  type ModelListEntry,
  type SelfCheckResult,
} from '../../engine/index.ts';
import { CliError, note, printJson } from '../output.ts';

interface CommonOptions {
  json?: boolean;
  models?: string;
}

const modelsOption = () =>
  new Option('--models <dir>', 'models folder (default: the engine’s models folder)').env(
    'SEAMLAB_MODELS_DIR',
  );
const jsonOption = () => new Option('--json', 'print one JSON document on stdout');

/** `seamlab models list|download|verify|remove`: fetch real Chatterbox exports from the Hugging Face hub. */
export function modelsCommand(): Command {
  const models = new Command('models').description(
    'list, download, verify and remove models (Hugging Face hub; SEAMLAB_HUB_URL and HF_TOKEN apply)',
  );

  models
    .command('list')
    .description('known models and which are installed')
    .addOption(jsonOption())
    .addOption(modelsOption())
    .action(async (options: CommonOptions) => {
      const modelsDir = dirOf(options);
      const entries = await run(options, () => listModelEntries({ modelsDir }));
      if (options.json) printJson({ modelsDir, models: entries });
      else process.stdout.write(formatList(modelsDir, entries));
    });

  models
    .command('download <id>')
    .description('download a model into the models folder (re-run to resume)')
    .option(
      '--dtype <dtype>',
      'language model precision, e.g. fp32, fp16, q4, q4f16 (default: the manifest’s, or --provider’s)',
    )
    .option(
      '--provider <name>',
      'without --dtype: the variant that suits this provider (fp16 on GPUs, q4 on cpu)',
    )
    .option('--revision <rev>', 'hub branch, tag or commit (default: the manifest’s)')
    .addOption(jsonOption())
    .addOption(modelsOption())
    .action(
      async (
        id: string,
        options: CommonOptions & { dtype?: string; provider?: string; revision?: string },
      ) => {
        const modelsDir = dirOf(options);
        const bar = progressBar();
        try {
          const result = await run(options, () =>
            downloadModel({
              id,
              modelsDir,
              dtype: options.dtype,
              provider: options.provider,
              revision: options.revision,
              onProgress: bar.update,
            }),
          );
          bar.stop();
          if (options.json) printJson(result);
          else if (result.status === 'already-installed')
            process.stdout.write(`${id} is already installed in ${result.path} (${result.dtype})\n`);
          else
            process.stdout.write(
              `${id} (${result.dtype}, ${result.repo}@${result.resolvedCommit ?? result.revision}) installed in ${result.path}: ` +
                `${result.files.length} files, ${formatBytes(result.files.reduce((s, f) => s + f.bytes, 0))}` +
                `${result.keptFiles + result.resumedFiles > 0 ? `, resumed (${formatBytes(result.transferredBytes)} fetched now)` : ''}\n`,
            );
        } finally {
          bar.stop();
        }
      },
    );

  models
    .command('verify <id>')
    .description(
      're-hash a downloaded model’s files against its lock file; --probe also runs the self-check ' +
        '(one sentence, fixed seed, default voice) and stores its result with the model',
    )
    .option('--probe', 'run the self-check probe (fixture variants: the probe only, they have no lock file)')
    .addOption(jsonOption())
    .addOption(modelsOption())
    .action(async (id: string, options: CommonOptions & { probe?: boolean }) => {
      const modelsDir = dirOf(options);
      const isFixture = (FIXTURE_VARIANT_IDS as string[]).includes(id);
      const files =
        options.probe && isFixture ? null : await run(options, () => verifyModel({ id, modelsDir }));
      const probe = options.probe ? await run(options, () => probeModel(id, modelsDir)) : null;
      const ok = (files?.ok ?? true) && (probe?.ok ?? true);
      if (options.json) printJson(probe ? { id, ok, files, probe } : files);
      else {
        if (files)
          process.stdout.write(
            `${files.files.map((f) => `  ${f.status === 'ok' ? '✓' : '✗'} ${f.target}${f.status === 'ok' ? '' : `: ${f.status}`}`).join('\n')}\n` +
              `${id}: ${files.ok ? 'all files match' : 'damaged: remove it and download again'}\n`,
          );
        if (probe) process.stdout.write(formatProbe(probe));
      }
      if (!ok) throw new CliError(`${id} failed verification`, 2);
    });

  models
    .command('remove <id>')
    .description('delete a downloaded model (and any unfinished download of it)')
    .addOption(jsonOption())
    .addOption(modelsOption())
    .action(async (id: string, options: CommonOptions) => {
      const result = await run(options, () => removeModel({ id, modelsDir: dirOf(options) }));
      if (options.json) printJson({ id, ...result });
      else process.stdout.write(`removed ${result.removed.join(', ')}\n`);
    });

  return models;
}

/** Runs the self-check in a model pool of its own (no database needed) and closes it. */
async function probeModel(id: string, modelsDir: string): Promise<SelfCheckResult> {
  const pool = new ModelPool({ modelsDir });
  try {
    return await runSelfCheck(pool, id);
  } finally {
    await pool.close();
  }
}

function formatProbe(probe: SelfCheckResult): string {
  const lines = [
    `self-check of ${probe.modelId}${probe.synthetic ? ' (synthetic test model)' : ''}: "${probe.text}", ` +
      `seed ${probe.seed}, voice ${probe.voice}`,
    ...probe.invariants.map((i) => `  ${i.ok ? '✓' : '✗'} ${i.name}: ${i.detail}`),
    `${probe.modelId}: ${probe.ok ? 'every invariant holds' : 'self-check FAILED'} (stored with the model)`,
  ];
  return `${lines.join('\n')}\n`;
}

function dirOf(options: CommonOptions): string {
  return options.models ?? defaultModelsDir();
}

/**
 * Runs an engine call; a DownloadError becomes a CliError (message only, no stack) and, with --json, an error
 * document on stdout so scripts always get JSON.
 */
async function run<T>(options: CommonOptions, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof DownloadError ? error.code : 'error';
    if (options.json) printJson({ error: { code, message } });
    throw new CliError(message);
  }
}

/** A byte-progress bar on stderr; silent when stderr is not a terminal (cli-progress skips non-TTY output). */
function progressBar(): { update: (p: ModelDownloadProgress) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined;
  let lastFile = '';
  return {
    update(p) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: '{bar} {percentage}% | {done} / {size} | {speed}/s | {file}',
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.bytes);
      }
      if (p.file !== lastFile && !process.stderr.isTTY)
        note(`downloading ${p.file} (${p.fileIndex + 1}/${p.fileCount})`);
      lastFile = p.file;
      bar.setTotal(p.total);
      bar.update(p.bytes, {
        done: formatBytes(p.bytes),
        size: formatBytes(p.total),
        speed: formatBytes(p.bytesPerSecond),
        file: `${p.file} (${p.fileIndex + 1}/${p.fileCount})`,
      });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function formatList(modelsDir: string, entries: ModelListEntry[]): string {
  const lines = [`Models (${modelsDir}):`];
  for (const e of entries) {
    const state = e.installed
      ? `installed${e.installedDtype ? ` (${e.installedDtype})` : ''}`
      : e.partial
        ? 'partly downloaded: run download again to resume'
        : 'not installed';
    const size = e.approxBytes > 0 ? `, ~${formatBytes(e.approxBytes)} (${e.defaultDtype})` : '';
    const dtypes = e.dtypes.length > 1 ? ` dtypes: ${e.dtypes.join('/')}` : '';
    lines.push(
      `  ${e.installed ? '✓' : '·'} ${e.id.padEnd(24)} ${state}${size}${dtypes}${e.repo ? `  [${e.repo}]` : ''}`,
    );
  }
  if (entries.length === 0) lines.push('  none');
  return `${lines.join('\n')}\n`;
}
