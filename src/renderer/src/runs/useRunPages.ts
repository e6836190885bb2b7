import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunFilter, RunListRow, RunSort } from '../../../contract/methods/library.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { callOnce } from '../hooks/prefetch.ts';
import { PAGE_SIZE, pageRequest } from './list-request.ts';

export interface RunPages {
  total: number | null;
  /** Loaded rows by absolute index; missing ones are still on their way. */
  row: (index: number) => RunListRow | undefined;
  /** Asks for the pages covering [first, last]. */
  ensure: (first: number, last: number) => void;
  /** Bumped whenever rows arrive (for memoisation). */
  version: number;
  error: Error | null;
  reload: () => void;
}

/**
 * Server-side paging for the runs table: only the pages the virtualizer shows are fetched (runs.list with limit
 * and offset), so 10 000 runs open as fast as 100. A new filter or sort starts over; a result that arrives for an
 * older query is dropped.
 */
export function useRunPages(filter: RunFilter, sort: RunSort[]): RunPages {
  const engine = useEngine();
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const [generation, setGeneration] = useState(0);
  const pages = useRef(new Map<number, RunListRow[]>());
  /** Pages held whole; page 0 may hold only its head for a moment. */
  const complete = useRef(new Set<number>());
  const pending = useRef(new Set<number>());
  const queryKey = JSON.stringify({ filter, sort, generation });
  const currentKey = useRef(queryKey);

  const fetchPage = useCallback(
    (page: number, key: string, head = false) => {
      const ticket = head ? -1 : page;
      if (pending.current.has(ticket)) return;
      pending.current.add(ticket);
      const { filter: f, sort: s } = JSON.parse(key) as { filter: RunFilter; sort: RunSort[] };
      // The first head may already be on its way (prefetchRunsTable at start-up).
      callOnce(engine, 'runs.list', pageRequest(f, s, page, head)).then(
        (result) => {
          if (currentKey.current !== key) return;
          pending.current.delete(ticket);
          // A head arriving after its whole page would only shorten it.
          if (head && complete.current.has(page)) return;
          if (!head) complete.current.add(page);
          pages.current.set(page, result.rows);
          setTotal(result.total);
          setError(null);
          setVersion((v) => v + 1);
        },
        (e: Error) => {
          if (currentKey.current !== key) return;
          pending.current.delete(ticket);
          setError(e);
        },
      );
    },
    [engine],
  );

  useEffect(() => {
    currentKey.current = queryKey;
    pages.current = new Map();
    complete.current = new Set();
    pending.current = new Set();
    fetchPage(0, queryKey, true);
  }, [queryKey, fetchPage]);

  // Deleted, restored, tagged or new runs elsewhere: refresh what is shown.
  useEffect(() => {
    const reload = () => setGeneration((g) => g + 1);
    const offChanged = engine.on('runs.changed', reload);
    const offRun = engine.on('run.event', (event) => {
      if (event.type === 'finished' || event.type === 'failed' || event.type === 'cancelled') reload();
    });
    return () => {
      offChanged();
      offRun();
    };
  }, [engine]);

  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++)
        if (!complete.current.has(page)) fetchPage(page, currentKey.current);
    },
    [fetchPage],
  );

  const row = useCallback(
    (index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [],
  );
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { total, row, ensure, version, error, reload };
}
