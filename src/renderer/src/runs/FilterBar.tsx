import { useEffect, useState } from 'react';
import type { FieldCondition, RunStatus } from '../../../contract/methods/library.ts';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { FILTER_FIELDS, fieldLabel } from './fields.ts';
import { EMPTY_QUERY, type TableQuery } from './table-view.ts';

export { EMPTY_QUERY, type TableQuery } from './table-view.ts';

const OPS = ['=', '!=', '<', '<=', '>', '>=', 'like'] as const;

/** Search, tag, status and knob/metric conditions: every filter the store can run. */
export function FilterBar({ query, onChange }: { query: TableQuery; onChange: (q: TableQuery) => void }) {
  const tags = useEngineQuery('runs.tags', {});
  const [search, setSearch] = useState(query.search);
  const [field, setField] = useState('ttfa_ms');
  const [op, setOp] = useState<(typeof OPS)[number]>('<');
  const [value, setValue] = useState('');

  // Typing is debounced: each keystroke does not need its own database query.
  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => onChange({ ...query, search }), 200);
    return () => clearTimeout(timer);
  }, [search, query, onChange]);

  const selected = FILTER_FIELDS.find((f) => f.field === field);
  const addCondition = () => {
    if (!value.trim()) return;
    const parsed = selected?.type === 'number' && op !== 'like' ? Number(value) : value.trim();
    if (typeof parsed === 'number' && !Number.isFinite(parsed)) return;
    const condition: FieldCondition = {
      field,
      op,
      value: op === 'like' ? `%${String(parsed)}%` : parsed,
    };
    onChange({ ...query, conditions: [...query.conditions, condition] });
    setValue('');
  };

  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row">
        <input
          style={{ flex: '1 1 260px' }}
          placeholder="Search text, strategy, knob values, notes or run id…"
          value={search}
          data-testid="runs-search"
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          value=""
          data-testid="tag-filter"
          onChange={(e) =>
            e.target.value && onChange({ ...query, tags: [...new Set([...query.tags, e.target.value])] })
          }
        >
          <option value="">tag…</option>
          {(tags.data?.tags ?? []).map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.runs})
            </option>
          ))}
        </select>
        <select
          value={query.status}
          onChange={(e) => onChange({ ...query, status: e.target.value as RunStatus | '' })}
          data-testid="status-filter"
        >
          <option value="">any status</option>
          {['finished', 'failed', 'cancelled', 'interrupted', 'running'].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          value={query.synthetic}
          onChange={(e) => onChange({ ...query, synthetic: e.target.value as TableQuery['synthetic'] })}
        >
          <option value="">real + synthetic</option>
          <option value="no">real models only</option>
          <option value="yes">synthetic only</option>
        </select>
        <span className="muted">|</span>
        <select value={field} onChange={(e) => setField(e.target.value)} data-testid="condition-field">
          {(['knob', 'metric', 'run'] as const).map((group) => (
            <optgroup key={group} label={group === 'knob' ? 'knobs' : group === 'metric' ? 'metrics' : 'run'}>
              {FILTER_FIELDS.filter((f) => f.group === group).map((f) => (
                <option key={f.field} value={f.field}>
                  {fieldLabel(f.field)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <select
          value={op}
          onChange={(e) => setOp(e.target.value as (typeof OPS)[number])}
          data-testid="condition-op"
        >
          {OPS.map((o) => (
            <option key={o} value={o}>
              {o === 'like' ? 'contains' : o}
            </option>
          ))}
        </select>
        <input
          style={{ width: 110 }}
          placeholder={selected?.type === 'number' ? 'number' : 'value'}
          value={value}
          data-testid="condition-value"
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && addCondition()}
        />
        <button onClick={addCondition} data-testid="condition-add">
          + filter
        </button>
      </div>
      {(query.conditions.length > 0 || query.tags.length > 0) && (
        <div className="row">
          {query.conditions.map((c, i) => (
            <span key={`c${i}`} className="filter-chip" data-testid="filter-chip">
              {fieldLabel(c.field)} {c.op === 'like' ? 'contains' : c.op}{' '}
              {String(c.value).replace(/^%|%$/g, '')}
              <button
                onClick={() => onChange({ ...query, conditions: query.conditions.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            </span>
          ))}
          {query.tags.map((tag) => (
            <span key={`t${tag}`} className="filter-chip">
              tag: {tag}
              <button onClick={() => onChange({ ...query, tags: query.tags.filter((t) => t !== tag) })}>
                ×
              </button>
            </span>
          ))}
          <button
            className="ghost small"
            onClick={() => {
              setSearch('');
              onChange(EMPTY_QUERY);
            }}
          >
            clear all
          </button>
        </div>
      )}
    </div>
  );
}
