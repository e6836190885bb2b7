import fs from 'node:fs';
import path from 'node:path';
import {
  checkEvent,
  type EventName,
  type Handlers,
  type PayloadOf,
  type Unsubscribe,
} from '../contract/index.ts';
import { listModels } from './models/model-catalog.ts';
import { defaultDatabasePath, defaultModelsDir, PROJECT_ROOT } from './paths.ts';
import { ProviderRegistry } from './runtime/execution-providers.ts';

export interface EngineOptions {
  /** Which shell hosts this engine (shown on the status screen). */
  host: 'electron' | 'server';
  modelsDir?: string;
  databasePath?: string;
}

type AnyListener = (event: EventName, payload: unknown) => void;

/**
 * The engine as the shells see it: the contract's handlers plus its event stream. Electron main, the
 * browser-mode server and the CLI all build one of these and put a transport (or a terminal) in front of it.
 */
export interface Engine {
  readonly handlers: Handlers;
  /** Every event the engine emits, already checked against the contract. */
  subscribe(listener: AnyListener): Unsubscribe;
  close(): Promise<void>;
}

export function appVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function createEngine(options: EngineOptions): Engine {
  const modelsDir = options.modelsDir ?? defaultModelsDir();
  const databasePath = options.databasePath ?? defaultDatabasePath();
  const providers = new ProviderRegistry();
  const listeners = new Set<AnyListener>();

  const emit = <E extends EventName>(event: E, payload: PayloadOf<E>) => {
    const checked = checkEvent(event, payload);
    for (const listener of listeners) listener(event, checked);
  };

  const handlers: Handlers = {
    'engine.status': async () => {
      const [runtime, models] = await Promise.all([providers.status(), listModels(modelsDir)]);
      return {
        appVersion: appVersion(),
        onnxruntimeVersion: runtime.version,
        nodeVersion: process.versions.node,
        platform: process.platform,
        arch: process.arch,
        providers: runtime.providers,
        modelsDir,
        models,
        databasePath,
        host: options.host,
      };
    },
    'engine.ping': async ({ value }) => {
      emit('engine.log', { level: 'info', message: `ping: ${value}`, at: Date.now() });
      return { value, receivedAt: Date.now() };
    },
  };

  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
