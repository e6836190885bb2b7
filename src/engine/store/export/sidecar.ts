/** The JSON that travels with exported audio: everything needed to understand and reproduce the run. */
import type { RunStore } from '../run-store.ts';
import { StoreError, StoreErrorCodes } from '../errors.ts';
import type { StoredRun } from '../types.ts';

/** Shown wherever a fixture run leaves the app (experiments.md: label what is true of the fixture only). */
export const SYNTHETIC_LABEL =
  'synthetic test model: generated fixture, not real speech; its speech quality and absolute speed mean nothing';

export interface RunSidecar {
  format: 'seamlab-run';
  formatVersion: 1;
  synthetic: boolean;
  label?: string;
  run: StoredRun;
  tags: string[];
  notes: { body: string; createdAt: string }[];
  audio: {
    kind: string;
    repeatIndex: number;
    file?: string;
    sampleRate: number;
    sampleCount: number;
    sha256: string;
  }[];
}

export function requireRun(store: RunStore, id: string): StoredRun {
  const run = store.getRun(id);
  if (!run) throw new StoreError(StoreErrorCodes.notFound, `no run ${id}`);
  return run;
}

export function runSidecar(store: RunStore, id: string, files: Record<string, string> = {}): RunSidecar {
  const run = requireRun(store, id);
  const synthetic = run.provenance.model.synthetic;
  return {
    format: 'seamlab-run',
    formatVersion: 1,
    synthetic,
    ...(synthetic ? { label: SYNTHETIC_LABEL } : {}),
    run,
    tags: store.getTags(id),
    notes: store.getNotes(id).map((n) => ({ body: n.body, createdAt: n.createdAt })),
    audio: store.listAudio(id).map((a) => {
      const file = files[`${a.kind}#${a.repeatIndex}`];
      return {
        kind: a.kind,
        repeatIndex: a.repeatIndex,
        ...(file ? { file } : {}),
        sampleRate: a.sampleRate,
        sampleCount: a.sampleCount,
        sha256: a.sha256,
      };
    }),
  };
}
