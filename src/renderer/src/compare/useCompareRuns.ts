import { useEffect, useState } from 'react';
import { decodeFloat32 } from '../../../contract/index.ts';
import type { StoredRun } from '../../../contract/methods/library.ts';
import { useEngine } from '../connection/EngineContext.tsx';

export interface ComparedRun {
  id: string;
  run: StoredRun;
  samples: Float32Array | null;
  sampleRate: number;
  /** Why the audio is missing (unfinished run). */
  audioError: string | null;
}

export type CompareLoad =
  { state: 'loading' } | { state: 'ready'; runs: ComparedRun[] } | { state: 'failed'; error: Error };

/** Every compared run's summary and streamed audio, loaded in parallel. */
export function useCompareRuns(ids: readonly string[]): CompareLoad {
  const engine = useEngine();
  const [load, setLoad] = useState<CompareLoad>({ state: 'loading' });
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    const list = key ? key.split(',') : [];
    setLoad({ state: 'loading' });
    Promise.all(
      list.map(async (id): Promise<ComparedRun> => {
        const { run } = await engine.call('runs.get', { id });
        try {
          const { audio } = await engine.call('runs.audio', { id, kind: 'stream' });
          return {
            id,
            run,
            samples: decodeFloat32(audio.float32),
            sampleRate: audio.sampleRate,
            audioError: null,
          };
        } catch (error) {
          return {
            id,
            run,
            samples: null,
            sampleRate: run.sampleRate ?? 24000,
            audioError: (error as Error).message,
          };
        }
      }),
    ).then(
      (runs) => live && setLoad({ state: 'ready', runs }),
      (error: Error) => live && setLoad({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [engine, key]);
  return load;
}
