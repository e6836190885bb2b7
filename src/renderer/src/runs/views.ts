import type { SortingState } from '@tanstack/react-table';
import { EMPTY_QUERY, type TableQuery } from './FilterBar.tsx';
import { DEFAULT_COLUMNS } from './run-columns.tsx';

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

export const DEFAULT_VIEW: TableView = {
  columns: [...DEFAULT_COLUMNS],
  sorting: [{ id: 'created_at', desc: true }],
  query: EMPTY_QUERY,
  groupBy: '',
};

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

/** Saves `view` under `name`, replacing a view of the same name; sorted by name for the menu. */
export function withSavedView(views: SavedView[], name: string, view: TableView): SavedView[] {
  const trimmed = name.trim();
  return [...views.filter((v) => v.name !== trimmed), { ...view, name: trimmed }].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}
