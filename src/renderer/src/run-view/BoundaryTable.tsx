import type { BoundaryRecord } from '../../../contract/index.ts';
import { clock, fixed } from '../components/format.ts';

/** Every boundary with its measures; a row click jumps there. */
export function BoundaryTable({
  boundaries,
  current,
  onPick,
}: {
  boundaries: readonly BoundaryRecord[];
  current: number;
  onPick: (index: number) => void;
}) {
  if (!boundaries.length) return <p className="muted">This run has a single chunk: no boundaries.</p>;
  return (
    <div className="boundary-list">
      <table className="table" data-testid="boundary-table">
        <thead>
          <tr>
            <th>#</th>
            <th>time</th>
            <th
              className="num"
              title="Largest sample jump near the boundary ÷ local std of the first difference; above 5 is audible"
            >
              click
            </th>
            <th className="num" title="The same measure on the offline reference at the same sample">
              ref click
            </th>
            <th className="num">dE (dB)</th>
            <th className="num">dF0 (Hz)</th>
            <th className="num">flux jump</th>
            <th className="num">local SNR (dB)</th>
          </tr>
        </thead>
        <tbody>
          {boundaries.map((b, i) => (
            <tr
              key={b.index}
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
              <td className="num">{fixed(b.dEDb, 2)}</td>
              <td className="num">{fixed(b.dF0Hz, 1)}</td>
              <td className="num">{fixed(b.fluxJump, 2)}</td>
              <td className="num">{fixed(b.snrDbLocal, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
