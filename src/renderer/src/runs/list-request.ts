import type { SortingState } from '@tanstack/react-table';
import type { ParamsOf } from '../../../contract/index.ts';
import type { RunFilter, RunSort } from '../../../contract/methods/library.ts';
import type { TableQuery } from './table-view.ts';

export const PAGE_SIZE = 200;
/**
 * A new query first asks for this many rows (a tall window's worth plus overscan) and only then for the rest of
 * the first page: the first rows appear after a 40-row reply instead of a 200-row one (a fifth of the query,
 * transfer, JSON and result validation).
 */
export const HEAD_SIZE = 40;

/** The runs table's filter bar as the store's filter. */
export function tableFilter(query: TableQuery): RunFilter {
  return {
    ...(query.search.trim() ? { search: query.search.trim() } : {}),
    ...(query.conditions.length ? { where: query.conditions } : {}),
    ...(query.tags.length ? { tagsAll: query.tags } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.synthetic ? { synthetic: query.synthetic === 'yes' } : {}),
  };
}

/** The table's sort state (tanstack) as the store's sort keys. */
export function tableSort(sorting: SortingState): RunSort[] {
  return sorting.map((s) => ({ field: s.id, direction: s.desc ? 'desc' : 'asc' }));
}

/**
 * The one runs.list request for a page of the table (or its head): built here for both the table and the
 * start-up prefetch, so the prefetched answer is found by its exact params.
 */
export function pageRequest(
  filter: RunFilter,
  sort: RunSort[],
  page: number,
  head = false,
): ParamsOf<'runs.list'> {
  return {
    filter,
    sort: sort.length ? sort : undefined,
    page: { limit: head ? HEAD_SIZE : PAGE_SIZE, offset: page * PAGE_SIZE },
  };
}
