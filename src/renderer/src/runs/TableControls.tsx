import { useState } from 'react';
import { FILTER_FIELDS } from './fields.ts';
import { CHOOSABLE_COLUMNS } from './run-columns.tsx';
import type { SavedView, TableView } from './views.ts';

/** Knobs and run fields the table can group by (metrics are continuous: grouping them gives one row per run). */
export const GROUP_FIELDS = FILTER_FIELDS.filter((f) => f.group !== 'metric');

interface Props {
  view: TableView;
  onView: (view: TableView) => void;
  saved: SavedView[];
  onSave: (name: string) => void;
  onDelete: (name: string) => void;
}

/** Column chooser, grouping and saved views of the runs table. */
export function TableControls({ view, onView, saved, onSave, onDelete }: Props) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const toggleColumn = (id: string, on: boolean) =>
    onView({
      ...view,
      columns: on ? [...view.columns.filter((c) => c !== id), id] : view.columns.filter((c) => c !== id),
    });
  return (
    <div className="row table-controls">
      <details className="column-chooser" data-testid="column-chooser">
        <summary>Columns ({view.columns.length})</summary>
        <div className="column-chooser-menu">
          {CHOOSABLE_COLUMNS.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={view.columns.includes(c.id)}
                data-testid={`column-toggle-${c.id}`}
                onChange={(e) => toggleColumn(c.id, e.target.checked)}
              />
              {c.label}
            </label>
          ))}
        </div>
      </details>
      <label className="row" style={{ gap: 6 }}>
        <span className="muted small">group by</span>
        <select
          value={view.groupBy}
          data-testid="group-by"
          onChange={(e) => onView({ ...view, groupBy: e.target.value })}
        >
          <option value="">nothing</option>
          {GROUP_FIELDS.map((f) => (
            <option key={f.field} value={f.field}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      <label className="row" style={{ gap: 6 }}>
        <span className="muted small">view</span>
        <select
          value={chosen}
          data-testid="view-select"
          onChange={(e) => {
            setChosen(e.target.value);
            const found = saved.find((v) => v.name === e.target.value);
            if (found)
              onView({
                columns: found.columns,
                sorting: found.sorting,
                query: found.query,
                groupBy: found.groupBy,
              });
          }}
        >
          <option value="">{saved.length ? 'saved views…' : 'no saved views'}</option>
          {saved.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {chosen && (
        <button
          className="ghost"
          data-testid="view-delete"
          onClick={() => {
            onDelete(chosen);
            setChosen('');
          }}
        >
          delete view
        </button>
      )}
      <input
        placeholder="view name"
        value={name}
        style={{ width: 130 }}
        data-testid="view-name"
        onChange={(e) => setName(e.target.value)}
      />
      <button
        disabled={!name.trim()}
        data-testid="view-save"
        title="Save the columns, sort, filter and grouping under this name"
        onClick={() => {
          onSave(name);
          setChosen(name.trim());
          setName('');
        }}
      >
        Save view
      </button>
    </div>
  );
}
