import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { SweepProgress } from '../../../contract/methods/sweeps.ts';
import { palette } from '../components/chart-palette.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { dateTime, fixed, ms, shortId } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { useColorScheme } from '../hooks/useColorScheme.ts';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { SweepChart } from './SweepChart.tsx';
import { formatValue, PLOT_METRICS, shortPath, type MetricKey } from './sweep-data.ts';
import { metricPlot, parallelPlot } from './sweep-plots.ts';

const STATE_BADGE: Record<string, string> = {
  running: 'badge warn',
  finished: 'badge ok',
  cancelled: 'badge off',
  failed: 'badge danger',
  idle: 'badge off',
};

const STATE_TEXT: Record<string, string> = {
  running: 'running',
  finished: 'finished',
  cancelled: 'cancelled: resumable',
  failed: 'failed',
  idle: 'incomplete: resumable',
};

/** One sweep: live progress (cancel, resume), metric-vs-knob with spread, parallel coordinates, every run. */
export function SweepView({ sweepId }: { sweepId: string }) {
  const engine = useEngine();
  const [, navigate] = useLocation();
  const scheme = useColorScheme();
  const query = useEngineQuery('sweeps.get', { sweepId });
  const { reload } = query;
  const [live, setLive] = useState<SweepProgress | null>(null);
  const [metric, setMetric] = useState<MetricKey>('medianExcessClickScore');
  const [spread, setSpread] = useState<'minmax' | 'std'>('minmax');
  const [actionError, setActionError] = useState<Error | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Progress events: the bar moves at once; the table and plots re-read the sweep (coalesced).
  useEffect(() => {
    const off = engine.on('sweep.progress', (progress) => {
      if (progress.sweepId !== sweepId) return;
      setLive(progress);
      if (progress.row || progress.state !== 'running') {
        if (pending.current) clearTimeout(pending.current);
        pending.current = setTimeout(reload, 150);
      }
    });
    return () => {
      off();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [engine, sweepId, reload]);

  const data = query.data;
  const rows = useMemo(() => data?.rows ?? [], [data]);
  const params = useMemo(() => data?.sweep.params ?? [], [data]);
  // Canvas colours are re-read from the theme whenever the colour scheme changes.
  const colors = useMemo(() => palette(), [scheme]);
  const plot = useMemo(
    () => metricPlot({ params, rows, metric, spread, palette: colors }),
    [params, rows, metric, spread, colors],
  );
  const parallel = useMemo(
    () => parallelPlot({ params, rows, colorBy: metric, palette: colors }),
    [params, rows, metric, colors],
  );

  if (query.state === 'failed' && !data)
    return <EngineError error={query.error} title="Could not open the sweep." onRetry={reload} />;
  if (!data) return <p className="muted">Opening the sweep…</p>;

  const { sweep } = data;
  const progress = live ?? data.progress;
  const running = sweep.state === 'running' || progress?.state === 'running';
  const state = running ? 'running' : sweep.state;
  const completed = running && progress ? progress.completed : sweep.finished + sweep.failed;
  const act = (action: () => Promise<unknown>) => {
    setActionError(null);
    action().then(reload, (e: Error) => setActionError(e));
  };
  const open = (runId: string | null | undefined) => runId && navigate(`/runs/${runId}`);

  return (
    <div className="stack" data-testid="sweep-view" data-state={state}>
      <section className="card stack">
        <div className="row">
          <h2 style={{ margin: 0 }} data-testid="sweep-name">
            {sweep.name}
          </h2>
          <span className={STATE_BADGE[state] ?? 'badge'} data-testid="sweep-state">
            {STATE_TEXT[state] ?? state}
          </span>
          <SyntheticBadge synthetic={sweep.synthetic} />
          <span className="spacer" />
          <span className="muted small">{dateTime(sweep.createdAt)}</span>
        </div>
        <div className="row">
          <div className="meter sweep-meter" title={`${completed} of ${sweep.total} runs`}>
            <div style={{ width: `${sweep.total ? (completed / sweep.total) * 100 : 0}%` }} />
          </div>
          <span className="num" data-testid="sweep-progress">
            {completed} / {sweep.total} runs
          </span>
          {running && progress?.current && (
            <span className="muted small">
              point {progress.current.pointIndex + 1}, repeat {progress.current.repeatIndex + 1}
            </span>
          )}
          {running ? (
            <button
              className="danger"
              onClick={() => act(() => engine.call('sweeps.cancel', { sweepId }))}
              data-testid="cancel-sweep"
            >
              Cancel
            </button>
          ) : (
            sweep.finished < sweep.total && (
              <button
                className="primary"
                onClick={() => act(() => engine.call('sweeps.resume', { sweepId }))}
                data-testid="resume-sweep"
              >
                Resume ({sweep.total - sweep.finished} to go)
              </button>
            )
          )}
        </div>
        <p className="muted small" style={{ margin: 0 }}>
          {sweep.params
            .map((p) => `${p.name} (${p.path}): ${p.values.map(formatValue).join(', ')}`)
            .join(' × ')}{' '}
          · {sweep.repeats} repeat{sweep.repeats === 1 ? '' : 's'} per point
          {sweep.failed ? ` · ${sweep.failed} failed` : ''}
        </p>
        {data.notes.map((n) => (
          <p key={n} className="muted small" style={{ margin: 0 }}>
            {n}
          </p>
        ))}
        {progress?.state === 'failed' && progress.error && (
          <div className="error-box small">The sweep stopped: {progress.error}</div>
        )}
        {sweep.synthetic && (
          <p className="note-box small" style={{ margin: 0 }}>
            Synthetic test model: its absolute speed and sound mean nothing; compare the strategies with each
            other.
          </p>
        )}
        {actionError && <EngineError error={actionError} title="That did not work." />}
      </section>

      <section className="card stack">
        <div className="row">
          <h3 style={{ margin: 0 }}>Metric vs {params[0]?.name ?? 'knob'}</h3>
          <span className="spacer" />
          <label className="row small">
            Metric
            <select
              value={metric}
              onChange={(e) => setMetric(e.target.value as MetricKey)}
              data-testid="sweep-metric"
            >
              {PLOT_METRICS.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <label className="row small">
            Spread
            <select value={spread} onChange={(e) => setSpread(e.target.value as 'minmax' | 'std')}>
              <option value="minmax">min – max</option>
              <option value="std">± 1 SD</option>
            </select>
          </label>
        </div>
        {plot.pointCount === 0 ? (
          <p className="muted" data-testid="sweep-plot-empty">
            No finished runs yet: the plot appears with the first one.
          </p>
        ) : (
          <SweepChart
            option={plot.option}
            testId="sweep-plot"
            pointCount={plot.pointCount}
            markers={plot.markers}
            onClick={({ seriesIndex, dataIndex }) => open(plot.targets[seriesIndex]?.[dataIndex])}
          />
        )}
        <p className="muted small" style={{ margin: 0 }} data-testid="sweep-plot-quantity">
          Shows: <strong>{PLOT_METRICS.find((m) => m.key === metric)?.label ?? metric}</strong>.{' '}
          {PLOT_METRICS.find((m) => m.key === metric)?.definition}
        </p>
        <p className="muted small" style={{ margin: 0 }}>
          Line: mean over repeats; band: {spread === 'minmax' ? 'min to max' : '± one standard deviation'};
          dots: single repeats. Click a point to open its run.
        </p>
      </section>

      <section className="card stack">
        <h3 style={{ margin: 0 }}>Knobs and metrics (parallel coordinates, coloured by the chosen metric)</h3>
        {parallel.runIds.length === 0 ? (
          <p className="muted">No finished runs yet.</p>
        ) : (
          <SweepChart
            option={parallel.option}
            testId="sweep-parallel"
            height={340}
            pointCount={parallel.runIds.length}
            onClick={({ dataIndex }) => open(parallel.runIds[dataIndex])}
          />
        )}
      </section>

      <section className="card">
        <h3>Runs</h3>
        <table className="table small" data-testid="sweep-rows">
          <thead>
            <tr>
              <th className="num">Point</th>
              {params.map((p) => (
                <th key={p.path}>{p.name}</th>
              ))}
              <th className="num">Repeat</th>
              <th>Status</th>
              <th className="num">Median click</th>
              <th className="num">SNR (dB)</th>
              <th className="num">TTFA (ms)</th>
              <th className="num">RTF</th>
              <th className="num">Gaps</th>
              <th>Run</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={`${row.pointIndex}:${row.repeatIndex}`}
                data-testid="sweep-row"
                data-status={row.status}
              >
                <td className="num">{row.pointIndex + 1}</td>
                {params.map((p) => (
                  <td key={p.path} className="mono">
                    {formatValue(row.point[p.path] ?? row.point[shortPath(p.path)])}
                  </td>
                ))}
                <td className="num">{row.repeatIndex + 1}</td>
                <td>
                  <span className={STATE_BADGE[row.status] ?? 'badge off'}>{row.status}</span>
                  {row.error && row.status === 'failed' && <div className="danger-text">{row.error}</div>}
                </td>
                <td className="num">{fixed(row.metrics?.medianClickScore, 2)}</td>
                <td className="num">{fixed(row.metrics?.snrDb, 1)}</td>
                <td className="num">{ms(row.metrics?.ttfaMs)}</td>
                <td className="num">{fixed(row.metrics?.rtf, 3)}</td>
                <td className="num">{row.metrics ? row.metrics.gapCount : '—'}</td>
                <td>
                  {row.runId ? (
                    <Link href={`/runs/${row.runId}`} className="mono">
                      {shortId(row.runId)}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
