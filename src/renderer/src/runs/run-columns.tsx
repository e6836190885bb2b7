import {
  createColumnHelper,
  columnSizingFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { RunListRow } from '../../../contract/methods/library.ts';
import { dateTime, fixed, ms, shortId } from '../components/format.ts';
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

/** Column id = the store field it sorts by (list-runs.ts allow-list), so sorting is done by the database. */
export const runColumns = helper.columns([
  helper.display({ id: 'select', header: '', size: 40, enableSorting: false }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.createdAt), {
    id: 'created_at',
    header: 'created',
    size: 130,
    cell: (c) => (c.getValue() ? dateTime(c.getValue()) : '…'),
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
    size: 80,
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
    size: 170,
    cell: (c) => {
      const r = c.getValue();
      if (isPlaceholder(r)) return null;
      return (
        <>
          {r.model} <SyntheticBadge synthetic={r.synthetic} compact />
        </>
      );
    },
  }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.text), { id: 'text', header: 'text', size: 220 }),
  helper.accessor((r) => (isPlaceholder(r) ? '' : r.boundaryKind), {
    id: 'boundary_kind',
    header: 'boundary',
    size: 130,
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
    header: 'engine TTFA ms',
    size: 80,
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
    size: 56,
    cell: (c) => fixed(c.getValue(), 0),
  }),
  // Clicks by their excess over the reference (what chunking added), the quantity that ranks strategies.
  helper.accessor((r) => (isPlaceholder(r) ? null : metric(r, 'max_excess_click_score')), {
    id: 'max_excess_click_score',
    header: 'max excess click',
    size: 96,
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
  helper.accessor((r) => (isPlaceholder(r) ? [] : r.tags), {
    id: 'tags',
    header: 'tags',
    size: 140,
    enableSorting: false,
    cell: (c) => c.getValue().join(', '),
  }),
]);

export const gridTemplate = runColumns.map((c) => `${c.size ?? 100}px`).join(' ');

/** Right-aligned number columns. */
export const NUMERIC_COLUMNS = new Set([
  'seed',
  'ttfa_ms',
  'rtf',
  'gap_count',
  'max_excess_click_score',
  'snr_db',
]);
