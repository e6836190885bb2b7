import type { EngineClient, MethodName, ParamsOf } from '../../../contract/index.ts';
import { initialRouteCalls } from '../connection/initial-calls.ts';
import { prefetch } from './prefetch.ts';

/**
 * Opening the app on a run (`#/runs/<id>`) or on the runs table (`#/runs`): asks for the screen's first data (initial-calls.ts) before React has rendered anything; the screen then finds the answers
 * in flight. In browser mode the early socket has usually sent these calls already, and the transport answers
 * them from there. On a loaded machine the first render took a tenth of a second or more, all of it spent before
 * these started.
 */
export function prefetchInitialRoute(engine: EngineClient, hash: string): void {
  for (const [method, params] of initialRouteCalls(hash))
    prefetch(engine, method as MethodName, params as ParamsOf<MethodName>);
}
