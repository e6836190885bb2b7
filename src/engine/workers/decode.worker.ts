import type ort from 'onnxruntime-node';
import path from 'node:path';
import { decodeWaveform, type DecodeInput } from '../runtime/waveform-decoder.ts';
import { openSession, type SessionSettings } from '../runtime/session-factory.ts';
import {
  createStatefulDecoder,
  isStatefulDecoder,
  type StatefulDecoder,
} from '../runtime/stateful-decoder.ts';
import type { FloatTensorData } from '../runtime/tensor-data.ts';
import { serveWorker, Transfer } from './worker-protocol.ts';

// The decode worker owns the conditional_decoder session. It runs in parallel with the token worker, which is what
// makes the parallel pipeline possible: onnxruntime's run() blocks the thread it is called on.
let decoder: ort.InferenceSession | undefined;
let stateful = false;
/** Open cache-carrying decoder streams (one per utterance being decoded with the stateful treatment). */
const streams = new Map<number, StatefulDecoder>();
let nextStream = 1;

interface StreamPrompt {
  audioTokens: BigInt64Array;
  speakerEmbeddings: FloatTensorData;
  speakerFeatures: FloatTensorData;
}

function loadedDecoder(): ort.InferenceSession {
  if (!decoder) throw new Error('decode worker: no model loaded');
  return decoder;
}

function transferWaveform(result: { waveform: Float32Array; runMs: number }) {
  return new Transfer(result, [result.waveform.buffer as ArrayBuffer]);
}

serveWorker({
  async load(payload: { modelDir: string; settings: SessionSettings }) {
    await decoder?.release();
    streams.clear();
    const started = performance.now();
    const opened = await openSession(
      path.join(payload.modelDir, 'onnx', 'conditional_decoder.onnx'),
      payload.settings,
    );
    decoder = opened.session;
    stateful = isStatefulDecoder(decoder);
    return {
      provider: opened.provider,
      fallbacks: opened.fallbacks,
      inputNames: [...decoder.inputNames],
      stateful,
      loadMs: performance.now() - started,
    };
  },

  /** One offline call: prompt + span in, (2 (P + N) - T) x 480 samples out (960 N for an aligned prompt). */
  async decode(payload: DecodeInput) {
    const session = loadedDecoder();
    if (!stateful) return transferWaveform(await decodeWaveform(session, payload));
    // A cache-capable decoder decodes "offline" as one stream: every token at once, then flushed.
    const promptLength = payload.promptTokens;
    const driver = createStatefulDecoder(session, {
      audioTokens: payload.speechTokens.slice(0, promptLength),
      speakerEmbeddings: payload.speakerEmbeddings,
      speakerFeatures: payload.speakerFeatures,
    });
    return transferWaveform(await driver.push(payload.speechTokens.slice(promptLength), true));
  },

  openStream(payload: StreamPrompt) {
    const session = loadedDecoder();
    if (!stateful) {
      throw new Error(
        "this model's conditional_decoder has no cache_* state inputs, so it cannot decode as a stream " +
          '(the stateful treatment needs a cache-capable export: see models/STATEFUL_DECODER.md)',
      );
    }
    const id = nextStream++;
    streams.set(id, createStatefulDecoder(session, payload));
    return id;
  },

  async pushStream(payload: { id: number; tokens: BigInt64Array; final: boolean }) {
    const driver = streams.get(payload.id);
    if (!driver) throw new Error(`decode worker: no open decoder stream ${payload.id}`);
    const result = await driver.push(payload.tokens, payload.final);
    if (payload.final) streams.delete(payload.id);
    return transferWaveform(result);
  },

  closeStream(payload: { id: number }) {
    return streams.delete(payload.id);
  },
});
