import ort from 'onnxruntime-node';
import { sessionOptionsFor, type GraphOutputs } from './session-options.ts';

export interface SessionSettings {
  /** Execution providers in order of preference; cpu is always tried last, even when not listed. */
  providers: string[];
  /** Intra-op threads (0 = onnxruntime's default: one per physical core). */
  intraOpThreads: number;
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  /** Benchmarks only: onnxruntime profiles every session into this folder (session-options.ts). */
  profileDir?: string;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  providers: ['cpu'],
  intraOpThreads: 0,
  graphOptimizationLevel: 'all',
};

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider that really runs this session (recorded in every result). */
  provider: string;
  /** Providers tried before it, each with the reason it failed. */
  fallbacks: { provider: string; reason: string }[];
}

/**
 * Creates a session from a FILE PATH (so `.onnx_data` sidecars resolve beside it) with the first provider that
 * works. onnxruntime-node throws for `['cuda', 'cpu']` when cuda is missing instead of falling back, so each
 * provider is tried alone and the one that really loaded is reported, each with its own options (`graph` lets the
 * language model keep its KV cache on the device where the provider can). Worker threads only.
 */
export async function openSession(
  modelPath: string,
  settings: SessionSettings,
  graph?: GraphOutputs,
): Promise<OpenedSession> {
  const order = [...new Set([...settings.providers, 'cpu'])];
  const fallbacks: { provider: string; reason: string }[] = [];
  for (const provider of order) {
    try {
      const session = await ort.InferenceSession.create(
        modelPath,
        sessionOptionsFor(provider, settings, graph),
      );
      return { session, provider, fallbacks };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      fallbacks.push({ provider, reason });
    }
  }
  const detail = fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ');
  throw new Error(`could not open ${modelPath} with any execution provider (${detail})`);
}
