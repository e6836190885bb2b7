import type { SortingState } from '@tanstack/react-table';
import type { FieldCondition, RunStatus } from '../../../contract/methods/library.ts';

// The runs table's view state with no dependency on the table's code: the start-up prefetch (main bundle) reads
// the stored view with it before the runs screen has loaded.

export interface TableQuery {
  search: string;
  conditions: FieldCondition[];
  tags: string[];
  status: RunStatus | '';
  synthetic: '' | 'yes' | 'no';
}

export const EMPTY_QUERY: TableQuery = { search: '', conditions: [], tags: [], status: '', synthetic: '' };

/**
 * What the runs table shows: columns, sort, filter and grouping. A saved view is one of these with a name.
 * Views live in localStorage, like the table's current query and sort: they are how one person likes to look at
 * the library in this app or browser, not data about runs, so they stay out of the run database (which the CLI,
 * exports and other machines share) and need no schema change or engine call.
 */
export interface TableView {
  columns: string[];
  sorting: SortingState;
  query: TableQuery;
  /** A field to group by (a knob, run column or metric), or '' for plain rows. */
  groupBy: string;
}

export interface SavedView extends TableView {
  name: string;
}

/** Where the table's current view lives in localStorage. */
export const VIEW_STORAGE_KEY = 'seamlab.runs.view.v2';

/** Newest first: the table's sort until the user picks another. */
export const DEFAULT_SORTING: SortingState = [{ id: 'created_at', desc: true }];

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A stored view, or undefined when the entry is not one (hand-edited, or from an incompatible version). */
export function reviveView(stored: unknown): TableView | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const v = stored as Partial<TableView>;
  if (!isStringArray(v.columns) || !Array.isArray(v.sorting) || typeof v.groupBy !== 'string')
    return undefined;
  if (!v.query || typeof v.query !== 'object') return undefined;
  const sorting = v.sorting.filter(
    (s): s is SortingState[number] =>
      !!s && typeof s === 'object' && typeof s.id === 'string' && typeof s.desc === 'boolean',
  );
  return { columns: v.columns, sorting, query: { ...EMPTY_QUERY, ...v.query }, groupBy: v.groupBy };
}

export function reviveSavedViews(stored: unknown): SavedView[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  return stored.flatMap((entry: unknown) => {
    const view = reviveView(entry);
    const name = (entry as { name?: unknown }).name;
    return view && typeof name === 'string' && name.trim() ? [{ ...view, name }] : [];
  });
}
