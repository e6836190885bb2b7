import { type Command, InvalidArgumentError, Option } from 'commander';
import type { RunConfigInput } from '../contract/index.ts';
import { dbOption, modelsOption } from './options.ts';

/** Parses a number option, with the option's name in the error. */
export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(`"${value}" is not a number`);
  return n;
}

export interface RunFlags {
  model: string;
  voice: string;
  language: string;
  text: string;
  seed: number;
  textSource: string;
  minChars?: number;
  maxChars?: number;
  rate?: number;
  firstTokenDelayMs?: number;
  recording?: string;
  schedule: string;
  chunkTokens?: number;
  firstChunk?: number;
  sizes?: string;
  boundary: string;
  overlap?: number;
  crossfadeMs?: number;
  shape?: string;
  contextTokens?: number;
  lookahead?: number;
  fadeMs?: number;
  pipeline: string;
  queueDepth?: number;
  jitterMs?: number;
  playback: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  minP?: number;
  repetitionPenalty?: number;
  cfgWeight?: number;
  greedy?: boolean;
  samplerPreset?: 'upstream' | 'model-card';
  exaggeration?: number;
  maxTokens?: number;
  provider?: string[];
  threads?: number;
  noiseFloorRepeats?: number;
}

/** The options every command that builds a RunConfig shares (run, sweep, stream's strategy flags). */
export function addRunOptions(command: Command, { textRequired = true } = {}): Command {
  const text = new Option('--text <text>', 'the text to speak');
  if (textRequired) text.makeOptionMandatory();
  return command
    .addOption(new Option('--model <id>', 'model id under the models folder').default('fixture'))
    .addOption(new Option('--voice <name|file>', 'voice name or audio file').default('default'))
    .addOption(
      new Option('--language <code>', "the text's language (ISO 639-1; multilingual models)").default('en'),
    )
    .addOption(text)
    .addOption(new Option('--seed <n>', 'sampler seed').argParser(numberArg).default(1))
    .addOption(
      new Option('--text-source <mode>', 'how text reaches synthesis')
        .choices(['whole', 'sentences', 'segments', 'llm-stream'])
        .default('whole'),
    )
    .addOption(
      new Option('--min-chars <n>', 'sentences/segments: merge fragments shorter than this').argParser(
        numberArg,
      ),
    )
    .addOption(new Option('--max-chars <n>', 'segments: split longer segments').argParser(numberArg))
    .addOption(new Option('--rate <tokens-per-s>', 'llm-stream: text tokens per second').argParser(numberArg))
    .addOption(
      new Option('--first-token-delay-ms <ms>', 'llm-stream: delay before the first text token').argParser(
        numberArg,
      ),
    )
    .addOption(new Option('--recording <file>', 'llm-stream: a recorded [{t, text}] stream to replay'))
    .addOption(
      new Option('--schedule <kind>', 'chunk schedule')
        .choices(['fixed', 'first-then-fixed', 'growing'])
        .default('fixed'),
    )
    .addOption(
      new Option('--chunk-tokens <n>', 'tokens per chunk (fixed, first-then-fixed)').argParser(numberArg),
    )
    .addOption(
      new Option('--first-chunk <n>', 'first-then-fixed: tokens in the first chunk').argParser(numberArg),
    )
    .addOption(new Option('--sizes <list>', 'growing: chunk sizes, e.g. 25,50,100'))
    .addOption(
      new Option('--boundary <kind>', 'boundary treatment')
        .choices(['none', 'overlap-add', 'context', 'stateful'])
        .default('none'),
    )
    .addOption(new Option('--overlap <tokens>', 'overlap-add: overlap tokens').argParser(numberArg))
    .addOption(new Option('--crossfade-ms <ms>', 'overlap-add: crossfade length').argParser(numberArg))
    .addOption(
      new Option('--shape <shape>', 'overlap-add: crossfade shape').choices([
        'linear',
        'equal-power',
        'hann',
        'hamming',
      ]),
    )
    .addOption(
      new Option('--context-tokens <n>', 'context: tokens of left context re-decoded').argParser(numberArg),
    )
    .addOption(
      new Option('--lookahead <n>', 'context: look-ahead tokens held back (0..3)').argParser(numberArg),
    )
    .addOption(new Option('--fade-ms <ms>', 'context: fade-in at each chunk start').argParser(numberArg))
    .addOption(
      new Option('--pipeline <kind>', 'pipeline').choices(['sequential', 'parallel']).default('sequential'),
    )
    .addOption(
      new Option('--queue-depth <n>', 'parallel: chunks generation may run ahead').argParser(numberArg),
    )
    .addOption(new Option('--jitter-ms <ms>', 'playback jitter buffer').argParser(numberArg))
    .addOption(
      new Option('--playback <mode>', 'playback model')
        .choices(['realtime', 'gather-then-play'])
        .default('realtime'),
    )
    .addOption(new Option('--temperature <t>', 'sampler temperature (0 = greedy)').argParser(numberArg))
    .addOption(new Option('--top-p <p>').argParser(numberArg))
    .addOption(new Option('--top-k <k>').argParser(numberArg))
    .addOption(new Option('--min-p <p>').argParser(numberArg))
    .addOption(new Option('--repetition-penalty <x>').argParser(numberArg))
    .addOption(
      new Option('--cfg-weight <w>', 'classifier-free guidance weight (0 = off)').argParser(numberArg),
    )
    .addOption(new Option('--greedy', "argmax decoding (the model cards' setting)"))
    .addOption(samplerPresetOption())
    .addOption(new Option('--exaggeration <x>').argParser(numberArg))
    .addOption(new Option('--max-tokens <n>', 'max new speech tokens').argParser(numberArg))
    .addOption(
      new Option('--provider <name...>', 'execution providers in order of preference (cpu is the fallback)'),
    )
    .addOption(new Option('--threads <n>', 'intra-op threads (0 = default)').argParser(numberArg))
    .addOption(
      new Option('--noise-floor-repeats <n>', 'extra offline decodes to measure decoder noise').argParser(
        numberArg,
      ),
    )
    .addOption(dbOption())
    .addOption(modelsOption());
}

