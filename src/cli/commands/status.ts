import { createEngine, type Engine } from '../../engine/index.ts';
import type { EngineStatus } from '../../contract/index.ts';
import { printJson } from '../output.ts';

export async function statusCommand(options: {
  json?: boolean;
  db?: string;
  models?: string;
}): Promise<void> {
  const engine: Engine = createEngine({
    host: 'server',
    databasePath: options.db,
    modelsDir: options.models,
  });
  try {
    const status = await engine.handlers['engine.status']({});
    if (options.json) printJson(status);
    else process.stdout.write(formatStatus(status));
  } finally {
    await engine.close();
  }
}

export function formatStatus(status: EngineStatus): string {
  const lines = [
    `Seamlab ${status.appVersion} · onnxruntime-node ${status.onnxruntimeVersion} · Node ${status.nodeVersion} · ${status.platform}/${status.arch}`,
    '',
    'Execution providers:',
    ...status.providers.map(
      (p) =>
        `  ${p.works ? '✓' : '·'} ${p.name.padEnd(9)} ${p.works ? 'works' : `unavailable: ${p.reason ?? ''}`}`,
    ),
    '',
    `Models (${status.modelsDir}):`,
    ...(status.models.length === 0
      ? ['  none']
      : status.models.map(
          (m) => `  ${m.id}${m.synthetic ? ' (synthetic test model)' : ''}: ${m.graphs.join(', ')}`,
        )),
    '',
    `Database: ${status.databasePath}`,
  ];
  return `${lines.join('\n')}\n`;
}
