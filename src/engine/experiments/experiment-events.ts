import { encodeAudio, type ChunkRecord, type RunEvent, type RunSummary } from '../../contract/index.ts';

/**
 * The engine-side form of a run's event stream: identical to the contract's RunEvent except that chunk audio
 * is a Float32Array (in-process consumers such as the CLI, the store and the streaming server need no base64).
 * `toContractEvent` turns it into what crosses the contract.
 */
export type ExperimentEvent =
  | Exclude<RunEvent, { type: 'chunk' }>
  | { type: 'chunk'; runId: string; chunk: ChunkRecord; audio: Float32Array; sampleRate: number };

export function toContractEvent(event: ExperimentEvent): RunEvent {
  if (event.type !== 'chunk') return event;
  return {
    type: 'chunk',
    runId: event.runId,
    chunk: event.chunk,
    audio: encodeAudio(event.audio, event.sampleRate),
  };
}

/** Everything a finished run produced: its summary plus the audio the store keeps. */
export interface RunOutput {
  summary: RunSummary;
  /** The streamed audio exactly as emitted (concatenated chunks). */
  stream: Float32Array;
  /** The offline reference: the same tokens decoded in one call. */
  reference: Float32Array;
  /** Extra offline decodes for decoders with internal noise (the noise floor); empty otherwise. */
  referenceRepeats: Float32Array[];
}
