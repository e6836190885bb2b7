import { Command } from 'commander';
import {
  StoreError,
  StoreErrorCodes,
  configDifferences,
  exportPair,
  type RunListRow,
  type RunStore,
  type SamplePair,
} from '../../engine/index.ts';
import { dbOption } from '../options.ts';
import { printJson } from '../output.ts';
import { jsonOption, withStore, type StoreCliOptions } from './runs.ts';

/** A pair with the knobs its two runs set differently: what the comparison is about. */
interface PairView extends SamplePair {
  differences: string[];
}

/** The configs of the given runs, in pages the store allows. */
function configsOf(store: RunStore, ids: string[]): Map<string, RunListRow['config']> {
  const unique = [...new Set(ids)];
  const configs = new Map<string, RunListRow['config']>();
  for (let i = 0; i < unique.length; i += 1000) {
    const page = unique.slice(i, i + 1000);
    for (const row of store.listRuns({
      filter: { where: [{ field: 'id', op: 'in', value: page }] },
      page: { limit: 1000 },
    }).rows)
      configs.set(row.id, row.config);
  }
  return configs;
}

function views(store: RunStore, pairs: SamplePair[]): PairView[] {
  const configs = configsOf(
    store,
    pairs.flatMap((p) => [p.runA, p.runB]),
  );
  return pairs.map((p) => ({
    ...p,
    differences: configDifferences(configs.get(p.runA), configs.get(p.runB)),
  }));
}

/** A pair id, or a unique prefix of one. */
function resolvePairId(store: RunStore, idOrPrefix: string): string {
  const wanted = idOrPrefix.trim().toLowerCase();
  const ids = store.listPairs().map((p) => p.id);
  if (ids.includes(idOrPrefix)) return idOrPrefix;
  const matches = wanted.length >= 4 ? ids.filter((id) => id.toLowerCase().startsWith(wanted)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new StoreError(
      StoreErrorCodes.invalidInput,
      `"${idOrPrefix}" matches several pairs (${matches.slice(0, 5).join(', ')}); give more of the id`,
    );
  throw new StoreError(StoreErrorCodes.notFound, `no sample pair ${idOrPrefix}`);
}

function formatPairs(pairs: PairView[]): string {
  if (!pairs.length) return 'no sample pairs\n';
  return `${pairs
    .map(
      (p) =>
        `${p.id}${p.label ? ` "${p.label}"` : ''} (${p.createdAt.slice(0, 16).replace('T', ' ')})\n` +
        `  A ${p.runA}\n  B ${p.runB}\n` +
        `  differs in: ${p.differences.length ? p.differences.join(', ') : '(nothing: same configuration)'}` +
        `${p.note ? `\n  note: ${p.note}` : ''}`,
    )
    .join('\n')}\n`;
}

/** `seamlab pairs create|list|export|delete`: two runs on the same text and voice, compared A vs B. */
export function pairsCommand(): Command {
  const pairs = new Command('pairs').description(
    'sample pairs: two runs on the same text and voice, compared A vs B (create, list, export, delete)',
  );

  pairs
    .command('create <runA> <runB>')
    .description('pair two runs on the same text and voice (id prefixes will do)')
    .option('--label <label>', 'a short name for the comparison')
    .option('--note <note>', 'what to listen for')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (a: string, b: string, options: StoreCliOptions & { label?: string; note?: string }) => {
      await withStore(options, (store) => {
        const pair = store.createPair({
          runA: store.resolveRunId(a),
          runB: store.resolveRunId(b),
          label: options.label,
          note: options.note,
        });
        const [view] = views(store, [pair]);
        if (options.json) printJson(view);
        else process.stdout.write(formatPairs([view!]));
      });
    });

  pairs
    .command('list')
    .description('list sample pairs, oldest first')
    .option('--run <id>', 'only pairs with this run on either side')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (options: StoreCliOptions & { run?: string }) => {
      await withStore(options, (store) => {
        const list = views(store, store.listPairs(options.run ? store.resolveRunId(options.run) : undefined));
        if (options.json) printJson({ pairs: list });
        else process.stdout.write(formatPairs(list));
      });
    });

  pairs
    .command('export <id>')
    .description('write a pair as <base>.A.wav, <base>.B.wav (streamed audio, float32) and <base>.json')
    .requiredOption('--out <dir>', 'folder to write into')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (idOrPrefix: string, options: StoreCliOptions & { out: string }) => {
      await withStore(options, async (store) => {
        const id = resolvePairId(store, idOrPrefix);
        const { files } = await exportPair(store, id, options.out);
        if (options.json) printJson({ id, files });
        else process.stdout.write(`${files.map((f) => `wrote ${f}`).join('\n')}\n`);
      });
    });

  pairs
    .command('delete <ids...>')
    .description('delete sample pairs (their runs stay)')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (idsOrPrefixes: string[], options: StoreCliOptions) => {
      await withStore(options, (store) => {
        const ids = idsOrPrefixes.map((id) => resolvePairId(store, id));
        for (const id of ids) store.deletePair(id);
        if (options.json) printJson({ deleted: ids });
        else process.stdout.write(`deleted ${ids.length} pair(s): ${ids.join(', ')}\n`);
      });
    });

  return pairs;
}
