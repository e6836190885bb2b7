import { DEFAULT_COLUMNS } from './run-columns.tsx';
import { DEFAULT_SORTING, EMPTY_QUERY, type SavedView, type TableView } from './table-view.ts';

export {
  DEFAULT_SORTING,
  EMPTY_QUERY,
  reviveSavedViews,
  reviveView,
  VIEW_STORAGE_KEY,
  type SavedView,
  type TableView,
} from './table-view.ts';

export const DEFAULT_VIEW: TableView = {
  columns: [...DEFAULT_COLUMNS],
  sorting: DEFAULT_SORTING,
  query: EMPTY_QUERY,
  groupBy: '',
};

/** Saves `view` under `name`, replacing a view of the same name; sorted by name for the menu. */
export function withSavedView(views: SavedView[], name: string, view: TableView): SavedView[] {
  const trimmed = name.trim();
  return [...views.filter((v) => v.name !== trimmed), { ...view, name: trimmed }].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}
