import path from 'node:path';
import type ort from 'onnxruntime-node';
import type { KvResidency } from './kv-cache.ts';

/** The settings every session is created with (see session-factory.ts). */
export interface SessionOptionSettings {
  intraOpThreads: number;
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  /** When set, onnxruntime writes a profile (JSON trace) per session here: the bench's native run times. */
  profileDir?: string;
}

/** What a session needs to know about its graph to place its outputs. */
export interface GraphOutputs {
  /** File stem of the graph (`language_model`, ...): names the profile file. */
  graph: string;
  /** The graph's output names (read from the file, see inspect-graph.ts): the binding rejects unknown ones. */
  outputNames: readonly string[];
}

/**
 * Where the language model's KV cache can stay between steps, by execution provider. onnxruntime-node 1.30 has
 * exactly one device location, `gpu-buffer`, and its binding ties it to the WebGPU allocator: outputs asked for
 * there are bound to the "WebGPU_Buf" memory info, a `gpu-buffer` input is wrapped with the same memory info, and
 * only outputs from that allocator come back as `gpu-buffer` tensors (onnxruntime js/node/src/tensor_helper.cc,
 * inference_session_wrap.cc, and the strings in the shipped binding). So WebGPU keeps `present.*` on the GPU;
 * CUDA, TensorRT, DirectML and CoreML have no location JavaScript can hold a device tensor in, and their KV makes
 * the host round trip every step (the cost issue 14 describes), as transformers.js does for every device but WebGPU
 * (src/models.js: `preferredOutputLocation` only `if (selectedDevice === 'webgpu')`).
 */
export function kvResidencyFor(provider: string): KvResidency {
  return provider === 'webgpu' ? 'device' : 'host';
}

/** Why a provider's KV makes the host round trip (shown by the bench report next to the numbers). */
export function kvResidencyReason(provider: string): string {
  if (kvResidencyFor(provider) === 'device')
    return 'present.* stay on the GPU (preferredOutputLocation gpu-buffer) and are fed back as past_key_values';
  if (provider === 'cpu') return 'the CPU provider computes on the host';
  return (
    `onnxruntime-node 1.30 has no ${provider} device location for outputs (its gpu-buffer is WebGPU's), ` +
    'so present.* are copied to the host and back every step'
  );
}

/** Provider-specific options, as onnxruntime-node 1.30's ParseExecutionProviders reads them. */
function executionProvider(provider: string): ort.InferenceSession.ExecutionProviderConfig {
  switch (provider) {
    case 'cuda':
    case 'tensorrt':
      return { name: provider, deviceId: 0 };
    case 'webgpu':
      // NCHW is the layout the Chatterbox exports use; NHWC (WebGPU's default) would add transposes around convs.
      return { name: 'webgpu', preferredLayout: 'NCHW' };
    default:
      return provider as ort.InferenceSession.ExecutionProviderConfig;
  }
}

/**
 * The session options for one graph on one provider (one provider per session: session-factory.ts tries them in
 * turn). The language model's `present.*` outputs go to the device where the provider can keep them there
 * (`kvResidencyFor`); every other output, the logits included, comes back to the host as before.
 */
export function sessionOptionsFor(
  provider: string,
  settings: SessionOptionSettings,
  graph?: GraphOutputs,
): ort.InferenceSession.SessionOptions {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: [executionProvider(provider)],
    graphOptimizationLevel: settings.graphOptimizationLevel,
    ...(settings.intraOpThreads > 0 ? { intraOpNumThreads: settings.intraOpThreads } : {}),
    logSeverityLevel: 3,
  };
  if (settings.profileDir) {
    options.enableProfiling = true;
    options.profileFilePrefix = path.join(settings.profileDir, graph?.graph ?? 'session');
  }
  if (graph && kvResidencyFor(provider) === 'device') {
    const present = graph.outputNames.filter((name) => /^present\.\d+\.(key|value)$/.test(name));
    if (present.length > 0)
      options.preferredOutputLocation = Object.fromEntries(present.map((name) => [name, 'gpu-buffer']));
  }
  return options;
}
