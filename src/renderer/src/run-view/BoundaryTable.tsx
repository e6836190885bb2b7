import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { BOUNDARY_COLUMN_DEFINITIONS, type BoundaryRecord } from '../../../contract/index.ts';
import { clock, fixed } from '../components/format.ts';

/** Height of every row (px): fixed in CSS (.boundary-list tr), so rows are never measured one by one. */
const ROW_PX = 29;

/**
 * Every boundary with its measures; a row click jumps there, and the current boundary is kept in view. Only the
 * rows in view are rendered: a 10-minute run has 600 boundaries, and laying them all out cost the run view about
 * a tenth of a second before it became interactive.
 */
export function BoundaryTable({
  boundaries,
  current,
  onPick,
}: {
  boundaries: readonly BoundaryRecord[];
  current: number;
  onPick: (index: number) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: boundaries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
  });
  useEffect(() => {
    if (current >= 0 && current < boundaries.length) virtualizer.scrollToIndex(current, { align: 'auto' });
  }, [current, boundaries.length, virtualizer]);

  if (!boundaries.length) return <p className="muted">This run has a single chunk: no boundaries.</p>;
  const rows = virtualizer.getVirtualItems();
  const padTop = rows[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);
  return (
    <div className="boundary-list" ref={scrollRef}>
      <table className="table" data-testid="boundary-table">
        <thead>
          <tr>
            <th>#</th>
            <th>time</th>
            {BOUNDARY_COLUMN_DEFINITIONS.map((column) => (
              <th
                key={column.field}
                className="num"
                title={column.definition}
                data-testid={`boundary-header-${column.field}`}
              >
                {column.label}
                {column.unit && column.unit !== '×' ? ` (${column.unit})` : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden style={{ height: padTop }}>
              <td colSpan={9} />
            </tr>
          )}
          {rows.map(({ index: i }) => {
            const b = boundaries[i]!;
            return (
              <tr
                key={b.index}
                data-index={i}
                className={i === current ? 'current' : ''}
                onClick={() => onPick(i)}
                data-testid="boundary-row"
              >
                <td>
                  {b.index}
                  {b.segmentJoin && <span className="muted small"> sentence</span>}
                </td>
                <td className="mono">{clock(b.timeS)}</td>
                <td className={`num ${b.clickScore > 5 ? 'field-error' : ''}`}>{fixed(b.clickScore, 2)}</td>
                <td className="num muted">{fixed(b.referenceClickScore, 2)}</td>
                <td
                  className={`num ${(b.excessClickScore ?? 0) > 5 ? 'field-error' : ''}`}
                  data-testid="excess-click"
                >
                  {fixed(b.excessClickScore, 2)}
                </td>
                <td className="num">{fixed(b.dEDb, 2)}</td>
                <td className="num">{fixed(b.dF0Hz, 1)}</td>
                <td className="num">{fixed(b.fluxJump, 2)}</td>
                <td className="num">{fixed(b.snrDbLocal, 1)}</td>
              </tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden style={{ height: padBottom }}>
              <td colSpan={9} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The columns explained in full under the table (the headers carry the same text as tooltips). */
export function BoundaryColumnLegend() {
  return (
    <details className="small boundary-legend" data-testid="boundary-legend">
      <summary className="muted">What the columns mean</summary>
      <ul>
        {BOUNDARY_COLUMN_DEFINITIONS.map((column) => (
          <li key={column.field}>
            <strong>
              {column.label}
              {column.unit ? ` (${column.unit})` : ''}
            </strong>
            : {column.definition}
          </li>
        ))}
      </ul>
    </details>
  );
}
