import { Command } from 'commander';
import { z } from 'zod';
import { RunConfigSchema, type RunConfig, type RunSummary } from '../../contract/index.ts';
import { createEngine, writeWavFile, type ExperimentEvent } from '../../engine/index.ts';
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
    .option('--json', 'print the full result as JSON')
    .action(
      async (
        flags: RunFlags & {
          out?: string;
          referenceOut?: string;
          save: boolean;
          json?: boolean;
          db?: string;
          models?: string;
        },
      ) => {
        const config = validateRunConfig(runConfigFromFlags(flags));
        const engine = createEngine({ host: 'server', databasePath: flags.db, modelsDir: flags.models });
        const stopOnSignal = () => void engine.context.runs.cancelAll();
        process.once('SIGINT', stopOnSignal);
        try {
          const started = engine.context.runs.start(config, {
            save: flags.save,
            onEvent: (event) => {
              if (!flags.json) progress(event);
            },
          });
          const output = await started.done;
          if (flags.out) await writeWavFile(flags.out, output.stream, output.summary.sampleRate);
          if (flags.referenceOut)
            await writeWavFile(flags.referenceOut, output.reference, output.summary.sampleRate);
          if (flags.json) printJson({ ...output.summary, saved: flags.save, out: flags.out ?? null });
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

const ms = (x: number) => `${x.toFixed(1)} ms`;

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
