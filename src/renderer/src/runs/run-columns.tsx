import {
  createColumnHelper,
  type ColumnDef,
  columnSizingFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { RunListRow } from '../../../contract/methods/library.ts';
import { compactDateTime, fixed, fullDateTime, ms, shortId } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';

/** A row the table shows while its page is still loading. */
export type TableRow = RunListRow | { placeholder: true; index: number };

export function isPlaceholder(row: TableRow): row is { placeholder: true; index: number } {
  return 'placeholder' in row;
}

export const runTableFeatures = tableFeatures({ rowSortingFeature, columnSizingFeature });
const helper = createColumnHelper<typeof runTableFeatures, TableRow>();

const metric = (row: RunListRow, name: string): number | null => {
  const value = row.metrics?.[name];
  return typeof value === 'number' ? value : null;
};

/** A number knob of the run's configuration, or null when its strategy has no such knob. */
const knob = (row: RunListRow, section: 'schedule' | 'boundary', name: string): number | null => {
  const value = (row.config[section] as Record<string, unknown>)[name];
  return typeof value === 'number' ? value : null;
};

function metricColumn(id: string, header: string, size: number, format: (v: number | null) => string) {
  return [
    helper.accessor((r) => (isPlaceholder(r) ? null : metric(r, id)), {
      id,
      header,
      size,
      cell: (c) => format(c.getValue()),
    }),
  ];
}

/** Column id = the store field it sorts by (list-runs.ts allow-list), so sorting is done by the database. */
/** One column definition, whatever its value type (the chooser handles them alike). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- value types differ per column, as tanstack types them
export type RunColumn = ColumnDef<typeof runTableFeatures, TableRow, any>;

export const runColumns: RunColumn[] = helper.columns([
  helper.display({ id: 'select', header: '', size: 40, enableSorting: false }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.createdAt), {
    id: 'created_at',
    header: 'created',
    // "2026-12-06 04:13:22" in tabular digits plus the cell padding.
    size: 164,
    cell: (c) =>
      c.getValue() ? (
        <span
          className="num"
          data-testid="created-cell"
          // The full timestamp (Intl) is built when the pointer arrives, not for every row on the first paint.
          onMouseEnter={(e) => {
            e.currentTarget.title = fullDateTime(c.getValue());
          }}
        >
          {compactDateTime(c.getValue())}
        </span>
      ) : (
        '…'
      ),
  }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.id), {
    id: 'id',
    header: 'run',
    size: 80,
    cell: (c) => <span className="mono">{shortId(c.getValue())}</span>,
  }),
  helper.accessor((r) => r, {
    id: 'status',
    header: 'status',
    size: 84,
    cell: (c) => {
      const r = c.getValue();
      if (isPlaceholder(r)) return null;
      return (
        <>
          {r.status}
          {r.conditions?.cold && (
            <span
              className="badge off"
              data-testid="cold-label"
              title="Its model was loaded or warmed for it (outside its clock)"
            >
              cold
            </span>
          )}
          {r.conditions?.contended && (
            <span
              className="badge danger"
              data-testid="contended-label"
              title={`Other runs overlapped ${Math.round(r.conditions.overlapMs)} ms of its clock`}
            >
              contended
            </span>
          )}
        </>
      );
    },
  }),
  helper.accessor((r) => r, {
    id: 'model',
    header: 'model',
    size: 150,
    cell: (c) => {
      const r = c.getValue();
      if (isPlaceholder(r)) return null;
      return (
        <>
          <span title={r.model}>{r.model}</span> <SyntheticBadge synthetic={r.synthetic} compact />
        </>
      );
    },
  }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.text), { id: 'text', header: 'text', size: 140 }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.boundaryKind), {
    id: 'boundary_kind',
    header: 'boundary',
    size: 134,
    cell: (c) => {
      const r = c.row.original;
      if (isPlaceholder(r)) return null;
      const b = r.config.boundary;
      return b.kind === 'overlap-add'
        ? `overlap ${b.overlapTokens} · ${b.crossfadeMs} ms`
        : b.kind === 'context'
          ? `context ${b.contextTokens}`
          : b.kind;
    },
  }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.pipelineKind), {
    id: 'pipeline_kind',
    header: 'pipeline',
    size: 90,
  }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.textSourceMode), {
    id: 'text_source_mode',
    header: 'text source',
    size: 100,
  }),
  helper.accessor((r) => (isPlaceholder(r) ? null : r.seed), { id: 'seed', header: 'seed', size: 60 }),
  helper.accessor((r) => (isPlaceholder(r) ? null : metric(r, 'ttfa_ms')), {
    id: 'ttfa_ms',
    header: 'TTFA ms',
    size: 86,
    cell: (c) => ms(c.getValue()),
  }),
  helper.accessor((r) => (isPlaceholder(r) ? null : metric(r, 'rtf')), {
    id: 'rtf',
    header: 'RTF ×',
    size: 64,
    cell: (c) => fixed(c.getValue(), 2),
  }),
  helper.accessor((r) => (isPlaceholder(r) ? null : metric(r, 'gap_count')), {
    id: 'gap_count',
    header: 'sim. gaps',
    size: 84,
    cell: (c) => fixed(c.getValue(), 0),
  }),
  // Clicks by their excess over the reference (what chunking added), the quantity that ranks strategies.
  helper.accessor((r) => (isPlaceholder(r) ? null : metric(r, 'max_excess_click_score')), {
    id: 'max_excess_click_score',
    header: 'max excess click',
    size: 130,
    cell: (c) => fixed(c.getValue(), 2),
  }),
  helper.accessor(
    (r) => (isPlaceholder(r) ? null : metric(r, 'snr_identical') === 1 ? Infinity : metric(r, 'snr_db')),
    {
      id: 'snr_db',
      header: 'SNR dB',
      size: 84,
      cell: (c) => (c.getValue() === Infinity ? '∞ identical' : fixed(c.getValue(), 1)),
    },
  ),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.voice), { id: 'voice', header: 'voice', size: 110 }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.scheduleKind), {
    id: 'schedule_kind',
    header: 'schedule',
    size: 90,
  }),
  helper.accessor((r) => (isPlaceholder(r) ? null : knob(r, 'schedule', 'tokens')), {
    id: 'config.schedule.tokens',
    header: 'chunk tokens',
    size: 90,
  }),
  helper.accessor((r) => (isPlaceholder(r) ? null : knob(r, 'boundary', 'overlapTokens')), {
    id: 'config.boundary.overlapTokens',
    header: 'overlap tokens',
    size: 96,
  }),
  helper.accessor((r) => (isPlaceholder(r) ? null : knob(r, 'boundary', 'crossfadeMs')), {
    id: 'config.boundary.crossfadeMs',
    header: 'crossfade ms',
    size: 90,
  }),
  ...metricColumn('wall_ms', 'wall ms', 80, ms),
  ...metricColumn('audio_ms', 'audio ms', 80, ms),
  ...metricColumn('total_gap_ms', 'sim. gap ms', 84, ms),
  ...metricColumn('boundary_count', 'boundaries', 80, (v) => fixed(v, 0)),
  ...metricColumn('median_excess_click_score', 'median excess click', 120, (v) => fixed(v, 2)),
  ...metricColumn('audible_clicks', 'audible clicks', 90, (v) => fixed(v, 0)),
  ...metricColumn('lsd_db', 'LSD dB', 70, (v) => fixed(v, 2)),
  ...metricColumn('mcd_db', 'MCD dB', 70, (v) => fixed(v, 2)),
  helper.accessor((r) => (isPlaceholder(r) ? [] : r.tags), {
    id: 'tags',
    header: 'tags',
    size: 90,
    enableSorting: false,
    cell: (c) => c.getValue().join(', '),
  }),
]);

/** The columns shown until the user chooses others: they fit a 1440 px window without scrolling sideways. */
export const DEFAULT_COLUMNS: readonly string[] = [
  'created_at',
  'id',
  'status',
  'model',
  'text',
  'boundary_kind',
  'ttfa_ms',
  'rtf',
  'gap_count',
  'max_excess_click_score',
  'snr_db',
  'tags',
];

/** Columns the chooser offers (everything but the selection checkbox), in table order. */
export const CHOOSABLE_COLUMNS = runColumns
  .filter((c) => c.id !== 'select')
  .map((c) => ({ id: c.id!, label: String(c.header) }));

/** The selection column plus the chosen ones, in table order (unknown ids from an old saved view are dropped). */

export function visibleColumns(chosen: readonly string[]): RunColumn[] {
  return runColumns.filter((c) => c.id === 'select' || chosen.includes(c.id!));
}

/**
 * Widths in px; the text column takes what is left over (its size is its minimum). Header and rows share the
 * template and the minimum width, so they line up when a narrow window scrolls the table sideways.
 */
export function gridTemplate(columns: readonly RunColumn[]): string {
  return columns.map((c) => (c.id === 'text' ? `minmax(${c.size}px, 1fr)` : `${c.size ?? 100}px`)).join(' ');
}

export function gridWidth(columns: readonly RunColumn[]): number {
  return columns.reduce((sum, c) => sum + (c.size ?? 100), 0);
}

/** Right-aligned number columns. */
export const NUMERIC_COLUMNS = new Set([
  'seed',
  'ttfa_ms',
  'rtf',
  'gap_count',
  'max_excess_click_score',
  'snr_db',
  'config.schedule.tokens',
  'config.boundary.overlapTokens',
  'config.boundary.crossfadeMs',
  'wall_ms',
  'audio_ms',
  'total_gap_ms',
  'boundary_count',
  'median_excess_click_score',
  'audible_clicks',
  'lsd_db',
  'mcd_db',
]);
