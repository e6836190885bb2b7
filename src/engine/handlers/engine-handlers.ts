import type { Handlers } from '../../contract/index.ts';
import { appVersion } from '../app-version.ts';
import type { EngineContext } from '../engine-context.ts';
import { benchReportsDir, readModelBenchReport } from '../bench-reports.ts';
import { listModels } from '../models/model-catalog.ts';

type EngineHandlers = Pick<Handlers, 'engine.status' | 'engine.benchReport' | 'engine.ping'>;

export function engineHandlers(ctx: EngineContext): EngineHandlers {
  return {
    'engine.status': async () => {
      const [runtime, models] = await Promise.all([ctx.providers.status(), listModels(ctx.modelsDir)]);
      return {
        appVersion: appVersion(),
        onnxruntimeVersion: runtime.version,
        nodeVersion: process.versions.node,
        platform: process.platform,
        arch: process.arch,
        providers: runtime.providers,
        modelsDir: ctx.modelsDir,
        models,
        databasePath: ctx.databasePath,
        host: ctx.host,
      };
    },
    'engine.benchReport': async () => readModelBenchReport(ctx.benchReportsDir ?? benchReportsDir()),
    'engine.ping': async ({ value }) => {
      ctx.emit('engine.log', { level: 'info', message: `ping: ${value}`, at: Date.now() });
      return { value, receivedAt: Date.now() };
    },
  };
}
