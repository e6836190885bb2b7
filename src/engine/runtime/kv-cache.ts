import type ort from 'onnxruntime-node';
import { feedBack } from './float16-tensor.ts';

/** Where the language model's `present.*` outputs live between steps. */
export type KvResidency = 'host' | 'device';

/** The slice of onnxruntime's Tensor the cache needs (a fake one with a dispose spy stands in for it in tests). */
type KvTensor = Pick<ort.Tensor, 'type' | 'dims' | 'location' | 'dispose'> & { readonly data?: unknown };

/**
 * Frees one tensor's memory now instead of at the next garbage collection. A device tensor (`gpu-buffer`) is
 * released on the device with `dispose()` (onnxruntime-common Tensor.dispose: "If the data is on GPU, release the
 * data on GPU"); that is what keeps a long session from leaking device memory. A host tensor that owns its whole
 * ArrayBuffer (what onnxruntime-node returns for every output: a fresh buffer each) is detached with
 * `ArrayBuffer.prototype.transfer(0)`, which hands its backing store back at once: at a 274-row context the
 * language model returns about 53 MB of `present.*` a step, and leaving that to V8 made it collect every second step.
 */
export function releaseTensor(tensor: KvTensor): void {
  if (tensor.location === 'gpu-buffer') {
    tensor.dispose();
    return;
  }
  if (tensor.location !== 'cpu') return;
  const data = tensor.data;
  if (!ArrayBuffer.isView(data)) return;
  // ES2024's detached/transfer, not in the ES2023 lib this project compiles against (Node >= 22 has both).
  const buffer = data.buffer as ArrayBuffer & {
    detached?: boolean;
    transfer?: (length: number) => ArrayBuffer;
  };
  // Only a buffer this tensor owns whole: a view into a shared or bigger buffer (a caller's data) is left alone.
  if (!(buffer instanceof ArrayBuffer) || buffer.detached || !buffer.transfer) return;
  if (data.byteOffset !== 0 || data.byteLength !== buffer.byteLength || buffer.byteLength === 0) return;
  buffer.transfer(0);
}

/**
 * The language model's KV cache between steps: `present.N.*` of one run become `past_key_values.N.*` of the next
 * without a copy (on the device when the session keeps them there, see session-options.ts), and every generation
 * it replaces is released at once. `dispose()` releases the one it holds: call it when generation ends for any
 * reason (stop, cancel, error).
 */
export class KvCache {
  private past: Record<string, KvTensor>;
  private readonly layers: number;

  constructor(initial: Record<string, KvTensor>, layers: number) {
    this.past = initial;
    this.layers = layers;
  }

  /** The `past_key_values.*` feeds for the next run. */
  feeds(): Record<string, ort.Tensor> {
    return this.past as Record<string, ort.Tensor>;
  }

  /**
   * Takes `present.*` from a run's outputs as the next past and releases the previous past (the run that read it
   * has returned). Throws, releasing nothing twice, when an output is missing.
   */
  advance(outputs: Record<string, KvTensor>): void {
    const next: Record<string, KvTensor> = {};
    for (let layer = 0; layer < this.layers; layer += 1) {
      for (const kind of ['key', 'value']) {
        const present = outputs[`present.${layer}.${kind}`];
        if (!present) {
          for (const t of Object.values(outputs)) if (t.location === 'gpu-buffer') t.dispose();
          throw new Error(`language_model returned no "present.${layer}.${kind}" output`);
        }
        next[`past_key_values.${layer}.${kind}`] =
          present.location === 'cpu' ? feedBack(present as ort.Tensor) : present;
      }
    }
    const previous = this.past;
    this.past = next;
    for (const tensor of Object.values(previous)) releaseTensor(tensor);
  }

  /** Releases the cache it holds; later calls do nothing. */
  dispose(): void {
    const held = this.past;
    this.past = {};
    for (const tensor of Object.values(held)) releaseTensor(tensor);
  }
}
