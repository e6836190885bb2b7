import type { EngineClient } from '../../../contract/index.ts';
import { ENVELOPE_BUCKETS } from '../../../contract/methods/library.ts';
import { prefetch } from './prefetch.ts';

/**
 * Opening the app on a run (`#/runs/<id>`): asks for the run and its envelope, and starts fetching the run view's
 * code, before React has rendered anything. The route's own prefetch (App.tsx) then finds both calls in flight.
 * On a loaded machine the first render took a tenth of a second or more, all of it spent before these started.
 */
export function prefetchInitialRoute(engine: EngineClient, hash: string): void {
  const match = /^#\/runs\/([^/?#]+)$/.exec(hash);
  if (!match?.[1]) return;
  const id = match[1];
  prefetch(engine, 'runs.get', { id });
  prefetch(engine, 'runs.peaks', { id, kind: 'stream', buckets: ENVELOPE_BUCKETS });
  void import('../screens/RunScreen.tsx');
}
