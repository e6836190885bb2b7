import { realClock, type Clock } from './clock.ts';
import {
  TextSourceOptionsSchema,
  streamSplitterOptions,
  type LlmStreamOptions,
  type SplitterOptions,
  type TextSourceOptionsInput,
} from './options.ts';
import { SegmentSplitter, type TextSegment } from './segment-splitter.ts';
import { loadRecordedStream, synthesizeTokenStream, type RecordedToken } from './token-stream.ts';

/** A segment and the time it became available, in ms since the request. */
export interface TimedSegment extends TextSegment {
  readyAt: number;
}

export interface TextSourceRequest {
  /** The full text. For llm-stream with a recording, the recording's text is streamed instead. */
  text: string;
  options: TextSourceOptionsInput;
  /** ISO 639-1 code of the text (the run's `language`): the splitter's rules follow it. Default 'en'. */
  language?: string;
  /** Defaults to the real clock; tests pass a VirtualClock. */
  clock?: Clock;
  /** An already loaded recording for llm-stream (takes precedence over options.recordingPath). */
  recording?: readonly RecordedToken[];
  signal?: AbortSignal;
}

/**
 * The segments of a request's text as an async iterable.
 * - whole / sentences / segments: the full text is known, so every segment is ready at t = 0.
 * - llm-stream: tokens arrive on the clock (recorded, or synthesised from `text` with the configured rate, jitter
 *   and first-token delay) and are segmented as they arrive (segments mode, maxChars = thresholdChars), so a
 *   consumer can synthesise segment k while k+1 is still arriving. `readyAt` is the arrival time of the token
 *   that made the segment certain (or of the last token, for what the end of the stream releases): it stays
 *   exact even when the consumer is slower than the stream. With the real clock the source really waits.
 * Options are validated at once (a ZodError is thrown from this call, not from the iteration).
 */
export function openTextSource(request: TextSourceRequest): AsyncIterable<TimedSegment> {
  const options = TextSourceOptionsSchema.parse(request.options);
  if (options.mode === 'llm-stream') return llmStream(request, options);
  return knownText(request.text, options, request.language);
}

async function* knownText(
  text: string,
  options: SplitterOptions,
  language: string | undefined,
): AsyncGenerator<TimedSegment> {
  const splitter = new SegmentSplitter(options, language);
  for (const segment of [...splitter.push(text), ...splitter.close()]) yield { ...segment, readyAt: 0 };
}

async function* llmStream(
  request: TextSourceRequest,
  options: LlmStreamOptions,
): AsyncGenerator<TimedSegment> {
  const clock = request.clock ?? realClock;
  const start = clock.now();
  const tokens =
    request.recording ??
    (options.recordingPath !== undefined
      ? await loadRecordedStream(options.recordingPath)
      : synthesizeTokenStream(request.text, options));
  const splitter = new SegmentSplitter(streamSplitterOptions(options), request.language);
  let lastArrival = 0;
  for (const token of tokens) {
    await clock.sleepUntil(start + token.t, request.signal);
    lastArrival = token.t;
    for (const segment of splitter.push(token.text)) yield { ...segment, readyAt: token.t };
  }
  for (const segment of splitter.close()) yield { ...segment, readyAt: lastArrival };
}

/** Collect a source into an array (convenience for callers that do not stream). */
export async function collectSegments(source: AsyncIterable<TimedSegment>): Promise<TimedSegment[]> {
  const out: TimedSegment[] = [];
  for await (const segment of source) out.push(segment);
  return out;
}