/**
 * `--sampler-preset`: which defaults fill the sampler settings no flag sets, for the model's family ("upstream": the
 * family's upstream generate() defaults; "model-card": greedy, repetition penalty 1.2, no CFG).
 */
export function samplerPresetOption(): Option {
  return new Option(
    '--sampler-preset <id>',
    "defaults for unset sampler settings: upstream (the family's upstream defaults) or model-card " +
      '(greedy, repetition penalty 1.2, no CFG)',
  ).choices(['upstream', 'model-card']);
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Flags -> RunConfig input (validated later by RunConfigSchema, which names any invalid value). */
export function runConfigFromFlags(f: RunFlags): RunConfigInput {
  const textSource =
    f.textSource === 'llm-stream'
      ? defined({
          mode: 'llm-stream' as const,
          tokensPerSecond: f.rate,
          jitterMs: undefined,
          firstTokenDelayMs: f.firstTokenDelayMs,
          recordingPath: f.recording,
        })
      : f.textSource === 'segments'
        ? defined({ mode: 'segments' as const, minChars: f.minChars, maxChars: f.maxChars })
        : f.textSource === 'sentences'
          ? defined({ mode: 'sentences' as const, minChars: f.minChars })
          : { mode: 'whole' as const };
  const schedule =
    f.schedule === 'growing'
      ? defined({ kind: 'growing' as const, sizes: f.sizes?.split(',').map(Number) })
      : f.schedule === 'first-then-fixed'
        ? defined({ kind: 'first-then-fixed' as const, first: f.firstChunk, tokens: f.chunkTokens })
        : defined({ kind: 'fixed' as const, tokens: f.chunkTokens });
  const boundary =
    f.boundary === 'overlap-add'
      ? defined({
          kind: 'overlap-add' as const,
          overlapTokens: f.overlap,
          crossfadeMs: f.crossfadeMs,
          shape: f.shape,
        })
      : f.boundary === 'context'
        ? defined({
            kind: 'context' as const,
            contextTokens: f.contextTokens,
            lookaheadTokens: f.lookahead,
            fadeMs: f.fadeMs,
          })
        : { kind: f.boundary };
  const pipeline =
    f.pipeline === 'parallel'
      ? defined({ kind: 'parallel' as const, queueDepth: f.queueDepth })
      : { kind: 'sequential' };
  return defined({
    model: f.model,
    voice: f.voice,
    language: f.language,
    text: f.text,
    seed: f.seed,
    textSource,
    schedule,
    boundary,
    pipeline,
    playback: defined({ mode: f.playback, jitterBufferMs: f.jitterMs }),
    sampler: defined({
      preset: f.samplerPreset,
      temperature: f.temperature,
      topP: f.topP,
      topK: f.topK,
      minP: f.minP,
      repetitionPenalty: f.repetitionPenalty,
      cfgWeight: f.cfgWeight,
      greedy: f.greedy,
    }),
    exaggeration: f.exaggeration,
    maxNewTokens: f.maxTokens,
    runtime: defined({ providers: f.provider, intraOpThreads: f.threads }),
    noiseFloorRepeats: f.noiseFloorRepeats,
  }) as RunConfigInput;
}
