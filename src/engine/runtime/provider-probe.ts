import { GraphBuilder } from '../onnx/graph-builder.ts';
import {
  loadOnnxruntime,
  onnxruntimeVersionOf,
  type Onnxruntime,
  type OnnxruntimeImporter,
} from './onnxruntime-loader.ts';

export interface ProbeResult {
  name: string;
  works: boolean;
  reason?: string;
}

/** A two-element Add graph: enough to prove a provider can create a session and run it. */
function probeModel(): Uint8Array {
  const g = new GraphBuilder('provider_probe');
  const x = g.input({ name: 'x', type: 'float', shape: [1, 2] });
  g.op('Add', [x, x], {}, 'y');
  g.output({ name: 'y', type: 'float', shape: [1, 2] });
  return g.build();
}

/**
 * Tries each provider alone (no cpu fallback in the list: onnxruntime-node throws rather than falls back, and
 * a silent fallback would make "works" a lie). Must run inside a worker: session.run blocks its thread.
 */
export async function probeProviders(ort: Onnxruntime, names: string[]): Promise<ProbeResult[]> {
  const model = probeModel();
  const results: ProbeResult[] = [];
  for (const name of names) {
    try {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: [name],
        logSeverityLevel: 4,
      });
      const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 2]), [1, 2]) });
      const y = out.y?.data as Float32Array | undefined;
      await session.release();
      if (!y || y[0] !== 2 || y[1] !== 4)
        results.push({ name, works: false, reason: 'session ran but computed a wrong result' });
      else results.push({ name, works: true });
    } catch (error) {
      results.push({ name, works: false, reason: firstLine(error) });
    }
  }
  return results;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  let line = text.split('\n').find((l) => l.trim().length > 0) ?? text;
  // onnxruntime prefixes messages with the failed C++ assertion; the human part follows "was false.".
  const human = line.indexOf(' was false. ');
  if (human >= 0) line = line.slice(human + ' was false. '.length);
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** What the provider-probe worker answers: the build's providers and which of them work here. */
export interface ProbeReport {
  onnxruntimeVersion: string;
  backends: { name: string; bundled: boolean }[];
  results: ProbeResult[];
  /** Set when onnxruntime-node itself could not be loaded (no binary for this platform): nothing else is. */
  loadError?: string;
}

/** Loads onnxruntime (lazily: it may have no binary here) and probes `names`; a failed load is reported, not thrown. */
export async function probeRuntime(names: string[], importer?: OnnxruntimeImporter): Promise<ProbeReport> {
  let ort: Onnxruntime;
  try {
    ort = await loadOnnxruntime(importer);
  } catch (error) {
    return { onnxruntimeVersion: 'not loaded', backends: [], results: [], loadError: firstLine(error) };
  }
  // Failed providers log native errors of their own; the probe reports them itself, once, in words.
  ort.env.logLevel = 'fatal';
  return {
    onnxruntimeVersion: onnxruntimeVersionOf(ort),
    backends: ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled })),
    results: await probeProviders(ort, names),
  };
}
