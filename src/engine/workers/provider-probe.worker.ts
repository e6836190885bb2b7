import { probeRuntime } from '../runtime/provider-probe.ts';
import { serveWorker } from './worker-protocol.ts';

// onnxruntime is loaded inside probeRuntime, on request: a platform without its binary gets an answer saying so.
serveWorker({
  probe: (names: string[]) => probeRuntime(names),
});
