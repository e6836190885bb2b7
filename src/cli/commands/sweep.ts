import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import type { SweepProgress, SweepRow } from '../../contract/methods/sweeps.ts';
import {
  createEngine,
  createSweepRecord,
  loadSweepPlan,
  planSweep,
  runSweep,
  SweepGridError,
  SweepNotFoundError,
  sweepTitle,
  type SweepOutcome,
  type SweepPlan,
} from '../../engine/index.ts';
import { CliError, note, printJson } from '../output.ts';
import { addRunOptions, runConfigFromFlags, type RunFlags } from '../run-options.ts';

interface SweepFlags extends RunFlags {
  param: string[];
  repeat: number;
  varySeed?: boolean;
  name?: string;
  resume?: string;
  save: boolean;
  json?: boolean;
  db?: string;
  models?: string;
}

const SYNTHETIC_NOTE =
  'synthetic test model: generated fixture, not real speech; its speech quality and absolute speed mean nothing';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return n;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

type Sources = (name: string) => string | undefined;

const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * The configuration every grid point starts from. Unlike `seamlab run`, a strategy flag left at its default
 * leaves its kind open, so `--param overlap=0..6` alone means overlap-add and `--crossfade-ms 20` without
 * `--boundary` still counts (the grid fills in kinds and validates every point).
 */
export function sweepBase(flags: RunFlags, source: Sources): Record<string, unknown> {
  const base = runConfigFromFlags(flags) as Record<string, unknown>;
  const explicit = (option: string) => source(option) !== undefined && source(option) !== 'default';
  const group = (kindKey: string, kind: string, option: string, fields: Record<string, unknown>) => {
    const node = defined({ [kindKey]: explicit(option) ? kind : undefined, ...fields });
    return Object.keys(node).length ? node : undefined;
  };
  const boundary = group('kind', flags.boundary, 'boundary', {
    overlapTokens: flags.overlap,
    crossfadeMs: flags.crossfadeMs,
    shape: flags.shape,
    contextTokens: flags.contextTokens,
    lookaheadTokens: flags.lookahead,
    fadeMs: flags.fadeMs,
  });
  const pipeline = group('kind', flags.pipeline, 'pipeline', { queueDepth: flags.queueDepth });
  const schedule = group('kind', flags.schedule, 'schedule', {
    tokens: flags.chunkTokens,
    first: flags.firstChunk,
    sizes: flags.sizes?.split(',').map(Number),
  });
  const textSource = group('mode', flags.textSource, 'textSource', {
    minChars: flags.minChars,
    maxChars: flags.maxChars,
    tokensPerSecond: flags.rate,
    firstTokenDelayMs: flags.firstTokenDelayMs,
    recordingPath: flags.recording,
  });
  return defined({ ...base, boundary, pipeline, schedule, textSource });
}

