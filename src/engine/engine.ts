import path from 'node:path';
import {
  checkEvent,
  type EventName,
  type Handlers,
  type PayloadOf,
  type Unsubscribe,
} from '../contract/index.ts';
import { appVersion } from './app-version.ts';
import { lazyStore, type EngineContext } from './engine-context.ts';
import { engineHandlers } from './handlers/engine-handlers.ts';
import { libraryHandlers } from './handlers/library-handlers.ts';
import { listeningHandlers } from './handlers/listening-handlers.ts';
import { exportsHandlers } from './handlers/export-handlers.ts';
import { runHandlers } from './handlers/run-handlers.ts';
import { sweepsHandlers } from './handlers/sweeps-handlers.ts';
import { warmupHandlers } from './handlers/warmup-handlers.ts';
import { toContractEvent } from './experiments/experiment-events.ts';
import { ModelPool } from './experiments/model-pool.ts';
import { RunConfigSchema } from '../contract/index.ts';
import { RunManager } from './experiments/run-manager.ts';
import { defaultDatabasePath, defaultModelsDir, userDataDir } from './paths.ts';
import { ProviderRegistry } from './runtime/execution-providers.ts';

export { appVersion };

export interface EngineOptions {
  /** Which shell hosts this engine (shown on the status screen). */
  host: 'electron' | 'server';
  modelsDir?: string;
  databasePath?: string;
  /**
   * Load and warm this model (true: the default model) at start (issue 13: no run pays for loading or first
   * inference). The desktop app warms the default model unless told otherwise; the browser-mode server asks for
   * it; the CLI does not (each run warms its own model before its clock starts).
   */
  warmModel?: string | boolean;
}

/** The model a run uses when it names none. */
const DEFAULT_MODEL = RunConfigSchema.parse({ text: '-' }).model;

type AnyListener = (event: EventName, payload: unknown) => void;

/**
 * The engine as the shells see it: the contract's handlers plus its event stream. Electron main, the
 * browser-mode server and the CLI all build one of these and put a transport (or a terminal) in front of it.
 */
export interface Engine {
  readonly handlers: Handlers;
  readonly context: EngineContext;
  /** Every event the engine emits, already checked against the contract. */
  subscribe(listener: AnyListener): Unsubscribe;
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const listeners = new Set<AnyListener>();
  const releases: (() => Promise<void> | void)[] = [];
  const store = lazyStore(options.databasePath ?? defaultDatabasePath());

  const modelsDir = options.modelsDir ?? defaultModelsDir();
  const emit = <E extends EventName>(event: E, payload: PayloadOf<E>) => {
    const checked = checkEvent(event, payload);
    for (const listener of listeners) listener(event, checked);
  };
  const models = new ModelPool({
    modelsDir,
    conditioningDir: path.join(userDataDir(), 'conditioning-cache'),
  });
  models.onWarmth((warmth) => {
    if (listeners.size > 0) emit('models.warmth', warmth);
  });
  const runs = new RunManager({
    models,
    store: () => store.get(),
    // Encoding chunk audio for the contract costs time: only when someone listens.
    onEvent: (event) => {
      if (listeners.size > 0) emit('run.event', toContractEvent(event));
    },
  });

  const context: EngineContext = {
    host: options.host,
    modelsDir,
    databasePath: options.databasePath ?? defaultDatabasePath(),
    providers: new ProviderRegistry(),
    models,
    runs,
    emit,
    store: () => store.get(),
    onClose(release) {
      releases.push(release);
    },
  };

  // Each feature owns one group of handlers (contract/methods/<group>.ts <-> handlers/<group>-handlers.ts).
  const listening = listeningHandlers(context);
  const handlers: Handlers = {
    ...engineHandlers(context),
    ...runHandlers(context),
    ...libraryHandlers(context),
    ...listening,
    ...sweepsHandlers(context),
    ...warmupHandlers(context),
    ...exportsHandlers(context, listening['listening.export']),
  };

  const wanted = options.warmModel ?? options.host === 'electron';
  const warmModel = wanted === true ? DEFAULT_MODEL : wanted;
  // Its state is visible as `models.warmth`; a failure (e.g. no such model) is reported there, not thrown.
  if (warmModel) models.warm(warmModel).catch(() => undefined);

  return {
    handlers,
    context,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      // Release in reverse order of registration (runs before the workers they use), the database last.
      await runs.cancelAll();
      for (const release of releases.reverse()) await release();
      await models.close();
      releases.length = 0;
      store.close();
    },
  };
}
