import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type RunStore } from '../../../src/engine/store/index.ts';
import { makeAudio, makeConfig, makeProvenance, makeSummary, newId } from './fixtures/runs.ts';
import { tempDir } from './helpers.ts';

let dir: string;
let file: string;
let store: RunStore;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'runs.db');
  store = openStore(file);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('why a run ended (issue 16: "interrupted" with no reason)', () => {
  it('keeps the stop reason of finished runs: stop token or max tokens', () => {
    for (const stopReason of ['stop-token', 'max-tokens'] as const) {
      const id = newId();
      const config = makeConfig();
      store.beginRun(id, config, makeProvenance());
      store.finishRun(id, { ...makeSummary(id, config, 1), stopReason }, makeAudio(1, 2400));
      expect(store.getRun(id)).toMatchObject({ status: 'finished', stopReason });
    }
  });

  it('records failed and cancelled runs with their reason', () => {
    const failed = newId();
    store.beginRun(failed, makeConfig(), makeProvenance());
    store.failRun(failed, 'the text is 3001 tokens for this model');
    expect(store.getRun(failed)).toMatchObject({
      status: 'failed',
      stopReason: 'failed',
      error: 'the text is 3001 tokens for this model',
    });
    const cancelled = newId();
    store.beginRun(cancelled, makeConfig(), makeProvenance());
    store.cancelRun(cancelled);
    expect(store.getRun(cancelled)).toMatchObject({ status: 'cancelled', stopReason: 'cancelled' });
  });

  it('says a run was interrupted because the engine process exited', () => {
    const id = newId();
    store.beginRun(id, makeConfig(), makeProvenance());
    store.close();
    // The writer is gone: no process and no host recorded (as after a crash on a machine that was replaced).
    const raw = new Database(file);
    raw.prepare('UPDATE runs SET writer_pid = NULL WHERE id = ?').run(id);
    raw.close();
    store = openStore(file);
    expect(store.getRun(id)).toMatchObject({
      status: 'interrupted',
      stopReason: 'interrupted',
      error: expect.stringMatching(/engine process running it stopped .* before the run finished/),
    });
  });
});
