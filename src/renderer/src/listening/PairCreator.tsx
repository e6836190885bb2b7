import { useMemo, useState } from 'react';
import type { RunBrief } from '../../../contract/methods/listening.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { dateTime, fixed, ms, shortId } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';

/** Run ids handed over in the address (`?runs=a,b`, in the query or after the hash). */
export function requestedRuns(): string[] {
  const fromSearch = new URLSearchParams(window.location.search).get('runs');
  const hashQuery = window.location.hash.split('?')[1];
  const fromHash = hashQuery ? new URLSearchParams(hashQuery).get('runs') : null;
  return (fromHash ?? fromSearch ?? '').split(',').filter(Boolean);
}

const sameMaterial = (a: RunBrief, b: RunBrief) => a.text === b.text && a.voice === b.voice;

/** Pick run A, then run B among runs on the same text and voice; label; create. */
export function PairFromRuns({ onCreated }: { onCreated: () => void }) {
  const engine = useEngine();
  const [search, setSearch] = useState('');
  const candidates = useEngineQuery('pairs.candidates', { search: search || undefined, limit: 300 });
  const [requested] = useState(requestedRuns);
  const [a, setA] = useState<string | null>(requested[0] ?? null);
  const [b, setB] = useState<string | null>(requested[1] ?? null);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const runs = useMemo(() => candidates.data ?? [], [candidates.data]);
  const runA = runs.find((r) => r.id === a);

  const create = async () => {
    if (!a || !b) return;
    setError(null);
    try {
      await engine.call('pairs.create', { runA: a, runB: b, label: label.trim() || undefined });
      setA(null);
      setB(null);
      setLabel('');
      onCreated();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <section className="card stack" data-testid="pair-from-runs">
      <h2 style={{ margin: 0 }}>New pair from two runs</h2>
      <p className="muted small" style={{ margin: 0 }}>
        A pair is two runs on the same text and voice that differ in one or more knobs. Choose A, then B.
      </p>
      <div className="row">
        <input
          placeholder="Search text, model or id"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: 1 }}
          data-testid="pair-search"
        />
      </div>
      {candidates.state === 'failed' && (
        <EngineError error={candidates.error} title="Could not list runs." onRetry={candidates.reload} />
      )}
      <div className="run-picker">
        <table className="table small">
          <thead>
            <tr>
              <th>A</th>
              <th>B</th>
              <th>Run</th>
              <th>Strategy</th>
              <th className="num">Median click</th>
              <th className="num">TTFA</th>
              <th>Text</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const pairable = !runA || run.id === a || sameMaterial(runA, run);
              return (
                <tr
                  key={run.id}
                  className={
                    run.id === a ? 'chosen-a' : run.id === b ? 'chosen-b' : pairable ? '' : 'unpairable'
                  }
                  data-testid="candidate-run"
                  data-run-id={run.id}
                >
                  <td>
                    <input
                      type="radio"
                      name="pair-a"
                      checked={run.id === a}
                      onChange={() => {
                        setA(run.id);
                        if (b === run.id) setB(null);
                      }}
                      data-testid="choose-a"
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="pair-b"
                      checked={run.id === b}
                      disabled={!a || run.id === a || !pairable}
                      onChange={() => setB(run.id)}
                      data-testid="choose-b"
                    />
                  </td>
                  <td>
                    <span className="mono">{shortId(run.id)}</span>{' '}
                    <SyntheticBadge synthetic={run.synthetic} compact />
                    <div className="muted">{dateTime(run.createdAt)}</div>
                  </td>
                  <td>{run.strategy}</td>
                  <td className="num">{fixed(run.medianClickScore, 2)}</td>
                  <td className="num">{ms(run.ttfaMs)} ms</td>
                  <td
                    className="muted"
                    style={{
                      maxWidth: 260,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {run.text}
                  </td>
                </tr>
              );
            })}
            {runs.length === 0 && candidates.state === 'ready' && (
              <tr>
                <td colSpan={7} className="muted">
                  No finished runs{search ? ' match' : ' yet: make some on the Experiment or Sweeps screen'}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="row">
        <input
          placeholder="Label (e.g. naive vs overlap-add 3)"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          style={{ flex: 1 }}
          data-testid="pair-label"
        />
        <button
          className="primary"
          disabled={!a || !b}
          onClick={() => void create()}
          data-testid="create-pair"
        >
          Create pair
        </button>
      </div>
      {error && <EngineError error={error} title="Could not create the pair." />}
    </section>
  );
}

/** One pair per grid point of a sweep, each against a chosen baseline point. */
export function PairsFromSweep({ onCreated }: { onCreated: () => void }) {
  const engine = useEngine();
  const sweeps = useEngineQuery('sweeps.list', {});
  const [sweepId, setSweepId] = useState<string>('');
  const chosen = sweepId || sweeps.data?.[0]?.id || '';
  const detail = useEngineQuery('sweeps.get', chosen ? { sweepId: chosen } : null);
  const [baseline, setBaseline] = useState(0);
  const [repeat, setRepeat] = useState(0);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const list = sweeps.data ?? [];
  const grid = detail.data?.grid ?? [];

  const create = async () => {
    setError(null);
    setMessage('');
    try {
      const made = await engine.call('pairs.fromSweep', {
        sweepId: chosen,
        baselinePointIndex: baseline,
        repeatIndex: repeat,
      });
      setMessage(
        `${made.pairs.length} pair(s) created` +
          (made.skipped.length
            ? `; skipped ${made.skipped.map((s) => `point ${s.pointIndex + 1} (${s.reason})`).join(', ')}`
            : ''),
      );
      onCreated();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <section className="card stack" data-testid="pairs-from-sweep">
      <h2 style={{ margin: 0 }}>Pairs from a sweep</h2>
      {list.length === 0 ? (
        <p className="muted small" style={{ margin: 0 }}>
          No sweeps yet.
        </p>
      ) : (
        <>
          <div className="form-grid">
            <label className="field">
              <span>Sweep</span>
              <select value={chosen} onChange={(e) => setSweepId(e.target.value)} data-testid="sweep-select">
                {list.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.finished}/{s.total})
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Baseline point (run A)</span>
              <select
                value={baseline}
                onChange={(e) => setBaseline(Number(e.target.value))}
                data-testid="baseline-select"
              >
                {grid.map((p) => (
                  <option key={p.index} value={p.index}>
                    {p.index + 1}:{' '}
                    {Object.entries(p.values)
                      .map(([k, v]) => `${k.split('.').at(-1)}=${String(v)}`)
                      .join(', ')}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Repeat</span>
              <select value={repeat} onChange={(e) => setRepeat(Number(e.target.value))}>
                {Array.from({ length: detail.data?.sweep.repeats ?? 1 }, (_, r) => (
                  <option key={r} value={r}>
                    {r + 1}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="row">
            <button
              className="primary"
              disabled={!chosen || grid.length < 2}
              onClick={() => void create()}
              data-testid="create-sweep-pairs"
            >
              Pair every point with the baseline
            </button>
            <span className="muted small">{message}</span>
          </div>
        </>
      )}
      {(error ?? (sweeps.state === 'failed' ? sweeps.error : null)) && (
        <EngineError
          error={(error ?? (sweeps.state === 'failed' ? sweeps.error : null)) as Error}
          title="Could not make pairs."
        />
      )}
    </section>
  );
}
