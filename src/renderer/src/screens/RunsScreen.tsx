import { useTable, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import type { RunSort } from '../../../contract/methods/library.ts';
import { EngineError } from '../components/EngineError.tsx';
import { count } from '../components/format.ts';
import { UndoToast } from '../components/UndoToast.tsx';
import { useEngine } from '../connection/EngineContext.tsx';
import { isTextEntry, useKeyboardShortcuts } from '../hooks/keyboard.ts';
import { usePersistentState } from '../hooks/usePersistentState.ts';
import { FilterBar, type TableQuery } from '../runs/FilterBar.tsx';
import { GroupsTable } from '../runs/GroupsTable.tsx';
import {
  gridTemplate,
  gridWidth,
  isPlaceholder,
  NUMERIC_COLUMNS,
  runTableFeatures,
  visibleColumns,
  type TableRow,
} from '../runs/run-columns.tsx';
import { TableControls } from '../runs/TableControls.tsx';
import { useRunPages } from '../runs/useRunPages.ts';
import {
  DEFAULT_VIEW,
  reviveSavedViews,
  reviveView,
  withSavedView,
  type SavedView,
  type TableView,
  VIEW_STORAGE_KEY,
} from '../runs/views.ts';
import { tableFilter, tableSort } from '../runs/list-request.ts';

const ROW_HEIGHT = 32;
const UNDO_WINDOW_MS = 8000;

interface PendingDelete {
  token: string;
  ids: string[];
  until: number;
}

/**
 * Every run in the library: sortable and filterable in the database, virtualised rows fetched page by page (10 000
 * runs open as fast as ten), multi-select to compare or delete (with undo).
 */
export function RunsScreen() {
  const engine = useEngine();
  const [, navigate] = useLocation();
  // The current view (columns, sort, filter, grouping) survives reloads; named copies are the saved views.
  const [view, setView] = usePersistentState<TableView>(VIEW_STORAGE_KEY, DEFAULT_VIEW, reviveView);
  const [savedViews, setSavedViews] = usePersistentState<SavedView[]>(
    'seamlab.runs.views.v1',
    [],
    reviveSavedViews,
  );
  // Bumped when a whole view is applied, so the filter bar's search box starts from the view's text.
  const [viewEpoch, setViewEpoch] = useState(0);
  const { query, sorting } = view;
  const setQuery = useCallback((q: TableQuery) => setView((v) => ({ ...v, query: q })), [setView]);
  const setSorting = useCallback(
    (updater: Updater<SortingState>) =>
      setView((v) => ({ ...v, sorting: typeof updater === 'function' ? updater(v.sorting) : updater })),
    [setView],
  );
  const applyView = (next: TableView) => {
    setView(next);
    setViewEpoch((e) => e + 1);
  };
  const columns = useMemo(() => visibleColumns(view.columns), [view.columns]);
  const template = useMemo(() => gridTemplate(columns), [columns]);
  const minWidth = useMemo(() => gridWidth(columns), [columns]);
  const head = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [pendingDelete, setPendingDelete] = useState<PendingDelete | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);

  const filter = useMemo(() => tableFilter(query), [query]);
  const sort = useMemo<RunSort[]>(() => tableSort(sorting), [sorting]);
  const pages = useRunPages(filter, sort);
  const total = pages.total ?? 0;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  // The table's row model covers only the rows on screen (plus overscan), not all `total` runs: building 10 000
  // row objects on every page arrival was the largest part of the time to first rows.
  const data = useMemo<TableRow[]>(
    () =>
      Array.from({ length: last - first + 1 }, (_, k) => {
        const i = first + k;
        return pages.row(i) ?? { placeholder: true, index: i };
      }),
    // `version` changes whenever rows arrive.
    [first, last, pages.version, pages.row],
  );

  const table = useTable({
    features: runTableFeatures,
    columns,
    data,
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    sortDescFirst: false,
    enableMultiSort: true,
  });
  const rows = table.getRowModel().rows;
  useEffect(() => {
    if (total > 0 && last >= first) pages.ensure(first, last);
  }, [first, last, total, pages]);

  const idAt = useCallback(
    (index: number) => {
      const row = pages.row(index);
      return row?.id;
    },
    [pages],
  );

  const toggle = (index: number, id: string, shift: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (shift && anchor !== null) {
        const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
        for (let i = from; i <= to; i++) {
          const other = idAt(i);
          if (other) next.add(other);
        }
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    setAnchor(index);
  };

  const deleteSelected = async () => {
    const ids = [...selected];
    if (!ids.length) return;
    setActionError(null);
    try {
      const result = await engine.call('runs.delete', { ids, undoWindowMs: UNDO_WINDOW_MS });
      setPendingDelete({ token: result.token, ids: result.ids, until: Date.now() + UNDO_WINDOW_MS });
      setSelected(new Set());
    } catch (error) {
      setActionError(error as Error);
    }
  };

  const undo = async () => {
    if (!pendingDelete) return;
    try {
      await engine.call('runs.restore', { token: pendingDelete.token });
      setSelected(new Set(pendingDelete.ids));
    } catch (error) {
      setActionError(error as Error);
    }
    setPendingDelete(null);
  };
  const expire = useCallback(() => setPendingDelete(null), []);

  useKeyboardShortcuts((event) => {
    if (isTextEntry(event.target)) return;
    if (event.key === 'Delete' && selected.size) void deleteSelected();
    if (event.key === 'z' && (event.ctrlKey || event.metaKey) && pendingDelete) void undo();
  });

  const selectedIds = [...selected];
  return (
    <section className="card stack" data-testid="runs-screen">
      <div className="row">
        <h2 style={{ margin: 0 }}>Runs</h2>
        <span className="muted" data-testid="runs-total" data-value={pages.total ?? ''}>
          {pages.total === null ? 'loading…' : `${count(pages.total)} run${pages.total === 1 ? '' : 's'}`}
        </span>
        <span className="spacer" />
        <span className="muted small">
          {selected.size ? `${selected.size} selected` : 'select runs to compare or delete'}
        </span>
        <button
          className="primary"
          disabled={selected.size < 2}
          data-testid="compare-button"
          onClick={() => navigate(`/compare/${selectedIds.join(',')}`)}
        >
          Compare {selected.size >= 2 ? selected.size : ''}
        </button>
        <button
          className="danger"
          disabled={!selected.size}
          onClick={() => void deleteSelected()}
          data-testid="delete-button"
        >
          Delete
        </button>
        {selected.size > 0 && (
          <button className="ghost" onClick={() => setSelected(new Set())}>
            clear
          </button>
        )}
      </div>
      <FilterBar key={viewEpoch} query={query} onChange={setQuery} />
      <TableControls
        view={view}
        onView={applyView}
        saved={savedViews}
        onSave={(name) => setSavedViews((views) => withSavedView(views, name, view))}
        onDelete={(name) => setSavedViews((views) => views.filter((v) => v.name !== name))}
      />
      {pages.error && <EngineError error={pages.error} title="Could not list runs." onRetry={pages.reload} />}
      {actionError && (
        <EngineError error={actionError} title="That did not work." testId="runs-action-error" />
      )}
      {view.groupBy ? (
        <GroupsTable
          filter={filter}
          groupBy={view.groupBy}
          onOpen={(condition) => {
            applyView({
              ...view,
              groupBy: '',
              query: { ...query, conditions: [...query.conditions, condition] },
            });
          }}
        />
      ) : (
        <div className="grid-table" data-testid="runs-table">
          <div ref={head} className="grid-head-scroll">
            <div className="grid-head" style={{ gridTemplateColumns: template, minWidth }}>
              {table.getHeaderGroups()[0]!.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                return (
                  <div
                    key={header.id}
                    className={`${canSort ? 'sortable' : ''} ${NUMERIC_COLUMNS.has(header.id) ? 'num' : ''}`}
                    onClick={canSort ? header.column.getToggleSortingHandler() : undefined}
                    data-testid={`sort-${header.id}`}
                    data-sorted={sorted || undefined}
                    title={
                      header.id === 'select'
                        ? undefined
                        : `${String(header.column.columnDef.header)}${canSort ? ' · click to sort, shift-click to add a second key' : ''}`
                    }
                  >
                    {header.id === 'select' ? (
                      <input
                        type="checkbox"
                        aria-label="select loaded rows"
                        checked={
                          selected.size > 0 &&
                          items.every((item) => {
                            const id = idAt(item.index);
                            return !id || selected.has(id);
                          })
                        }
                        onChange={(e) => {
                          const next = new Set(selected);
                          for (const item of items) {
                            const id = idAt(item.index);
                            if (!id) continue;
                            if (e.target.checked) next.add(id);
                            else next.delete(id);
                          }
                          setSelected(next);
                        }}
                      />
                    ) : (
                      <>
                        <table.FlexRender header={header} />
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          <div
            ref={scroller}
            className="grid-body"
            style={{ height: 'calc(100vh - 330px)', minHeight: 280 }}
            onScroll={(e) => {
              // The header sits outside the vertical scroller: follow the body sideways so columns line up.
              if (head.current) head.current.scrollLeft = e.currentTarget.scrollLeft;
            }}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
              {items.map((item) => {
                const row = rows[item.index - first];
                if (!row) return null;
                const original = row.original;
                if (isPlaceholder(original))
                  return (
                    <div
                      key={item.key}
                      className="grid-row placeholder"
                      style={{ top: item.start, height: ROW_HEIGHT, gridTemplateColumns: template }}
                    >
                      <div />
                      <div>loading…</div>
                    </div>
                  );
                const isSelected = selected.has(original.id);
                return (
                  <div
                    key={original.id}
                    className={`grid-row ${isSelected ? 'selected' : ''}`}
                    style={{
                      top: item.start,
                      height: ROW_HEIGHT,
                      gridTemplateColumns: template,
                      cursor: 'pointer',
                    }}
                    data-testid="runs-row"
                    data-id={original.id}
                    data-index={item.index}
                    onClick={(e) => {
                      if (e.shiftKey || e.ctrlKey || e.metaKey) toggle(item.index, original.id, e.shiftKey);
                      else navigate(`/runs/${original.id}`);
                    }}
                  >
                    {row.getAllCells().map((cell) =>
                      cell.column.id === 'select' ? (
                        <div key={cell.id} onClick={(e) => e.stopPropagation()}>
                          <input
                            type="checkbox"
                            checked={isSelected}
                            data-testid="select-row"
                            aria-label={`select run ${original.id}`}
                            onClick={(e) => toggle(item.index, original.id, e.shiftKey)}
                            onChange={() => undefined}
                          />
                        </div>
                      ) : (
                        <div
                          key={cell.id}
                          className={NUMERIC_COLUMNS.has(cell.column.id) ? 'num' : ''}
                          title={cell.column.id === 'text' ? original.text : undefined}
                        >
                          <table.FlexRender cell={cell} />
                        </div>
                      ),
                    )}
                  </div>
                );
              })}
            </div>
            {pages.total === 0 && (
              <p className="muted" style={{ padding: 16 }} data-testid="runs-empty">
                No runs match. Run an experiment, or clear the filters.
              </p>
            )}
          </div>
        </div>
      )}
      <p className="muted small" style={{ margin: 0 }}>
        Click a row to open it · checkbox or ctrl-click to select, shift-click for a range · <kbd>Delete</kbd>{' '}
        deletes the selection (undo for {UNDO_WINDOW_MS / 1000} s) · click a header to sort, shift-click to
        add a key.
      </p>
      {pendingDelete && (
        <UndoToast
          message={`Deleted ${pendingDelete.ids.length} run${pendingDelete.ids.length === 1 ? '' : 's'}.`}
          until={pendingDelete.until}
          onUndo={() => void undo()}
          onExpire={expire}
        />
      )}
    </section>
  );
}
