import { Command } from 'commander';
import { createEngine, synthesize, writeWavFile } from '../../engine/index.ts';
import { dbOption, modelsOption } from '../options.ts';
import { note, printJson } from '../output.ts';
import { numberArg, samplerPresetOption } from '../run-options.ts';
import { validateRunConfig } from './run.ts';

/** `seamlab synth`: plain text-to-speech (all tokens, then one decode) with the model's own timings. */
export function synthCommand(): Command {
  return new Command('synth')
    .description('text to a WAV file in one pass (no chunking): tokens, timings, provider')
    .requiredOption('--text <text>', 'the text to speak')
    .option('--model <id>', 'model id', 'fixture')
    .option('--voice <name|file>', 'voice name or audio file', 'default')
    .option('--language <code>', "the text's language (ISO 639-1; multilingual models)", 'en')
    .option('--seed <n>', 'sampler seed', numberArg, 1)
    .option('--greedy', 'argmax decoding')
    .addOption(samplerPresetOption())
    .option('--temperature <t>', 'sampler temperature', numberArg)
    .option('--max-tokens <n>', 'max new speech tokens', numberArg)
    .option('--provider <name...>', 'execution providers in order of preference')
    .option('--out <file>', 'output WAV', 'out.wav')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .addOption(modelsOption())
    .action(
      async (flags: {
        text: string;
        model: string;
        voice: string;
        language: string;
        seed: number;
        greedy?: boolean;
        samplerPreset?: 'upstream' | 'model-card';
        temperature?: number;
        maxTokens?: number;
        provider?: string[];
        out: string;
        json?: boolean;
        db?: string;
        models?: string;
      }) => {
        const config = validateRunConfig({
          model: flags.model,
          voice: flags.voice,
          language: flags.language,
          text: flags.text,
          seed: flags.seed,
          sampler: {
            ...(flags.samplerPreset ? { preset: flags.samplerPreset } : {}),
            ...(flags.greedy ? { greedy: true } : {}),
            ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
          },
          ...(flags.maxTokens !== undefined ? { maxNewTokens: flags.maxTokens } : {}),
          ...(flags.provider ? { runtime: { providers: flags.provider } } : {}),
        });
        const engine = createEngine({ host: 'server', databasePath: flags.db, modelsDir: flags.models });
        try {
          const result = await synthesize(engine.context.models, config);
          await writeWavFile(flags.out, result.audio, result.sampleRate);
          const steps = result.timings.steps.map((s) => s.totalMs);
          const perStepMs = steps.length > 0 ? steps.reduce((a, b) => a + b, 0) / steps.length : 0;
          const report = {
            model: result.modelId,
            synthetic: result.synthetic,
            normalizedText: result.normalizedText,
            tokens: result.tokens.length,
            paddingTokens: result.paddingTokens,
            droppedTokens: result.droppedTokens,
            stoppedBy: result.stoppedBy,
            ignoredSettings: result.ignoredSettings,
            defaultsApplied: result.defaultsApplied,
            generation: {
              preset: result.preset,
              sampler: result.sampler,
              exaggeration: result.exaggeration,
              maxNewTokens: result.maxNewTokens,
            },
            audioSeconds: result.audio.length / result.sampleRate,
            providers: result.providers,
            timings: {
              loadMs: result.timings.loadMs,
              voiceMs: result.timings.voiceMs,
              prefillMs: result.timings.prefillMs,
              perStepMs,
              generationMs: result.timings.generationWallMs,
              decodeMs: result.timings.decodeMs,
              decodeMsPerToken:
                result.tokens.length > 0 ? result.timings.decodeRunMs / result.tokens.length : 0,
            },
            out: flags.out,
          };
          if (flags.json) printJson(report);
          else {
            if (result.synthetic) note('synthetic test model: the audio is a test signal, not speech');
            for (const ignored of result.ignoredSettings) note(`not used by this model: ${ignored}`);
            if (result.defaultsApplied.length > 0)
              note(`defaults applied: ${result.defaultsApplied.join('; ')}`);
            process.stdout.write(
              `${report.tokens} tokens (${report.stoppedBy}), ${report.audioSeconds.toFixed(2)} s audio -> ${flags.out}\n` +
                `prefill ${report.timings.prefillMs.toFixed(1)} ms, ${report.timings.perStepMs.toFixed(2)} ms/step, ` +
                `decode ${report.timings.decodeMs.toFixed(1)} ms; providers ${JSON.stringify(report.providers)}\n`,
            );
          }
        } finally {
          await engine.close();
        }
      },
    );
}
