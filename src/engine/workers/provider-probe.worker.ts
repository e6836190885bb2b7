import ort from 'onnxruntime-node';
import { probeProviders } from '../runtime/provider-probe.ts';
import { serveWorker } from './worker-protocol.ts';

// Failed providers log native errors of their own; the probe reports them itself, once, in words.
ort.env.logLevel = 'fatal';

serveWorker({
  probe: async (names: string[]) => ({
    onnxruntimeVersion: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown',
    backends: ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled })),
    results: await probeProviders(names),
  }),
});
