import type { EventName, PayloadOf } from '../contract/index.ts';
import type { RunManager } from './experiments/run-manager.ts';
import type { ModelPool } from './experiments/model-pool.ts';
import type { ProviderRegistry } from './runtime/execution-providers.ts';
import { openStore, type RunStore } from './store/index.ts';

/**
 * What every handler group shares: where things live, how to emit contract events, and the engine's
 * long-lived services. Services open lazily so that a status call never waits for a database or a model.
 */
export interface EngineContext {
  readonly host: 'electron' | 'server';
  readonly modelsDir: string;
  readonly databasePath: string;
  /** Where the latest bench reports are kept (bench-reports.ts); the user-data folder's unless set. */
  readonly benchReportsDir?: string;
  readonly providers: ProviderRegistry;
  /** Emits a contract event (checked against its schema before anyone sees it). */
  emit<E extends EventName>(event: E, payload: PayloadOf<E>): void;
  /** The run store, opened on first use (migrations applied, interrupted runs recovered). */
  store(): RunStore;
  /** Loaded models (workers and sessions), shared by every run. */
  readonly models: ModelPool;
  /** Starts, tracks and records runs. */
  readonly runs: RunManager;
  /** Registers work to release when the engine closes (workers, sockets, the database). */
  onClose(release: () => Promise<void> | void): void;
}

/** Opens the store once, on demand; later calls return the same instance. */
export function lazyStore(databasePath: string): { get(): RunStore; close(): void } {
  let store: RunStore | undefined;
  return {
    get() {
      if (!store) {
        // openStore marks runs left 'running' by a dead writer as interrupted.
        store = openStore(databasePath);
      }
      return store;
    },
    close() {
      store?.close();
      store = undefined;
    },
  };
}
