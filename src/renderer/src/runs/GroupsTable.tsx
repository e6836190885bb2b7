import type { FieldCondition, RunFilter } from '../../../contract/methods/library.ts';
import { EngineError } from '../components/EngineError.tsx';
import { count, fixed, ms } from '../components/format.ts';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { fieldLabel } from './fields.ts';

/** The key metrics each group shows the mean of, with how to print them. */
const GROUP_METRICS = [
  { id: 'ttfa_ms', label: 'mean engine TTFA ms', format: ms },
  { id: 'rtf', label: 'mean RTF ×', format: (v: number | null) => fixed(v, 2) },
  { id: 'max_excess_click_score', label: 'mean max excess click', format: (v: number | null) => fixed(v, 2) },
  { id: 'snr_db', label: 'mean SNR dB', format: (v: number | null) => fixed(v, 1) },
] as const;

// Narrow enough to fit the 1024 px window without sideways scrolling (a handful of columns, unlike the runs table),
// wide enough that the longest header ("mean max excess click") is never cut.
const TEMPLATE = `minmax(160px, 1fr) 90px ${GROUP_METRICS.map(() => 'minmax(150px, 170px)').join(' ')}`;

/** The condition that narrows the table to one group's runs. */
export function groupCondition(field: string, value: string | number | null): FieldCondition {
  return value === null ? { field, op: 'is-null' } : { field, op: '=', value };
}

/**
 * The runs table grouped by one field, as MLflow and W&B group runs: a row per value with its run count and the
 * mean of the key metrics over all its matching runs (computed in the database). Clicking a group shows its runs.
 */
export function GroupsTable({
  filter,
  groupBy,
  onOpen,
}: {
  filter: RunFilter;
  groupBy: string;
  onOpen: (condition: FieldCondition) => void;
}) {
  const groups = useEngineQuery('runs.groups', {
    filter,
    groupBy,
    metrics: GROUP_METRICS.map((m) => m.id),
  });
  if (groups.state === 'failed')
    return <EngineError error={groups.error} title="Could not group runs." onRetry={groups.reload} />;
  const data = groups.data;
  return (
    <div className="grid-table" data-testid="runs-groups">
      <div className="grid-head" style={{ gridTemplateColumns: TEMPLATE }}>
        <div>{fieldLabel(groupBy)}</div>
        <div className="num">runs</div>
        {GROUP_METRICS.map((m) => (
          <div key={m.id} className="num">
            {m.label}
          </div>
        ))}
      </div>
      <div className="grid-body" style={{ maxHeight: 'calc(100vh - 330px)', minHeight: 120 }}>
        {!data && (
          <p className="muted" style={{ padding: 16 }}>
            grouping…
          </p>
        )}
        {data?.groups.map((g) => (
          <div
            key={String(g.value)}
            className="grid-row static"
            style={{ gridTemplateColumns: TEMPLATE, cursor: 'pointer' }}
            data-testid="runs-group"
            data-value={String(g.value)}
            data-count={g.count}
            title="Show this group's runs"
            onClick={() => onOpen(groupCondition(groupBy, g.value))}
          >
            <div>{g.value === null ? <span className="muted">(not set)</span> : String(g.value)}</div>
            <div className="num" data-testid="group-count">
              {count(g.count)}
            </div>
            {GROUP_METRICS.map((m) => (
              <div key={m.id} className="num">
                {m.format(g.means[m.id] ?? null)}
              </div>
            ))}
          </div>
        ))}
        {data && data.groups.length === 0 && (
          <p className="muted" style={{ padding: 16 }}>
            No runs match.
          </p>
        )}
        {data?.truncated && (
          <p className="muted small" style={{ padding: 8 }}>
            Only the first {data.groups.length} values are shown.
          </p>
        )}
      </div>
    </div>
  );
}
