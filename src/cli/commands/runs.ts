import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { RunConfigSchema } from '../../contract/index.ts';
import {
  METRIC_COLUMNS,
  RUN_COLUMNS,
  StoreError,
  StoreErrorCodes,
  SYNTHETIC_LABEL,
  defaultDatabasePath,
  exportBundle,
  exportRun,
  findKnob,
  importBundle,
  openStore,
  type FieldCondition,
  type FilterValue,
  type RunFilter,
  type RunListRow,
  type RunSort,
  type RunStore,
  type StoredRun,
} from '../../engine/index.ts';
import { dbOption } from '../options.ts';
import { CliError, note, printJson } from '../output.ts';

/** Options every store subcommand takes. */
export interface StoreCliOptions {
  db?: string;
  json?: boolean;
}

export const jsonOption = () => new Option('--json', 'print one JSON document on stdout');

/**
 * Opens the run store (`--db`, else SEAMLAB_DB, else the user-data folder the app uses), runs `action`, closes it.
 * Store failures become a CliError with the store's message (exit 2 for bad input, 1 otherwise) and, with --json,
 * an `{ error: { code, message } }` document on stdout so scripts always get JSON.
 */
export async function withStore<T>(
  options: StoreCliOptions,
  action: (store: RunStore) => Promise<T> | T,
): Promise<T> {
  let store: RunStore | undefined;
  try {
    store = openStore(options.db ?? defaultDatabasePath());
    if (store.readonly) note(`note: ${store.path} is open read-only: ${store.readonlyReason}`);
    return await action(store);
  } catch (error) {
    throw cliError(error, options.json === true);
  } finally {
    store?.close();
  }
}

function cliError(error: unknown, json: boolean): unknown {
  if (error instanceof CliError) {
    if (json)
      printJson({ error: { code: error.exitCode === 2 ? 'usage' : 'error', message: error.message } });
    return error;
  }
  if (!(error instanceof StoreError)) return error;
  if (json) printJson({ error: { code: error.code, message: error.message } });
  return new CliError(error.message, error.code === StoreErrorCodes.invalidInput ? 2 : 1);
}

/** A usage error (exit 2): bad filter syntax, unknown field, bad number. */
export function usage(message: string): CliError {
  return new CliError(message, 2);
}

// ---- filters and sorts -------------------------------------------------------------------------------------

const FIELD_NAME = /^[A-Za-z0-9_.-]+$/;
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const isColumn = (name: string): boolean =>
  (RUN_COLUMNS as readonly string[]).includes(name) || (METRIC_COLUMNS as readonly string[]).includes(name);

/**
 * What a field name on the command line means, as the store's field: a run column (`seed`, `boundary_kind`,
 * `created_at`), a metric column (`ttfa_ms`, also `ttfaMs`), a knob name the sweep command knows (`overlap`,
 * `crossfade-ms`, `temperature`), or a config path (`boundary.overlapTokens`, `config.sampler.topP`,
 * `provenance.model.kvDtype`).
 */
export function resolveField(name: string): string {
  if (!FIELD_NAME.test(name)) throw usage(`"${name}" is not a field name`);
  if (isColumn(name)) return name;
  if (name.startsWith('config.') || name.startsWith('provenance.')) return name;
  const knob = findKnob(name);
  if (knob) return `config.${knob.path}`;
  if (isColumn(snake(name))) return snake(name);
  if (name.includes('.')) return `config.${name}`;
  if (name in RunConfigSchema.shape) return `config.${name}`;
  throw usage(
    `unknown field "${name}": use a run column (${RUN_COLUMNS.join(', ')}), a metric (${METRIC_COLUMNS.join(', ')}), ` +
      'a sweep knob name (overlap, crossfade-ms, temperature, ...) or a config path such as boundary.overlapTokens',
  );
}

