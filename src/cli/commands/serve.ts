import { createEngine } from '../../engine/index.ts';
import { startServer, type RunningServer } from '../../server/index.ts';
import { ensureBuilt, RENDERER_DIR } from '../build-when-stale.ts';
import { note } from '../output.ts';

export interface ServeOptions {
  host: string;
  port: number;
  token?: string;
  db?: string;
  models?: string;
  allowOrigin?: string[];
}

/** `npm run serve`: builds the UI when the sources changed (as `npm start` does), then serves it. */
export async function serveCommand(options: ServeOptions): Promise<void> {
  ensureBuilt();
  await serve(options);
}

/** Starts browser mode and keeps it running until SIGINT/SIGTERM; prints the URL (with the token) once. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const engine = createEngine({
    host: 'server',
    databasePath: options.db,
    modelsDir: options.models,
    warmModel: true,
  });
  const server = await startServer({
    engine,
    host: options.host,
    port: options.port,
    token: options.token,
    staticDir: RENDERER_DIR,
    allowedOrigins: options.allowOrigin,
  });
  const url = options.token ? `${server.url}?token=${encodeURIComponent(options.token)}` : server.url;
  // Tests and scripts read this exact line to find the port.
  process.stdout.write(`Seamlab is running at ${url}\n`);
  note('Press Ctrl+C to stop.');
  const stop = async () => {
    await server.close();
    await engine.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return { ...server, url };
}
