import { Command, Option } from 'commander';
import { writeWavFile } from '../../engine/index.ts';
import {
  StreamClient,
  StreamOptionsSchema,
  StreamProtocolError,
  type StreamOptions,
  type StreamResult,
} from '../../server/streaming/index.ts';
import { CliError, note, printJson } from '../output.ts';
import { numberArg } from '../run-options.ts';

interface StreamFlags {
  url: string;
  text: string;
  incremental?: boolean;
  rate: number;
  format: string;
  frameMs?: number;
  voice?: string;
  model?: string;
  speakerId?: number;
  config?: string;
  token?: string;
  out?: string;
  jitterMs: number;
  timeoutMs: number;
  json?: boolean;
}

/** The request options from flags; --config carries strategy fields as JSON (validated by the server too). */
function requestOptions(flags: StreamFlags): StreamOptions {
  let strategy: unknown = {};
  if (flags.config !== undefined) {
    try {
      strategy = JSON.parse(flags.config);
    } catch (error) {
      throw new CliError(`--config is not JSON: ${(error as Error).message}`, 2);
    }
    if (typeof strategy !== 'object' || strategy === null || Array.isArray(strategy))
      throw new CliError(
        '--config must be a JSON object of strategy fields, e.g. {"boundary":{"kind":"none"}}',
        2,
      );
  }
  const options = {
    ...(strategy as object),
    format: flags.format,
    ...(flags.frameMs !== undefined ? { frame_ms: flags.frameMs } : {}),
    ...(flags.voice !== undefined ? { voice: flags.voice } : {}),
    ...(flags.model !== undefined ? { model: flags.model } : {}),
    ...(flags.speakerId !== undefined ? { speaker_id: flags.speakerId } : {}),
  };
  const parsed = StreamOptionsSchema.safeParse(options);
  if (!parsed.success) throw new CliError(`invalid request options: ${parsed.error.issues[0]?.message}`, 2);
  return parsed.data;
}

function report(result: StreamResult & { connectMs: number }, flags: StreamFlags) {
  return {
    url: flags.url,
    mode: flags.incremental ? 'incremental' : 'whole',
    format: result.format,
    connectMs: result.connectMs,
    firstChunkMs: result.firstChunkMs,
    totalMs: result.totalMs,
    frames: result.frames,
    samples: result.samples,
    audioMs: result.audioMs,
    interChunkGaps: result.interChunkGaps,
    playback: result.playback,
    text: result.text,
    runId: result.done.run_id,
    runIds: result.done.run_ids,
    server: result.done.metrics,
    out: flags.out ?? null,
  };
}

const ms = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} ms`);

function formatHuman(r: ReturnType<typeof report>): string {
  const gaps = r.interChunkGaps;
  return [
    `${r.url} (${r.mode}, ${r.format.encoding} ${r.format.sampleRate} Hz)`,
    `  first chunk   ${ms(r.firstChunkMs)}   (socket opened in ${ms(r.connectMs)})`,
    `  total         ${ms(r.totalMs)} for ${(r.audioMs / 1000).toFixed(2)} s of audio in ${r.frames} frames`,
    `  arrival gaps  median ${ms(gaps.medianMs)}, p95 ${ms(gaps.p95Ms)}, max ${ms(gaps.maxMs)}`,
    `  playback      ${r.playback.gapCount} gaps, ${ms(r.playback.totalGapMs)} in all, longest ` +
      `${ms(r.playback.longestGapMs)} (jitter buffer ${r.playback.jitterBufferMs} ms)`,
    ...(r.text.firstAudioBeforeLastText === null
      ? []
      : [`  first audio before the last text chunk: ${r.text.firstAudioBeforeLastText ? 'yes' : 'no'}`]),
    `  runs          ${r.runIds.join(', ') || '-'}`,
    ...(r.out ? [`  wrote ${r.out}`] : []),
    '',
  ].join('\n');
}

/** `seamlab stream`: the reference client of a streaming server's /ws/generate. */
export function streamCommand(): Command {
  return new Command('stream')
    .description(
      'reference client of /ws/generate: first-chunk latency, arrival and playback gaps, the audio',
    )
    .requiredOption('--url <ws-url>', 'the endpoint, e.g. ws://127.0.0.1:7300/ws/generate')
    .requiredOption('--text <text>', 'the text to speak')
    .option('--incremental', 'send the text as LLM-like text_chunk messages, then {"end": true}')
    .addOption(
      new Option('--rate <tokens-per-s>', 'incremental: text tokens per second')
        .argParser(numberArg)
        .default(20),
    )
    .addOption(
      new Option('--format <format>', 'audio on the wire')
        .choices(['pcm16', 'pcm16_16k', 'mulaw_8k'])
        .default('pcm16'),
    )
    .addOption(
      new Option('--frame-ms <ms>', 'duration of each audio frame (server default 200)').argParser(numberArg),
    )
    .option('--voice <name>', 'a voice-library name on the server')
    .option('--model <id>', 'a model id on the server')
    .addOption(
      new Option('--speaker-id <n>', "the seeds' speaker id (0 = default voice)").argParser(numberArg),
    )
    .option('--config <json>', 'strategy fields for the request, e.g. \'{"boundary":{"kind":"none"}}\'')
    .addOption(
      new Option('--token <secret>', 'the server token (required for non-loopback servers)').env(
        'SEAMLAB_TOKEN',
      ),
    )
    .option('--out <file>', 'write the received audio as WAV (at the wire sample rate)')
    .addOption(
      new Option('--jitter-ms <ms>', 'jitter buffer of the playback simulation')
        .argParser(numberArg)
        .default(100),
    )
    .addOption(
      new Option('--timeout-ms <ms>', 'cancel the request after this long')
        .argParser(numberArg)
        .default(300_000),
    )
    .option('--json', 'print the measurements as JSON')
    .action(async (flags: StreamFlags) => {
      if (!/^wss?:\/\//.test(flags.url)) throw new CliError('--url must be a ws:// or wss:// URL', 2);
      if (flags.incremental && !(flags.rate > 0)) throw new CliError('--rate must be a positive number', 2);
      const options = requestOptions(flags);
      let client: StreamClient;
      try {
        client = await StreamClient.connect(flags.url, { token: flags.token });
      } catch (error) {
        throw new CliError(`cannot connect: ${(error as Error).message}`);
      }
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), flags.timeoutMs);
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      try {
        if (!flags.json) note(`streaming from ${flags.url} ...`);
        const result = await client.generate({
          text: flags.text,
          options,
          incremental: flags.incremental ? { tokensPerSecond: flags.rate } : undefined,
          jitterBufferMs: flags.jitterMs,
          signal: abort.signal,
        });
        if (flags.out) await writeWavFile(flags.out, result.audio, result.format.sampleRate);
        const summary = report({ ...result, connectMs: client.connectMs }, flags);
        if (flags.json) printJson(summary);
        else process.stdout.write(formatHuman(summary));
      } catch (error) {
        if (error instanceof StreamProtocolError)
          throw new CliError(`the server said ${error.code}: ${error.message}`);
        throw error;
      } finally {
        clearTimeout(timer);
        process.off('SIGINT', onSignal);
        await client.close();
      }
    });
}
