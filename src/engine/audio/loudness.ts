/**
 * Integrated loudness (ITU-R BS.1770-4 / EBU R 128: K-weighting, 400 ms blocks with 75 % overlap, the -70 LUFS
 * absolute and -10 LU relative gates) through `ebur128-wasm`, a WebAssembly build of the Rust `ebur128` crate
 * (a port of libebur128). Upstream Chatterbox measures with pyloudnorm, which implements the same recommendation.
 *
 * The package ships a bundler-style module (`import * as wasm from './x.wasm'`), which plain Node only loads
 * behind an experimental flag. Its WebAssembly exports are a small, stable ABI, so this module instantiates the
 * .wasm file itself and calls them the way the package's own generated glue does (ebur128_wasm_bg.js).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

interface Ebur128Exports {
  memory: { buffer: ArrayBuffer };
  ebur128_integrated_mono(sampleRate: number, pointer: number, length: number): number;
  __wbindgen_malloc(bytes: number): number;
}

/** The part of the WebAssembly JS API used here (the project's type libraries do not declare it). */
interface WasmApi {
  Module: (new (bytes: Uint8Array) => object) & {
    imports(module: object): { module: string; name: string }[];
  };
  Instance: new (
    module: object,
    imports: Record<string, Record<string, () => number>>,
  ) => {
    exports: unknown;
  };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let instance: Ebur128Exports | undefined;

function ebur128(): Ebur128Exports {
  if (instance) return instance;
  const file = createRequire(import.meta.url).resolve('ebur128-wasm/ebur128_wasm_bg.wasm');
  const module = new wasmApi.Module(fs.readFileSync(file));
  // The imports serve the crate's panic hook only (it builds an Error to print a stack); a panic then traps,
  // which surfaces as a RuntimeError from the call below.
  const panicOnly = Object.fromEntries(wasmApi.Module.imports(module).map(({ name }) => [name, () => 0]));
  instance = new wasmApi.Instance(module, { './ebur128_wasm_bg.js': panicOnly })
    .exports as unknown as Ebur128Exports;
  return instance;
}

/**
 * Integrated loudness of a mono signal in LUFS; -Infinity when every block is gated out (silence, or less than
 * one 400 ms block of audio).
 */
export function integratedLoudness(samples: Float32Array, sampleRate: number): number {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`integratedLoudness: sample rate must be a positive integer, got ${sampleRate}`);
  const wasm = ebur128();
  // The callee takes ownership of the buffer (a Rust Vec<f32>) and frees it.
  const pointer = wasm.__wbindgen_malloc(samples.length * 4);
  new Float32Array(wasm.memory.buffer, pointer, samples.length).set(samples);
  return wasm.ebur128_integrated_mono(sampleRate, pointer, samples.length);
}

export interface LoudnessNormalisation {
  samples: Float32Array;
  /** Loudness before, LUFS (-Infinity for silence). */
  measuredLufs: number;
  /** Gain applied, dB; 0 when the measurement gave no finite gain and the samples were left as they were. */
  gainDb: number;
}

/**
 * Scales `samples` so their integrated loudness is `targetLufs`, exactly as upstream Chatterbox Turbo's
 * `norm_loudness` (resemble-ai/chatterbox src/chatterbox/tts_turbo.py): gain_db = target - measured, one linear
 * gain over the whole clip, skipped (samples unchanged) when that gain is not finite and positive. No limiter:
 * like upstream, a quiet clip raised to the target may exceed full scale.
 */
export function normaliseLoudness(
  samples: Float32Array,
  sampleRate: number,
  targetLufs: number,
): LoudnessNormalisation {
  const measuredLufs = integratedLoudness(samples, sampleRate);
  const gainDb = targetLufs - measuredLufs;
  const gain = 10 ** (gainDb / 20);
  if (!Number.isFinite(gain) || gain <= 0) return { samples, measuredLufs, gainDb: 0 };
  return { samples: samples.map((x) => x * gain), measuredLufs, gainDb };
}
