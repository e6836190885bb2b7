import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENVELOPE_BUCKETS } from '../../../src/contract/constants.ts';
import { initialRouteCalls } from '../../../src/renderer/src/connection/initial-calls.ts';
import { pageRequest, tableFilter, tableSort } from '../../../src/renderer/src/runs/list-request.ts';
import { DEFAULT_SORTING, EMPTY_QUERY, VIEW_STORAGE_KEY } from '../../../src/renderer/src/runs/table-view.ts';

/** localStorage for the Node test environment. */
function stubStorage(entries: Record<string, string> = {}) {
  const store = new Map(Object.entries(entries));
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => store.set(key, value),
  });
}

describe("the first screen's calls, asked for before the UI has loaded", () => {
  beforeEach(() => stubStorage());
  afterEach(() => vi.unstubAllGlobals());

  it('a run: the run without its chunk timeline and its stored envelope, by the id in the URL (short ids too)', () => {
    expect(initialRouteCalls('#/runs/0e0145a5')).toEqual([
      ['runs.get', { id: '0e0145a5', chunks: false }],
      ['runs.peaks', { id: '0e0145a5', kind: 'stream', buckets: ENVELOPE_BUCKETS }],
    ]);
  });

  it('the runs table: the head of the first page of the default view', () => {
    const calls = initialRouteCalls('#/runs');
    expect(calls).toEqual([['runs.list', pageRequest({}, tableSort(DEFAULT_SORTING), 0, true)]]);
    expect(calls[0]![1]).toEqual({
      filter: {},
      sort: [{ field: 'created_at', direction: 'desc' }],
      page: { limit: 40, offset: 0 },
    });
    expect(initialRouteCalls('#/runs/')).toEqual(calls);
  });

  it('the runs table: the view stored from last time (filter and sort), and nothing for a grouped view', () => {
    const query = { ...EMPTY_QUERY, search: ' overlap ', status: 'finished' as const };
    const sorting = [{ id: 'ttfa_ms', desc: false }];
    stubStorage({ [VIEW_STORAGE_KEY]: JSON.stringify({ columns: ['id'], sorting, query, groupBy: '' }) });
    expect(initialRouteCalls('#/runs')).toEqual([
      ['runs.list', pageRequest(tableFilter(query), tableSort(sorting), 0, true)],
    ]);
    expect(tableFilter(query)).toEqual({ search: 'overlap', status: 'finished' });
    stubStorage({
      [VIEW_STORAGE_KEY]: JSON.stringify({ columns: ['id'], sorting, query, groupBy: 'pipeline_kind' }),
    });
    expect(initialRouteCalls('#/runs')).toEqual([]);
    // An unreadable entry falls back to the default view, as the table does.
    stubStorage({ [VIEW_STORAGE_KEY]: '{not json' });
    expect(initialRouteCalls('#/runs')[0]![1]).toMatchObject({ filter: {}, sort: [{ field: 'created_at' }] });
  });

  it('other screens ask for nothing early', () => {
    for (const hash of ['', '#/', '#/compare/a,b', '#/status', '#/sweeps', '#/runs/a/b'])
      expect(initialRouteCalls(hash)).toEqual([]);
  });
});
