import { z } from 'zod';
import type { RunMetrics } from '../../contract/index.ts';
import { NAMED_WIRE_FORMATS, type WireFormat } from '../../engine/index.ts';

/**
 * The streaming protocol of `/ws/generate` (the seeds' TTS socket), shared by the server and the reference client.
 *
 * Client -> server, JSON text frames:
 *   {"text": "...", "speaker_id": 0, ...options}        one utterance
 *   {"text_chunk": "...", ...options}                    incremental text (options on the first chunk only)
 *   {"flush": true}   speak what is pending now          {"end": true}   no more text: finish the request
 *   {"cancel": true}  stop the request in flight
 * Server -> client: binary frames of audio (little-endian int16 PCM or mu-law bytes, mono, `frame_ms` each, the
 * last one of a request possibly shorter), then one JSON frame: {"done": true, ...} | {"error": {...}} |
 * {"cancelled": true, ...}. After `flush`, once the audio of all text so far is out: {"flushed": true, ...}.
 * A socket carries one request at a time and stays usable after errors and cancellations.
 */

export const STREAM_SOCKET_PATH = '/ws/generate';

export const StreamErrorCodes = {
  /** The frame is not JSON. */
  invalid_json: 'invalid_json',
  /** The message is not one of the protocol's messages, or its options are invalid. */
  invalid_request: 'invalid_request',
  /** The message is over the size limit (bigger ones close the socket with 1009). */
  message_too_large: 'message_too_large',
  /** Incremental text beyond the per-request limit. */
  text_too_long: 'text_too_long',
  /** This socket already has a request in flight. */
  request_in_progress: 'request_in_progress',
  /** flush/end/cancel with no request in flight. */
  no_request: 'no_request',
  /** The server is at its concurrency limit and its queue is full: retry later. */
  busy: 'busy',
  /** speaker_id other than 0 (seamlab voices are chosen by name: use `voice`). */
  unknown_speaker: 'unknown_speaker',
  /** The client does not read its audio fast enough; the request is cancelled and the socket closed. */
  slow_reader: 'slow_reader',
  /** Anything the engine reports (model_not_found, invalid_combination, engine_error ...) passes through. */
  engine_error: 'engine_error',
} as const;
export type StreamErrorCode = keyof typeof StreamErrorCodes;

/** A named format or an explicit one. */
export const StreamFormatSchema = z.union([
  z.enum(Object.keys(NAMED_WIRE_FORMATS) as [keyof typeof NAMED_WIRE_FORMATS]),
  z.strictObject({
    encoding: z.enum(['pcm16', 'mulaw']),
    sampleRate: z.number().int().min(8000).max(48_000),
  }),
]);
export type StreamFormat = z.infer<typeof StreamFormatSchema>;

export function resolveFormat(format: StreamFormat | undefined): WireFormat {
  if (format === undefined) return NAMED_WIRE_FORMATS.pcm16;
  return typeof format === 'string' ? NAMED_WIRE_FORMATS[format] : format;
}

export const DEFAULT_FRAME_MS = 200;

/**
 * Voices are library names only: a network client must not make the server read arbitrary files (the run
 * configuration also accepts paths, which is right for the local CLI and UI).
 */
const VoiceNameSchema = z
  .string()
  .max(100)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u,
    'voice must be a voice-library name (letters, digits, space, _ -)',
  );

/**
 * Options of a request. Strategy fields keep the run configuration's names and are validated against its
 * schema after being merged over the server's preset (so an error names the exact field); `runtime` is the
 * server's to choose and is not accepted here.
 */
export const StreamOptionsShape = {
  speaker_id: z.number().int().min(0).optional(),
  voice: VoiceNameSchema.optional(),
  model: z.string().min(1).max(200).optional(),
  format: StreamFormatSchema.optional(),
  frame_ms: z.number().min(10).max(5000).optional(),
  textSource: z.unknown().optional(),
  schedule: z.unknown().optional(),
  boundary: z.unknown().optional(),
  pipeline: z.unknown().optional(),
  playback: z.unknown().optional(),
  sampler: z.record(z.string(), z.unknown()).optional(),
  seed: z.unknown().optional(),
  exaggeration: z.unknown().optional(),
  maxNewTokens: z.unknown().optional(),
  noiseFloorRepeats: z.unknown().optional(),
};
export const StreamOptionsSchema = z.strictObject(StreamOptionsShape);
export type StreamOptions = z.infer<typeof StreamOptionsSchema>;

