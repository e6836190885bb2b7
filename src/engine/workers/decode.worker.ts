import type ort from 'onnxruntime-node';
import path from 'node:path';
import { decodeWaveform, type DecodeInput } from '../runtime/waveform-decoder.ts';
import { openSession, type SessionSettings } from '../runtime/session-factory.ts';
import { serveWorker, Transfer } from './worker-protocol.ts';

// The decode worker owns the conditional_decoder session. It runs in parallel with the token worker, which is what
// makes the parallel pipeline possible: onnxruntime's run() blocks the thread it is called on.
let decoder: ort.InferenceSession | undefined;

serveWorker({
  async load(payload: { modelDir: string; settings: SessionSettings }) {
    await decoder?.release();
    const started = performance.now();
    const opened = await openSession(
      path.join(payload.modelDir, 'onnx', 'conditional_decoder.onnx'),
      payload.settings,
    );
    decoder = opened.session;
    return {
      provider: opened.provider,
      fallbacks: opened.fallbacks,
      inputNames: [...decoder.inputNames],
      loadMs: performance.now() - started,
    };
  },
  async decode(payload: DecodeInput) {
    if (!decoder) throw new Error('decode worker: no model loaded');
    const result = await decodeWaveform(decoder, payload);
    return new Transfer(result, [result.waveform.buffer as ArrayBuffer]);
  },
});
