import { randomUUID } from 'node:crypto';
import { StoreError, StoreErrorCodes, type RunStore } from '../store/index.ts';

interface PendingDelete {
  ids: string[];
  timer: ReturnType<typeof setTimeout>;
}

/** Thrown inside a dry-run transaction to roll it back. */
const DRY_RUN = Symbol('dry run');

/**
 * Deletes with an undo window. The runs disappear from listings at once (`hidden`), and are removed from the
 * database when the window ends; `restore` inside the window brings them back untouched. Keeping the window in
 * the engine (not in one browser tab) means a closed tab cannot lose a delete or resurrect a run, and every
 * client sees the same table. `flush` (engine close) completes the deletes that are still waiting.
 */
export class PendingDeletes {
  private readonly store: () => RunStore;
  private readonly onDeleted: (ids: string[]) => void;
  private readonly pending = new Map<string, PendingDelete>();

  constructor(store: () => RunStore, onDeleted: (ids: string[]) => void = () => undefined) {
    this.store = store;
    this.onDeleted = onDeleted;
  }

  /** Every run id waiting for deletion. */
  hidden(): string[] {
    return [...this.pending.values()].flatMap((p) => p.ids);
  }

  isHidden(id: string): boolean {
    return this.hidden().includes(id);
  }

  /**
   * Checks that every run exists and may be deleted (a dry run inside a rolled-back transaction, so the
   * store's own rules decide), then schedules the delete. Throws before scheduling anything.
   */
  schedule(ids: string[], windowMs: number): { token: string; ids: string[]; deleteAt: number } {
    const hidden = new Set(this.hidden());
    const unique = [...new Set(ids)].filter((id) => !hidden.has(id));
    const store = this.store();
    for (const id of unique) {
      if (!store.getRun(id)) throw new StoreError(StoreErrorCodes.notFound, `no run ${id}`);
    }
    try {
      store.db.transaction(() => {
        for (const id of unique) store.deleteRun(id);
        throw DRY_RUN;
      })();
    } catch (error) {
      if (error !== DRY_RUN) throw error;
    }
    const token = randomUUID();
    const timer = setTimeout(() => this.complete(token), windowMs);
    // A pending delete must not keep a CLI or test process alive; flush() completes it on close.
    timer.unref?.();
    this.pending.set(token, { ids: unique, timer });
    return { token, ids: unique, deleteAt: Date.now() + windowMs };
  }

  restore(token: string): string[] {
    const entry = this.pending.get(token);
    if (!entry)
      throw new StoreError(
        StoreErrorCodes.notFound,
        'nothing to undo: that delete has already completed (the undo window is over) or was undone',
      );
    clearTimeout(entry.timer);
    this.pending.delete(token);
    return entry.ids;
  }

  /** Completes every waiting delete now. */
  flush(): void {
    for (const token of [...this.pending.keys()]) this.complete(token);
  }

  private complete(token: string): void {
    const entry = this.pending.get(token);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(token);
    const store = this.store();
    const deleted: string[] = [];
    for (const id of entry.ids) {
      try {
        store.deleteRun(id);
        deleted.push(id);
      } catch {
        // Became used by a pair or trial during the window: it stays; the user sees it again.
      }
    }
    this.onDeleted(deleted);
  }
}
