import { ENVELOPE_BUCKETS } from '../../../contract/constants.ts';
import { runsTableHeadRequest } from '../runs/prefetch-runs.ts';

/** The run view's runs.get: the run without its per-chunk timeline, which the view fetches after the waveform. */
export function runViewRequest(id: string): { id: string; chunks: false } {
  return { id, chunks: false };
}

/**
 * The engine calls the screen the app opens on will make first, as [method, params]: the run and its envelope
 * for `#/runs/<id>`, the head of the stored view's first page for `#/runs`. Sent before the UI's code has run
 * (early-calls.ts) and asked for again, with the same params, by the route prefetch, which then finds the answer.
 * Imports nothing that builds a schema: it runs before the contract is evaluated.
 */
export function initialRouteCalls(
  hash: string,
): [method: 'runs.get' | 'runs.peaks' | 'runs.list', params: unknown][] {
  if (/^#\/runs\/?$/.test(hash)) {
    const head = runsTableHeadRequest();
    return head ? [['runs.list', head]] : [];
  }
  const id = /^#\/runs\/([^/?#]+)$/.exec(hash)?.[1];
  if (!id) return [];
  return [
    ['runs.get', runViewRequest(id)],
    ['runs.peaks', { id, kind: 'stream', buckets: ENVELOPE_BUCKETS }],
  ];
}
