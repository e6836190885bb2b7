// The streaming TTS endpoint (/ws/generate) and its reference client.
export * from './protocol.ts';
export { DEFAULT_STREAMING_PRESET } from './default-preset.ts';
export {
  createStreamingEndpoint,
  type StreamingEndpoint,
  type StreamingOptions,
  type StreamingStats,
} from './endpoint.ts';
export type { StreamRunner } from './stream-request.ts';
export {
  StreamClient,
  streamSpeech,
  type ArrivalGaps,
  type ConnectOptions,
  type GenerateOptions,
  type StreamResult,
} from './client.ts';