function scalar(text: string): FilterValue {
  const quoted = /^"(.*)"$/s.exec(text) ?? /^'(.*)'$/s.exec(text);
  if (quoted) return quoted[1] as string;
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const FILTER = /^([^<>=!~\s]+)\s*(>=|<=|!=|=|>|<|~)\s*(.*)$/s;

/**
 * One `--filter` expression: `field=value`, `field!=value`, `field>value` (also >=, <, <=), `field~text`
 * (contains), `field=a,b` (any of), `field=null` / `field!=null`. Numbers, true and false are typed; quote a
 * value ("3") to compare it as text.
 */
export function parseFilter(expression: string): FieldCondition {
  const match = FILTER.exec(expression.trim());
  if (!match)
    throw usage(
      `bad filter "${expression}": write field=value, field!=value, field>value, field>=value, field<value, ` +
        'field<=value, field~text or field=a,b (e.g. --filter boundary_kind=overlap-add --filter ttfa_ms<300)',
    );
  const [, name, op, raw] = match as unknown as [string, string, string, string];
  const field = resolveField(name);
  const text = raw.trim();
  if (text === '' && op !== '=' && op !== '!=') throw usage(`filter "${expression}" has no value`);
  if (op === '~') return { field, op: 'like', value: `%${likeEscape(text)}%` };
  if ((op === '=' || op === '!=') && text === 'null')
    return { field, op: op === '=' ? 'is-null' : 'not-null' };
  if ((op === '=' || op === '!=') && text.includes(',') && !/^["'].*["']$/s.test(text))
    return { field, op: op === '=' ? 'in' : 'not-in', value: text.split(',').map((v) => scalar(v.trim())) };
  const value = scalar(text);
  if (op !== '=' && op !== '!=' && typeof value === 'boolean')
    throw usage(`filter "${expression}": ${op} needs a number or text, not ${String(value)}`);
  return { field, op: op as FieldCondition['op'], value };
}

/** `--sort field[:asc|desc]`. */
export function parseSort(expression: string): RunSort {
  const match = /^([^:\s]+)(?::(asc|desc))?$/i.exec(expression.trim());
  if (!match) throw usage(`bad sort "${expression}": write field or field:desc (e.g. --sort ttfa_ms:desc)`);
  return {
    field: resolveField(match[1] as string),
    direction: (match[2]?.toLowerCase() ?? 'asc') as 'asc' | 'desc',
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function dateBound(value: string, end: boolean): string {
  if (!DATE.test(value)) throw usage(`"${value}" is not a date: write 2025-01-31 or 2025-01-31T12:00:00Z`);
  // A bare day as the upper bound includes that whole day.
  if (end && value.length === 10) return `${value}T23:59:59.999Z`;
  return value;
}

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer ${min}..${max}`);
    return n;
  };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

// ---- formatting --------------------------------------------------------------------------------------------

const num = (value: unknown, digits: number): string =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '-';

function boundaryText(row: Pick<RunListRow, 'config'>): string {
  const b = row.config.boundary;
  if (b.kind === 'overlap-add') return `ola ${b.overlapTokens}t/${b.crossfadeMs}ms ${b.shape}`;
  if (b.kind === 'context') return `context ${b.contextTokens}t+${b.lookaheadTokens}`;
  return b.kind;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatRunList(rows: RunListRow[], total: number, offset: number): string {
  if (!rows.length) return total > 0 ? `no runs at offset ${offset} (${total} match)\n` : 'no runs match\n';
  const lines = table([
    [
      'ID',
      'CREATED',
      'STATUS',
      'MODEL',
      'BOUNDARY',
      'ENGINE TTFA ms',
      'RTF',
      'SIM. GAPS',
      'EXCESS CLICK',
      'SNR dB',
      'TAGS',
    ],
    ...rows.map((r) => [
      r.id,
      r.createdAt.slice(0, 16).replace('T', ' '),
      r.status,
      `${r.model}${r.synthetic ? '*' : ''}`,
      boundaryText(r),
      num(r.metrics?.ttfa_ms, 0),
      num(r.metrics?.rtf, 3),
      r.metrics ? String(r.metrics.gap_count ?? '-') : '-',
      num(r.metrics?.median_excess_click_score, 2),
      r.metrics?.snr_identical === 1 ? 'identical' : num(r.metrics?.snr_db, 1),
      r.tags.join(','),
    ]),
  ]);
  const footer = [`${offset + 1}-${offset + rows.length} of ${total}`];
  if (offset + rows.length < total) footer.push(`(--offset ${offset + rows.length} for more)`);
  const synthetic = rows.some((r) => r.synthetic) ? `\n* ${SYNTHETIC_LABEL}` : '';
  return `${lines}\n${footer.join(' ')}${synthetic}\n`;
}

function formatRun(
  run: StoredRun,
  extra: { tags: string[]; notes: { body: string; createdAt: string }[]; audio: string[]; pairs: string[] },
): string {
  const p = run.provenance;
  const m = run.metrics;
  const lines = [
    `run ${run.id}: ${run.status}${run.error ? ` (${run.error})` : ''}`,
    `  created ${run.createdAt}${run.finishedAt ? `, ended ${run.finishedAt}` : ''}`,
    `  model ${p.model.id} (${p.model.family})${p.model.synthetic ? ` - ${SYNTHETIC_LABEL}` : ''}`,
    `  providers ${Object.entries(p.providers)
      .map(([graph, provider]) => `${graph}=${provider}`)
      .join(', ')}; Seamlab ${p.appVersion}, onnxruntime ${p.onnxruntimeVersion}, Node ${p.nodeVersion}`,
    `  machine ${p.machine.platform}/${p.machine.arch}, ${p.machine.cpus} x ${p.machine.cpuModel}`,
    `  text "${run.config.text.length > 80 ? `${run.config.text.slice(0, 77)}...` : run.config.text}" voice ${run.config.voice} seed ${run.config.seed}`,
    `  schedule ${JSON.stringify(run.config.schedule)}`,
    `  boundary ${JSON.stringify(run.config.boundary)}`,
    `  pipeline ${JSON.stringify(run.config.pipeline)}, text source ${JSON.stringify(run.config.textSource)}`,
  ];
  if (m)
    lines.push(
      `  engine TTFA ${num(m.ttfaMs, 1)} ms, wall ${num(m.wallMs, 0)} ms, audio ${num(m.audioMs, 0)} ms, rtf ${num(m.rtf, 3)}, ` +
        `${m.tokens} tokens`,
      `  playback ${m.playback.mode}: ${m.playback.gapCount} engine-simulated gaps (${num(m.playback.totalGapMs, 1)} ms, longest ` +
        `${num(m.playback.longestGapMs, 1)} ms)`,
      `  boundaries ${m.boundaries.count}: excess click over the reference median ` +
        `${num(m.boundaries.medianExcessClickScore, 2)}, max ${num(m.boundaries.maxExcessClickScore, 2)}; absolute ` +
        `click median ${num(m.boundaries.medianClickScore, 2)}, max ${num(m.boundaries.maxClickScore, 2)}, audible ` +
        `${m.boundaries.audibleClicks}`,
      `  quality vs offline: snr ${m.quality.identical ? 'identical (infinite)' : `${num(m.quality.snrDb, 1)} dB`}, lsd ${num(m.quality.lsdDb, 2)} dB, mcd ` +
        `${num(m.quality.mcdDb, 2)} dB`,
    );
  lines.push(
    `  ${run.chunks.length} chunks, ${run.boundaries.length} boundaries; audio: ${extra.audio.join(', ') || 'none'}`,
  );
  if (extra.tags.length) lines.push(`  tags: ${extra.tags.join(', ')}`);
  for (const n of extra.notes) lines.push(`  note (${n.createdAt}): ${n.body}`);
  for (const pair of extra.pairs) lines.push(`  pair ${pair}`);
  return `${lines.join('\n')}\n`;
}

// ---- the command -------------------------------------------------------------------------------------------

interface ListOptions extends StoreCliOptions {
  filter: string[];
  sort: string[];
  tag: string[];
  text?: string;
  status: string[];
  since?: string;
  until?: string;
  sweep?: string;
  limit: number;
  offset: number;
}

/** `seamlab runs list|show|export|import|tag|note|delete`: the run store from the command line. */
export function runsCommand(): Command {
  const runs = new Command('runs').description(
    'stored runs: list (filter, sort, page), show, export (WAV + JSON, or a bundle), import, tag, note, delete',
  );

  runs
    .command('list')
    .description('list runs, newest first unless sorted')
    .option(
      '--filter <expr>',
      'field=value, field!=value, field>value (>=, <, <=), field~text, field=a,b; repeatable (all must hold)',
      collect,
      [],
    )
    .option('--sort <field[:desc]>', 'sort by a column, metric or config path; repeatable', collect, [])
    .option('--tag <tag>', 'only runs with this tag; repeatable (all of them)', collect, [])
    .option('--text <words>', 'runs whose text starts words with these, or whose notes or id contain it')
    .option('--status <status>', 'finished, failed, cancelled, interrupted, running; repeatable', collect, [])
    .option('--since <date>', 'created on or after (2025-01-31 or an ISO time)')
    .option('--until <date>', 'created on or before (a bare day includes all of it)')
    .option('--sweep <id>', 'only the runs of this sweep')
    .option('--limit <n>', 'rows per page (1..1000)', integer(1, 1000), 50)
    .option('--offset <n>', 'rows to skip', integer(0, Number.MAX_SAFE_INTEGER), 0)
    .addOption(jsonOption())
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nFields: run columns (seed, model, boundary_kind, status, created_at, ...), metrics (ttfa_ms, rtf, gap_count,\n' +
        'median_click_score, snr_db, ...), sweep knob names (overlap, crossfade-ms, temperature, ...) or config paths\n' +
        '(boundary.overlapTokens, sampler.topP, provenance.model.kvDtype).\n' +
        'Example: seamlab runs list --filter boundary_kind=overlap-add --filter ttfa_ms<300 --sort rtf:desc',
    )
    .action(async (options: ListOptions) => {
      await withStore(options, (store) => {
        const result = store.listRuns({
          filter: listFilter(options),
          sort: options.sort.map(parseSort),
          page: { limit: options.limit, offset: options.offset },
        });
        if (options.json)
          printJson({ total: result.total, offset: options.offset, limit: options.limit, rows: result.rows });
        else process.stdout.write(formatRunList(result.rows, result.total, options.offset));
      });
    });

  runs
    .command('show <id>')
    .description('one run in full: configuration, provenance, metrics, tags, notes (an id prefix will do)')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (idOrPrefix: string, options: StoreCliOptions) => {
      await withStore(options, (store) => {
        const id = store.resolveRunId(idOrPrefix);
        const run = store.getRun(id);
        if (!run) throw new StoreError(StoreErrorCodes.notFound, `no run ${idOrPrefix}`);
        const tags = store.getTags(id);
        const notes = store.getNotes(id);
        const audio = store.listAudio(id);
        const pairs = store.listPairs(id);
        const sweep = store.listRuns({ filter: { where: [{ field: 'id', op: '=', value: id }] } }).rows[0]
          ?.sweep;
        if (options.json)
          printJson({
            run,
            synthetic: run.provenance.model.synthetic,
            ...(run.provenance.model.synthetic ? { label: SYNTHETIC_LABEL } : {}),
            tags,
            notes,
            audio,
            pairs,
            sweep: sweep ?? null,
          });
        else
          process.stdout.write(
            formatRun(run, {
              tags,
              notes,
              audio: audio.map(
                (a) =>
                  `${a.kind}${a.kind === 'reference-repeat' ? ` #${a.repeatIndex}` : ''} (${a.sampleCount} samples)`,
              ),
              pairs: pairs.map((p) => `${p.id}${p.label ? ` "${p.label}"` : ''}: ${p.runA} vs ${p.runB}`),
            }),
          );
      });
    });

  runs
    .command('export <ids...>')
    .description(
      'write runs as WAV (streamed + offline reference, float32) with a JSON sidecar, or one bundle',
    )
    .requiredOption('--out <dir>', 'folder to write into (with --bundle, a .jsonl path also works)')
    .option('--bundle', 'one .seamlab-bundle.jsonl file another Seamlab imports losslessly')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (idsOrPrefixes: string[], options: StoreCliOptions & { out: string; bundle?: boolean }) => {
      await withStore(options, async (store) => {
        const ids = idsOrPrefixes.map((id) => store.resolveRunId(id));
        const out = path.resolve(options.out);
        if (options.bundle) {
          const file = out.endsWith('.jsonl')
            ? out
            : path.join(out, `seamlab-${ids.length}-runs-${stamp()}.seamlab-bundle.jsonl`);
          const result = exportBundle(store, ids, file);
          if (options.json) printJson({ bundle: result });
          else
            process.stdout.write(
              `wrote ${result.file}: ${result.runs} run(s), ${result.sweeps} sweep(s), ${result.pairs} pair(s)\n`,
            );
          return;
        }
        fs.mkdirSync(out, { recursive: true });
        const files: string[] = [];
        for (const id of ids) files.push(...(await exportRun(store, id, out)).files);
        if (options.json) printJson({ dir: out, files });
        else process.stdout.write(`${files.map((f) => `wrote ${f}`).join('\n')}\n`);
      });
    });

  runs
    .command('import <bundle>')
    .description('import a bundle: new ids, runs already here (same config and audio) skipped')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (bundle: string, options: StoreCliOptions) => {
      if (!fs.existsSync(bundle)) throw cliError(usage(`no such file: ${bundle}`), options.json === true);
      await withStore(options, async (store) => {
        const report = await importBundle(store, bundle);
        if (options.json) printJson(report);
        else {
          const lines = [
            `imported ${report.imported.length} run(s), ${report.sweeps.length} sweep(s), ${report.pairs.length} pair(s)`,
            ...report.imported.map((r) => `  ${r.from} -> ${r.to}`),
          ];
          if (report.skipped.length)
            lines.push(
              `skipped ${report.skipped.length} run(s) already stored:`,
              ...report.skipped.map((s) => `  ${s.from} = ${s.existing}`),
            );
          process.stdout.write(`${lines.join('\n')}\n`);
        }
      });
    });

  runs
    .command('tag <id> <tags...>')
    .description('add tags to a run (or take them off with --remove)')
    .option('--remove', 'remove these tags instead')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (idOrPrefix: string, tags: string[], options: StoreCliOptions & { remove?: boolean }) => {
      await withStore(options, (store) => {
        const id = store.resolveRunId(idOrPrefix);
        if (options.remove) store.removeTags(id, tags);
        else store.addTags(id, tags);
        const now = store.getTags(id);
        if (options.json) printJson({ id, tags: now });
        else process.stdout.write(`${id}: ${now.length ? now.join(', ') : '(no tags)'}\n`);
      });
    });

  runs
    .command('note <id> <text...>')
    .description('add a note to a run')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (idOrPrefix: string, words: string[], options: StoreCliOptions) => {
      await withStore(options, (store) => {
        const saved = store.addNote(store.resolveRunId(idOrPrefix), words.join(' '));
        if (options.json) printJson(saved);
        else process.stdout.write(`noted on ${saved.runId}: ${saved.body}\n`);
      });
    });

  runs
    .command('delete <ids...>')
    .description(
      'delete runs with their audio, tags and notes (all or nothing; not while a pair or listening test uses one)',
    )
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async (idsOrPrefixes: string[], options: StoreCliOptions) => {
      await withStore(options, (store) => {
        const deleted = store.deleteRuns(idsOrPrefixes.map((id) => store.resolveRunId(id)));
        if (options.json) printJson({ deleted });
        else process.stdout.write(`deleted ${deleted.length} run(s): ${deleted.join(', ')}\n`);
      });
    });

  return runs;
}

function listFilter(options: ListOptions): RunFilter {
  const statuses = ['running', 'finished', 'failed', 'cancelled', 'interrupted'] as const;
  for (const s of options.status)
    if (!(statuses as readonly string[]).includes(s))
      throw usage(`unknown status "${s}": choose from ${statuses.join(', ')}`);
  return {
    where: options.filter.map(parseFilter),
    ...(options.status.length ? { status: options.status as (typeof statuses)[number][] } : {}),
    ...(options.tag.length ? { tagsAll: options.tag } : {}),
    ...(options.text ? { search: options.text } : {}),
    ...(options.since ? { createdFrom: dateBound(options.since, false) } : {}),
    ...(options.until ? { createdTo: dateBound(options.until, true) } : {}),
    ...(options.sweep ? { sweepId: options.sweep } : {}),
  };
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}
