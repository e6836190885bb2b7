import { z } from 'zod';
import { RunConfigSchema, type RunConfig, type RunConfigInput } from '../../contract/index.ts';
import {
  LlmStreamOptionsSchema,
  streamSplitterOptions,
  type SplitterOptionsInput,
  type WireFormat,
} from '../../engine/index.ts';
import { DEFAULT_FRAME_MS, resolveFormat, StreamProtocolError, type StreamOptions } from './protocol.ts';

/** Server-side choices a request cannot override (runtime) or falls back to (model, voice, preset). */
export interface RequestDefaults {
  preset: Partial<RunConfigInput>;
  model?: string;
  voice?: string;
  runtime?: RunConfigInput['runtime'];
}

export interface ResolvedRequest {
  /** The run configuration every run of the request uses (text replaced per segment). */
  config: RunConfig;
  format: WireFormat;
  frameMs: number;
  /** How incremental text is cut into segments (each segment is one run). */
  splitter: SplitterOptionsInput;
}

const PLACEHOLDER_TEXT = '-';

/**
 * Merges a request's options over the preset and validates the result with the run configuration's schema.
 * Union-valued axes (textSource, schedule, boundary, pipeline) are replaced whole, since a field of one kind means
 * nothing to another; sampler and playback are merged field by field.
 */
export function resolveRequest(
  options: StreamOptions,
  defaults: RequestDefaults,
  text?: string,
): ResolvedRequest {
  if (options.speaker_id !== undefined && options.speaker_id !== 0 && options.voice === undefined) {
    throw new StreamProtocolError(
      'unknown_speaker',
      `speaker_id ${options.speaker_id} is not a voice here: speaker_id 0 is the default voice; pick others by ` +
        'name with "voice"',
    );
  }
  const preset = defaults.preset;
  const strategy: Record<string, unknown> = {};
  for (const key of [
    'textSource',
    'schedule',
    'boundary',
    'pipeline',
    'seed',
    'exaggeration',
    'maxNewTokens',
    'noiseFloorRepeats',
  ] as const) {
    if (options[key] !== undefined) strategy[key] = options[key];
  }
  const input: Record<string, unknown> = {
    ...preset,
    ...strategy,
    sampler: { ...(preset.sampler ?? {}), ...(options.sampler ?? {}) },
    playback: { ...(preset.playback ?? {}), ...((options.playback as object | undefined) ?? {}) },
    text: text ?? PLACEHOLDER_TEXT,
  };
  const model = options.model ?? defaults.model;
  if (model !== undefined) input.model = model;
  const voice = options.voice ?? defaults.voice;
  if (voice !== undefined) input.voice = voice;
  if (defaults.runtime !== undefined) input.runtime = defaults.runtime;
  const parsed = RunConfigSchema.safeParse(input);
  if (!parsed.success) {
    const code = parsed.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big')
      ? 'text_too_long'
      : 'invalid_request';
    throw new StreamProtocolError(code, z.prettifyError(parsed.error));
  }
  const config = parsed.data;
  if (config.textSource.mode === 'llm-stream' && config.textSource.recordingPath !== undefined) {
    throw new StreamProtocolError(
      'invalid_request',
      'textSource.recordingPath names a file on the server: not accepted over the socket',
    );
  }
  return {
    config,
    format: resolveFormat(options.format),
    frameMs: options.frame_ms ?? DEFAULT_FRAME_MS,
    splitter: splitterFor(options.textSource === undefined ? undefined : config.textSource),
  };
}

/**
 * Incremental text is segmented the way the live LLM-stream source segments arriving tokens (segments mode, 20 to
 * 50 characters) unless the request names a text source, whose splitter settings are then used.
 */
function splitterFor(source: RunConfig['textSource'] | undefined): SplitterOptionsInput {
  if (source === undefined)
    return streamSplitterOptions(LlmStreamOptionsSchema.parse({ mode: 'llm-stream' }));
  switch (source.mode) {
    case 'whole':
      // Asked for explicitly: speak only at flush or end.
      return { mode: 'whole' };
    case 'sentences':
      return { mode: 'sentences', minChars: source.minChars };
    case 'segments':
      return { mode: 'segments', minChars: source.minChars, maxChars: source.maxChars };
    case 'llm-stream':
      return streamSplitterOptions(
        LlmStreamOptionsSchema.parse({ mode: 'llm-stream', thresholdChars: source.thresholdChars }),
      );
  }
}
