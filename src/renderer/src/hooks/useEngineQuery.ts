import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodName, ParamsOf, ResultOf } from '../../../contract/index.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { callOnce } from './prefetch.ts';

export type QueryState<T> =
  { state: 'loading'; data?: T } | { state: 'ready'; data: T } | { state: 'failed'; error: Error; data?: T };

/**
 * Calls one engine method and keeps its answer. `key` decides when to call again (params are compared by their
 * JSON); a later answer never overwrites a newer request's, so fast typing in a filter cannot show stale rows.
 */
export function useEngineQuery<M extends MethodName>(
  method: M,
  params: ParamsOf<M> | null,
): QueryState<ResultOf<M>> & { reload: () => void } {
  const engine = useEngine();
  const [result, setResult] = useState<QueryState<ResultOf<M>>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const key = params === null ? null : JSON.stringify(params);

  useEffect(() => {
    if (key === null) return;
    const ticket = ++latest.current;
    setResult((previous) => ({ state: 'loading', data: previous.data }));
    callOnce(engine, method, JSON.parse(key) as ParamsOf<M>).then(
      (data) => {
        if (ticket === latest.current) setResult({ state: 'ready', data });
      },
      (error: Error) => {
        if (ticket === latest.current)
          setResult((previous) => ({ state: 'failed', error, data: previous.data }));
      },
    );
  }, [engine, method, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...result, reload };
}
