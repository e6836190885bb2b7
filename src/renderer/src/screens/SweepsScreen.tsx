import { useEffect } from 'react';
import { Link } from 'wouter';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { dateTime } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { SweepForm } from '../sweeps/SweepForm.tsx';
import { SweepView } from '../sweeps/SweepView.tsx';
import '../sweeps/sweeps.css';

function SweepList({ current }: { current?: string }) {
  const engine = useEngine();
  const sweeps = useEngineQuery('sweeps.list', {});
  const { reload } = sweeps;
  // A sweep that starts, finishes or is cancelled changes its row.
  useEffect(
    () =>
      engine.on('sweep.progress', (p) => {
        if (p.state !== 'running' || p.row === null) reload();
      }),
    [engine, reload],
  );
  if (sweeps.state === 'failed')
    return <EngineError error={sweeps.error} title="Could not list sweeps." onRetry={reload} />;
  const list = sweeps.data ?? [];
  return (
    <section className="card" data-testid="sweep-list">
      <h2>Sweeps</h2>
      {list.length === 0 ? (
        <p className="muted">No sweeps yet.</p>
      ) : (
        <ul className="plain sweep-list">
          {list.map((s) => (
            <li key={s.id} className={s.id === current ? 'current' : ''}>
              <Link href={`/sweeps/${s.id}`}>{s.name}</Link>{' '}
              <SyntheticBadge synthetic={s.synthetic} compact />
              <div className="muted small">
                {s.finished}/{s.total} runs · {s.state === 'idle' ? 'incomplete' : s.state} ·{' '}
                {dateTime(s.createdAt)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Sweeps: define and run a grid (or open one), see metric-vs-knob plots and every run. */
export function SweepsScreen({ sweepId }: { sweepId?: string }) {
  return (
    <div className="sweeps-layout" data-testid="sweeps-screen">
      <div className="stack">
        {sweepId && (
          <Link href="/sweeps" className="small">
            + New sweep
          </Link>
        )}
        {!sweepId && <SweepForm />}
        <SweepList current={sweepId} />
      </div>
      <div className="stack">
        {sweepId ? (
          <SweepView key={sweepId} sweepId={sweepId} />
        ) : (
          <section className="card muted">
            Pick a sweep on the left, or define one: one or two knobs over ranges, with repeats. Runs go one
            after another (never in parallel, so timings stay honest) and are linked to their grid point, so
            an interrupted sweep can be resumed.
          </section>
        )}
      </div>
    </div>
  );
}
