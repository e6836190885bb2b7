import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { z } from 'zod';
import { RunConfigSchema, type RunConfig, type RunSummary } from '../../contract/index.ts';
import {
  createEngine,
  repeatReport,
  writeWavFile,
  type ExperimentEvent,
  type RepeatReport,
  type RunOutput,
} from '../../engine/index.ts';
import { CliError, note, printJson } from '../output.ts';
import { addRunOptions, runConfigFromFlags, type RunFlags } from '../run-options.ts';

/** Validates a config built from flags; an invalid value or combination is a usage error (exit 2). */
export function validateRunConfig(input: unknown): RunConfig {
  const parsed = RunConfigSchema.safeParse(input);
  if (!parsed.success) throw new CliError(`invalid run configuration:\n${z.prettifyError(parsed.error)}`, 2);
  return parsed.data;
}

export function runCommand(): Command {
  return addRunOptions(new Command('run'))
    .description('one streaming run: chunking strategy, metrics, offline reference; saved to the run store')
    .option('--out <file>', 'write the streamed audio as WAV')
    .option('--reference-out <file>', 'write the offline reference as WAV')
    .option('--no-save', 'do not record the run in the store')
    .option(
      '--repeat <n>',
      'run the configuration n times, one after another, and report the median and spread of every timing metric',
      repeatCount,
      1,
    )
    .option('--json', 'print the full result as JSON')
    .action(
      async (
        flags: RunFlags & {
          out?: string;
          referenceOut?: string;
          save: boolean;
          json?: boolean;
          repeat: number;
          db?: string;
          models?: string;
        },
      ) => {
        const config = validateRunConfig(runConfigFromFlags(flags));
        const engine = createEngine({ host: 'server', databasePath: flags.db, modelsDir: flags.models });
        const stopOnSignal = () => void engine.context.runs.cancelAll();
        process.once('SIGINT', stopOnSignal);
        try {
          const repeatGroup = flags.repeat > 1 ? randomUUID() : undefined;
          const outputs: RunOutput[] = [];
          for (let i = 0; i < flags.repeat; i++) {
            if (flags.repeat > 1) note(`repeat ${i + 1} of ${flags.repeat}`);
            const started = engine.context.runs.start(config, {
              save: flags.save,
              ...(repeatGroup ? { repeatGroup } : {}),
              onEvent: (event) => {
                if (!flags.json) progress(event);
              },
            });
            outputs.push(await started.done);
          }
          if (repeatGroup) {
            const report = repeatReport(outputs.map((o) => o.summary.metrics));
            if (flags.json)
              printJson({
                repeatGroup,
                saved: flags.save,
                repeat: report,
                runs: outputs.map((o) => o.summary),
              });
            else {
              for (const o of outputs) process.stdout.write(formatSummary(o.summary, undefined, flags.save));
              process.stdout.write(formatRepeatReport(repeatGroup, report));
            }
            return;
          }
          const output = outputs[0]!;
          if (flags.out) await writeWavFile(flags.out, output.stream, output.summary.sampleRate);
          if (flags.referenceOut)
            await writeWavFile(flags.referenceOut, output.reference, output.summary.sampleRate);
          const conditions = output.summary.provenance.conditions;
          if (flags.json)
            printJson({
              ...output.summary,
              saved: flags.save,
              out: flags.out ?? null,
              // Repeated at the top so a script cannot miss a cold or contended measurement.
              cold: conditions?.cold ?? null,
              contended: conditions?.contended ?? null,
            });
          else process.stdout.write(formatSummary(output.summary, flags.out, flags.save));
        } finally {
          process.off('SIGINT', stopOnSignal);
          await engine.close();
        }
      },
    );
}

function progress(event: ExperimentEvent): void {
  if (event.type === 'chunk') {
    const c = event.chunk;
    note(
      `  chunk ${c.index}: tokens [${c.tokenStart}, ${c.tokenEnd}) ${c.audioMs.toFixed(0)} ms audio, ` +
        `ready at ${c.emittedAtMs.toFixed(0)} ms (decode ${c.decodeMs.toFixed(1)} ms)`,
    );
  } else if (event.type === 'started' && event.provenance.model.synthetic) {
    note(`  model "${event.provenance.model.id}" is a synthetic test model: its audio is not speech`);
  }
}

function repeatCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new CliError(`--repeat must be a whole number 1..1000, got "${value}"`, 2);
  return n;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

/** One line per timing metric: median, IQR and range over the repeats. */
export function formatRepeatReport(group: string, report: RepeatReport): string {
  const num = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));
  const lines = Object.entries(report.metrics).map(
    ([name, s]) =>
      `  ${name.padEnd(28)} median ${num(s.median)}  IQR ${num(s.q1)}..${num(s.q3)}  range ${num(s.min)}..${num(s.max)}`,
  );
  return [`repeat group ${group}: ${report.n} runs; ${report.spread}`, ...lines, ''].join('\n');
}

/** Cold (loaded or warmed for it) and contended (other runs overlapped its clock) runs say so. */
export function conditionsLine(summary: RunSummary): string {
  const c = summary.provenance.conditions;
  if (!c) return '';
  const parts: string[] = [];
  if (c.cold) parts.push(`cold: waited ${ms(c.warmupMs)} for model loading/warm-up (outside its clock)`);
  if (c.queuedMs >= 1) parts.push(`queued ${ms(c.queuedMs)}`);
  if (c.contended)
    parts.push(
      `CONTENDED: other runs overlapped ${ms(c.overlapMs)} of its clock (up to ${c.otherRunsMax} at once)`,
    );
  parts.push(`load average ${c.loadAvgStart.map((x) => x.toFixed(2)).join(' ')}`);
  return `  ${parts.join(' · ')}`;
}

export function formatSummary(summary: RunSummary, out: string | undefined, saved: boolean): string {
  const m = summary.metrics;
  const synthetic = summary.provenance.model.synthetic ? ' (synthetic test model)' : '';
  return [
    `run ${summary.id}${saved ? '' : ' (not saved)'}: model ${summary.provenance.model.id}${synthetic}`,
    `  engine TTFA ${ms(m.ttfaMs)} · wall ${ms(m.wallMs)} · audio ${ms(m.audioMs)} · RTF ${m.rtf.toFixed(3)} · ${m.tokens} tokens`,
    `  ${summary.chunks.length} chunks, ${m.boundaries.count} boundaries, median excess click ${m.boundaries.medianExcessClickScore?.toFixed(2) ?? '-'} ` +
      `(absolute ${m.boundaries.medianClickScore?.toFixed(2) ?? '-'}), ${m.boundaries.audibleClicks} audible`,
    `  playback (${m.playback.mode}, jitter ${m.playback.jitterBufferMs} ms): ${m.playback.gapCount} engine-simulated gaps, ${ms(m.playback.totalGapMs)} silent`,
    `  vs offline reference: SNR ${m.quality.identical ? 'identical (infinite)' : `${m.quality.snrDb?.toFixed(1) ?? '-'} dB`}`,
    conditionsLine(summary),
    `  providers: ${Object.entries(summary.provenance.providers)
      .map(([g, p]) => `${g}=${p}`)
      .join(', ')}`,
    summary.provenance.defaultsApplied.length > 0
      ? `  defaults applied: ${summary.provenance.defaultsApplied.join('; ')}`
      : '',
    out ? `  audio: ${out}` : '',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}
