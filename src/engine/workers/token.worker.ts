import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { GenerationControl } from '../runtime/generation-control.ts';
import { openSession, type SessionSettings } from '../runtime/session-factory.ts';
import type { Conditioning } from '../runtime/tensor-data.ts';
import {
  generateSpeechTokens,
  readKvLayout,
  type GeneratorSessions,
  type KvLayout,
} from '../runtime/token-generator.ts';
import type { GenerateRequest } from '../runtime/model-runtime.ts';
import { detectFamilyFromInputs } from '../models/detect-family.ts';
import type { ModelFamily } from '../models/graph-contract.ts';
import { familyLoop } from '../runtime/family-loop.ts';
import { loadTextTokenizer, type TextTokenizer } from '../runtime/text-prompt.ts';
import { createTokenSampler } from '../runtime/token-sampler.ts';
import { serveWorker, Transfer } from './worker-protocol.ts';

// The token worker owns the speech encoder, the embeddings and the language model. It streams every sampled token
// to its owner as an event, so decoding (in the decode worker) can start long before generation ends.
interface Loaded {
  speechEncoder: ort.InferenceSession;
  sessions: GeneratorSessions;
  layout: KvLayout;
  tokenizer: TextTokenizer;
  family: ModelFamily | null;
}
let loaded: Loaded | undefined;

async function release(): Promise<void> {
  if (!loaded) return;
  await Promise.all([
    loaded.speechEncoder.release(),
    loaded.sessions.embedTokens.release(),
    loaded.sessions.languageModel.release(),
  ]);
  loaded = undefined;
}

serveWorker({
  async load(payload: { modelDir: string; settings: SessionSettings }) {
    await release();
    const started = performance.now();
    const onnx = (name: string) => path.join(payload.modelDir, 'onnx', `${name}.onnx`);
    const fallbacks: { graph: string; provider: string; reason: string }[] = [];
    const providers: Record<string, string> = {};
    const open = async (graph: string) => {
      const opened = await openSession(onnx(graph), payload.settings);
      providers[graph] = opened.provider;
      fallbacks.push(...opened.fallbacks.map((f) => ({ graph, ...f })));
      return opened.session;
    };
    const speechEncoder = await open('speech_encoder');
    const sessions = { embedTokens: await open('embed_tokens'), languageModel: await open('language_model') };
    const tokenizerJson = fs.readFileSync(path.join(payload.modelDir, 'tokenizer.json'), 'utf8');
    const tokenizer = loadTextTokenizer(tokenizerJson);
    const layout = readKvLayout(sessions);
    // The same rule as model validation, applied to the sessions this worker actually opened.
    const { family } = detectFamilyFromInputs(
      sessions.languageModel.inputNames,
      sessions.embedTokens.inputNames,
      JSON.parse(tokenizerJson),
    );
    loaded = { speechEncoder, sessions, layout, tokenizer, family };
    return { providers, fallbacks, kvLayout: layout, loadMs: performance.now() - started };
  },

  async encodeVoice(payload: { samples: Float32Array }) {
    if (!loaded) throw new Error('token worker: no model loaded');
    const out = await loaded.speechEncoder.run({
      audio_values: new ort.Tensor('float32', payload.samples, [1, payload.samples.length]),
    });
    const float = (name: string) => {
      const t = out[name];
      if (!t) throw new Error(`speech_encoder returned no "${name}" output`);
      return { data: new Float32Array(t.data as Float32Array), dims: [...t.dims] };
    };
    const tokens = out.audio_tokens;
    if (!tokens) throw new Error('speech_encoder returned no "audio_tokens" output');
    const conditioning: Conditioning = {
      audioFeatures: float('audio_features'),
      audioTokens: { data: new BigInt64Array(tokens.data as BigInt64Array), dims: [...tokens.dims] },
      speakerEmbeddings: float('speaker_embeddings'),
      speakerFeatures: float('speaker_features'),
    };
    return new Transfer(conditioning, [
      conditioning.audioFeatures.data.buffer as ArrayBuffer,
      conditioning.audioTokens.data.buffer as ArrayBuffer,
      conditioning.speakerEmbeddings.data.buffer as ArrayBuffer,
      conditioning.speakerFeatures.data.buffer as ArrayBuffer,
    ]);
  },

  async generate(payload: GenerateRequest & { control: SharedArrayBuffer }, context) {
    if (!loaded) throw new Error('token worker: no model loaded');
    const control = new GenerationControl(payload.control);
    const loop = familyLoop(loaded.family);
    const prompt = loop.preparePrompt(loaded.tokenizer, payload.text, payload.language ?? 'en');
    const sampleNext = createTokenSampler(payload.sampler, payload.seed, loop.samplingOrder);
    const result = await generateSpeechTokens(
      loaded.sessions,
      loaded.layout,
      {
        inputIds: prompt.inputIds,
        positionIds: prompt.positionIds,
        guidanceSpan: prompt.guidanceSpan,
        conditioning: payload.conditioning,
        exaggeration: payload.exaggeration,
        cfgWeight: payload.sampler.cfgWeight,
        maxNewTokens: payload.maxNewTokens,
        tailTokens: loop.tailTokens,
      },
      {
        sampleNext,
        onToken: (token, index, atMs) => context.emit({ token, index, atMs }),
        isCancelled: () => {
          // Between two session.run calls: the one moment a thread can end without aborting the process.
          if (control.exitRequested) process.exit(70);
          return control.cancelled;
        },
        waitForCredit: (index) => control.waitForCredit(index),
      },
    );
    return { ...result, normalizedText: prompt.normalizedText, promptLength: prompt.inputIds.length };
  },
});
