import type { ParamsOf } from '../../../contract/index.ts';
import { pageRequest, tableFilter, tableSort } from './list-request.ts';
import { DEFAULT_SORTING, EMPTY_QUERY, reviveView, VIEW_STORAGE_KEY } from './table-view.ts';

/**
 * The runs.list request for the head of the first page of the view the runs table will open with (the one stored
 * from last time), or null for a grouped view (the table asks for groups instead). Asked for at start-up, before
 * the runs screen's code has loaded, so it depends on none of it.
 */
export function runsTableHeadRequest(): ParamsOf<'runs.list'> | null {
  let view: { query: typeof EMPTY_QUERY; sorting: typeof DEFAULT_SORTING; groupBy: string } = {
    query: EMPTY_QUERY,
    sorting: DEFAULT_SORTING,
    groupBy: '',
  };
  try {
    const raw = localStorage.getItem(VIEW_STORAGE_KEY);
    if (raw !== null) view = reviveView(JSON.parse(raw)) ?? view;
  } catch {
    // Unreadable entry: the table falls back to the default view too.
  }
  if (view.groupBy) return null;
  return pageRequest(tableFilter(view.query), tableSort(view.sorting), 0, true);
}
