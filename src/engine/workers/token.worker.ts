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
import { inspectGraph } from '../models/inspect-graph.ts';
import { GcMeter } from '../runtime/gc-meter.ts';
import { kvResidencyFor } from '../runtime/session-options.ts';
import type { ModelFamily } from '../models/graph-contract.ts';
import { familyLoop } from '../runtime/family-loop.ts';
import { loadTextTokenizer, type TextTokenizer } from '../runtime/text-prompt.ts';
import { MultilingualTextSteps } from '../text-frontend/language-steps.ts';
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
/** This thread's garbage collections: the bench reports them per step beside the native run time. */
const gcMeter = new GcMeter();

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
    // The language model's output names, read from the file, place present.* on the device where the provider
    // keeps them there (session-options.ts); only needed when such a provider is asked for.
    const deviceKv = payload.settings.providers.some((p) => kvResidencyFor(p) === 'device');
    const lmOutputs = deviceKv ? (await inspectGraph(onnx('language_model'))).outputs.map((o) => o.name) : [];
    const open = async (graph: string) => {
      const outputNames = graph === 'language_model' ? lmOutputs : [];
      const opened = await openSession(onnx(graph), payload.settings, { graph, outputNames });
      providers[graph] = opened.provider;
      fallbacks.push(...opened.fallbacks.map((f) => ({ graph, ...f })));
      return opened.session;
    };
    const speechEncoder = await open('speech_encoder');
    const sessions = { embedTokens: await open('embed_tokens'), languageModel: await open('language_model') };
    const tokenizerJson = fs.readFileSync(path.join(payload.modelDir, 'tokenizer.json'), 'utf8');
    const tokenizer = loadTextTokenizer(tokenizerJson);
    tokenizer.languageSteps = new MultilingualTextSteps(payload.modelDir);
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

  /** Ends onnxruntime's profiling of every session (sessions opened with a profileDir write their trace there). */
  async endProfiling() {
    if (!loaded) throw new Error('token worker: no model loaded');
    const { speechEncoder, sessions } = loaded;
    await Promise.all(
      [speechEncoder, sessions.embedTokens, sessions.languageModel].map((s) => s.endProfiling()),
    );
    return true;
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
    // Loads what the language's text step needs (zh: the Cangjie table, ja: the kana analyser), once per worker.
    if (loaded.family === 'multilingual')
      await loaded.tokenizer.languageSteps.prepare(payload.language ?? 'en');
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
        gcMsBetween: (start, end) => gcMeter.msBetween(start, end),
      },
    );
    return { ...result, normalizedText: prompt.normalizedText, promptLength: prompt.inputIds.length };
  },
});