function progressBar(total: number): { update: (p: SweepProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'sweep {bar} {value}/{total} runs | {where} | {failed} failed | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { where: 'starting', failed: 0 });
  return {
    update(p) {
      const where = p.current
        ? `point ${p.current.pointIndex + 1}, repeat ${p.current.repeatIndex + 1}`
        : p.state === 'running'
          ? ''
          : p.state;
      bar.update(p.completed, { where, failed: p.failed });
    },
    stop() {
      bar.stop();
    },
  };
}

/** One flat, pipe-friendly record per run: the grid point, the repeat, the run id and its key metrics. */
export function outputRow(sweepId: string | null, row: SweepRow, plan: SweepPlan): Record<string, unknown> {
  const named = Object.fromEntries(plan.params.map((p) => [p.name, row.point[p.path] ?? null]));
  return {
    sweepId,
    point: row.pointIndex,
    repeat: row.repeatIndex,
    ...named,
    runId: row.runId,
    status: row.status,
    resumed: row.resumed,
    ...(row.synthetic ? { synthetic: true, label: 'synthetic test model' } : {}),
    ...(row.metrics ?? {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

export function sweepCommand(): Command {
  return addRunOptions(new Command('sweep'), { textRequired: false })
    .description(
      'run a grid of configurations with repeats (one run after another), linked in the store as one sweep',
    )
    .option(
      '--param <name=values>',
      'a knob and its values, repeatable: overlap=0..6, crossfade-ms=10,20,40, temperature=0..1:0.25, shape=linear,hann',
      collect,
      [],
    )
    .option('--repeat <n>', 'runs per grid point', positiveInt, 1)
    .option('--vary-seed', 'repeat r uses seed + r (sampling spread); by default repeats share the seed')
    .option('--name <name>', 'a name for the sweep (default: made from the knobs)')
    .option('--resume <sweepId>', 'continue a stored sweep, skipping runs that already finished')
    .option(
      '--no-save',
      'do not record the runs (and the sweep) in the store; such a sweep cannot be resumed',
    )
    .option(
      '--json',
      'print one JSON document (sweep id and one row per run) instead of one JSON line per run',
    )
    .addHelpText(
      'after',
      '\nWithout --json every run prints one JSON line on stdout as it finishes; progress goes to stderr.\n' +
        'Knobs: overlap, crossfade-ms, shape, context-tokens, lookahead, fade-ms, queue-depth, jitter-ms,\n' +
        'chunk-tokens, first-chunk, temperature, top-p, top-k, min-p, cfg-weight, seed, boundary, pipeline,\n' +
        'schedule, text-source, model, ... or any config path such as boundary.crossfadeMs.',
    )
    .action(async (flags: SweepFlags, command: Command) => {
      if (flags.resume && !flags.save) throw new CliError('--resume needs the store: drop --no-save', 2);
      if (!flags.resume && !flags.text)
        throw new CliError("required option '--text <text>' not specified", 2);
      if (!flags.resume && !flags.param.length)
        throw new CliError('give at least one --param, e.g. --param overlap=0..6', 2);

      const engine = createEngine({ host: 'server', databasePath: flags.db, modelsDir: flags.models });
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      let outcome: SweepOutcome;
      let plan: SweepPlan;
      let sweepId: string | null = null;
      try {
        const ctx = engine.context;
        if (flags.resume) {
          plan = loadSweepPlan(ctx.store(), flags.resume);
          sweepId = flags.resume;
        } else {
          plan = planSweep({
            base: sweepBase(flags, (name) => command.getOptionValueSource(name)),
            params: flags.param,
            repeats: flags.repeat,
            varySeed: flags.varySeed ?? false,
          });
          if (flags.save) sweepId = createSweepRecord(ctx.store(), plan, flags.name);
        }
        const total = plan.points.length * plan.repeats;
        note(
          `sweep ${sweepId ?? '(not saved)'}: ${sweepTitle(plan)}: ${plan.points.length} points x ${plan.repeats} ` +
            `repeat(s) = ${total} runs`,
        );
        for (const line of plan.notes) note(`  note: ${line}`);
        const bar = progressBar(total);
        let warned = false;
        try {
          outcome = await runSweep({ store: ctx.store, runs: ctx.runs }, plan, {
            sweepId,
            save: flags.save,
            signal: abort.signal,
            onProgress: (p) => {
              bar.update(p);
              if (p.row?.synthetic && !warned) {
                warned = true;
                note(`\n  ${SYNTHETIC_NOTE}`);
              }
              if (p.row && !flags.json)
                process.stdout.write(`${JSON.stringify(outputRow(sweepId, p.row, plan))}\n`);
            },
          });
        } finally {
          bar.stop();
        }
      } catch (error) {
        if (error instanceof SweepGridError) throw new CliError(error.message, 2);
        if (error instanceof SweepNotFoundError) throw new CliError(error.message, 2);
        throw error;
      } finally {
        process.off('SIGINT', stop);
        await engine.close();
      }

      const synthetic = outcome.rows.some((r) => r.synthetic);
      if (flags.json)
        printJson({
          sweepId,
          name: flags.name ?? sweepTitle(plan),
          saved: flags.save,
          state: outcome.state,
          params: plan.params,
          points: plan.points.length,
          repeats: plan.repeats,
          total: outcome.total,
          failed: outcome.failed,
          resumed: outcome.resumed,
          notes: plan.notes,
          // Per point: median and spread over its repeats (the spread's definition is in each summary).
          pointSummaries: outcome.pointSummaries,
          ...(synthetic ? { synthetic: true, label: SYNTHETIC_NOTE } : {}),
          rows: outcome.rows.map((row) => outputRow(sweepId, row, plan)),
        });
      if (plan.repeats > 1 && !flags.json)
        for (const p of outcome.pointSummaries) {
          const t = p.metrics.ttfaMs;
          if (t)
            note(
              `point ${p.pointIndex}: TTFA median ${t.median.toFixed(1)} ms, IQR ${t.q1.toFixed(1)}..${t.q3.toFixed(1)}, ` +
                `range ${t.min.toFixed(1)}..${t.max.toFixed(1)} over ${t.n} repeats`,
            );
        }
      if (outcome.state === 'cancelled') {
        note(
          sweepId
            ? `sweep cancelled after ${outcome.rows.length} of ${outcome.total} runs; resume with: seamlab sweep --resume ${sweepId}`
            : `sweep cancelled after ${outcome.rows.length} of ${outcome.total} runs`,
        );
        process.exitCode = 130;
      } else if (outcome.failed > 0) {
        note(`${outcome.failed} of ${outcome.total} runs failed (see their "error")`);
        process.exitCode = 1;
      }
    });
}