export const GenerateMessageSchema = z.strictObject({ text: z.string(), ...StreamOptionsShape });
export const TextChunkMessageSchema = z.strictObject({
  text_chunk: z.string(),
  /** Shorthands: the chunk followed by {"flush": true} / {"end": true}. */
  flush: z.boolean().optional(),
  end: z.boolean().optional(),
  ...StreamOptionsShape,
});
const FlagSchema = (name: 'flush' | 'end' | 'cancel') => z.strictObject({ [name]: z.literal(true) });

export type ClientMessage =
  | { kind: 'generate'; text: string; options: StreamOptions }
  | { kind: 'text_chunk'; text: string; flush: boolean; end: boolean; options: StreamOptions }
  | { kind: 'flush' }
  | { kind: 'end' }
  | { kind: 'cancel' };

export class StreamProtocolError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'StreamProtocolError';
    this.code = code;
  }
}

function pickOptions(message: Record<string, unknown>): StreamOptions {
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(StreamOptionsShape)) if (key in message) options[key] = message[key];
  return options as StreamOptions;
}

function describe(error: z.ZodError): string {
  return z.prettifyError(error);
}

/** Which message this is, validated; throws StreamProtocolError('invalid_request') naming what is wrong. */
export function parseClientMessage(json: unknown): ClientMessage {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new StreamProtocolError('invalid_request', 'a message must be a JSON object');
  const message = json as Record<string, unknown>;
  const check = <T>(schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(message);
    if (!parsed.success) throw new StreamProtocolError('invalid_request', describe(parsed.error));
    return parsed.data;
  };
  if ('text' in message) {
    const m = check(GenerateMessageSchema);
    return { kind: 'generate', text: m.text, options: pickOptions(m) };
  }
  if ('text_chunk' in message) {
    const m = check(TextChunkMessageSchema);
    return {
      kind: 'text_chunk',
      text: m.text_chunk,
      flush: m.flush === true,
      end: m.end === true,
      options: pickOptions(m),
    };
  }
  for (const kind of ['flush', 'end', 'cancel'] as const) {
    if (kind in message) {
      check(FlagSchema(kind));
      return { kind };
    }
  }
  throw new StreamProtocolError(
    'invalid_request',
    'unknown message: expected {"text"}, {"text_chunk"}, {"flush": true}, {"end": true} or {"cancel": true}',
  );
}

/** One run of a request (a whole-text request has one; incremental text has one per segment). */
export interface StreamRunReport {
  run_id: string;
  text: string;
  metrics: RunMetrics;
}

/** Measured by the server on its side of the socket; times in ms from the arrival of the request's first message. */
export interface StreamMetrics {
  encoding: WireFormat['encoding'];
  sample_rate: number;
  frame_samples: number;
  frames: number;
  samples: number;
  audio_ms: number;
  /** First audio frame ready to send (handed to the socket at once unless the reader is behind). */
  first_frame_ms: number | null;
  /**
   * The first run handed to the engine, and the engine's first chunk event: with first_frame_ms they split the
   * first-frame time into server work before the engine, the engine, and encoding after it.
   */
  engine_start_ms: number | null;
  first_chunk_event_ms: number | null;
  wall_ms: number;
  /** Time runs waited for a free slot (concurrency limit). */
  queued_ms: number;
  /** The engine's time to first audio of the first run, and the runs' compute time over the audio's duration. */
  ttfa_ms: number | null;
  rtf: number | null;
  segments: number;
  runs: StreamRunReport[];
}

export interface DoneMessage {
  done: true;
  /** The request's first run (its only run for a whole-text request); null when no text was spoken. */
  run_id: string | null;
  run_ids: string[];
  metrics: StreamMetrics;
}
export interface ErrorMessage {
  error: { code: string; message: string };
  run_id?: string;
}
export interface CancelledMessage {
  cancelled: true;
  run_ids: string[];
}
export interface FlushedMessage {
  flushed: true;
  run_ids: string[];
}
export type ServerMessage = DoneMessage | ErrorMessage | CancelledMessage | FlushedMessage;
