import { useState } from 'react';
import { Link } from 'wouter';
import type { AbxStats, ListeningResults, MeanCi } from '../../../contract/methods/listening.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { dateTime, shortId } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { abxNeeded, differencesText } from './differences.ts';
import { downloadText } from './download.ts';
import { ExportZipButton } from '../components/ExportZipButton.tsx';
import { KIND_LABEL } from './kinds.ts';
import { ScoreBoxPlot } from './ScoreBoxPlot.tsx';
import { abxTrace } from './abx-trace.ts';
import { AbxTrialPlot, CmosBars } from './ResultCharts.tsx';

/** p with enough digits to compare against 0.05 honestly. */
export function formatP(p: number): string {
  if (p < 0.0001) return p.toExponential(2);
  return p.toFixed(4);
}

/** Mean [95 % interval], and "n too small" where there are fewer ratings than the statistics need. */
function meanText(stats: MeanCi, digits = 2): string {
  if (stats.mean === null) return '—';
  const ci = stats.ci95 ? ` [${stats.ci95[0].toFixed(digits)}, ${stats.ci95[1].toFixed(digits)}]` : '';
  const small = stats.nTooSmall ? ` · n too small (${stats.n} < ${stats.minN})` : '';
  return `${stats.mean.toFixed(digits)}${ci}${small}`;
}

/** What every mean in these results is, said once beside them. */
const INTERVAL_HELP =
  'Mean [95 % interval]: percentile bootstrap of the mean (4000 resamples, fixed seed), which stays inside the ' +
  'score scale at any n. Below the stated minimum number of ratings the interval is shown but flagged "n too small".';

/** A mean with its confidence interval drawn on a fixed scale (e.g. CMOS -3..+3). */
function CiBar({ stats, min, max }: { stats: MeanCi; min: number; max: number }) {
  if (stats.mean === null) return null;
  const pos = (v: number) => `${((Math.min(Math.max(v, min), max) - min) / (max - min)) * 100}%`;
  const [lo, hi] = stats.ci95 ?? [stats.mean, stats.mean];
  return (
    <div className="ci-bar" title={meanText(stats)}>
      <div className="ci-zero" style={{ left: pos(0) }} />
      <div className="ci-range" style={{ left: pos(lo), width: `calc(${pos(hi)} - ${pos(lo)})` }} />
      <div className="ci-mean" style={{ left: pos(stats.mean) }} />
    </div>
  );
}

function AbxVerdict({ stats }: { stats: AbxStats }) {
  const needed = abxNeeded(stats.n);
  return (
    <div className="stat-grid">
      <div className="stat">
        <div className="label">Correct</div>
        <div className="value num" data-testid="abx-correct">
          {stats.correct} / {stats.n}
        </div>
      </div>
      <div className="stat">
        <div className="label">p (one-sided binomial)</div>
        <div className="value num" data-testid="abx-p" data-p={stats.p}>
          {formatP(stats.p)}
        </div>
      </div>
      <div className="stat">
        <div className="label">Verdict at 0.05</div>
        <div className={`value ${stats.significant ? 'ok-text' : 'muted'}`} data-testid="abx-verdict">
          {stats.significant ? 'audible' : 'not significant'}
        </div>
      </div>
      <p className="muted small" style={{ margin: 0, alignSelf: 'center' }}>
        {needed === null
          ? `${stats.n} trials cannot reach p < 0.05: use at least 5.`
          : `With ${stats.n} trials, p < 0.05 needs ${needed} correct. Not significant means the difference was not shown to be audible, not that it is inaudible.`}
      </p>
    </div>
  );
}

function Exports({ sessionId }: { sessionId: string }) {
  const engine = useEngine();
  const [error, setError] = useState<Error | null>(null);
  const save = (format: 'csv' | 'json') =>
    engine.call('listening.export', { sessionId, format }).then(
      (file) => downloadText(file.fileName, file.mimeType, file.content),
      (e: Error) => setError(e),
    );
  return (
    <div className="row">
      <button onClick={() => void save('csv')} data-testid="export-csv">
        Export CSV
      </button>
      <button onClick={() => void save('json')} data-testid="export-json">
        Export JSON
      </button>
      <ExportZipButton
        target={{ kind: 'session', sessionId }}
        label="Export zip (results + pair WAVs)"
        testId="export-session-zip"
      />
      <span className="muted small">
        One row per rating; fixture sessions are labelled “synthetic test model”.
      </span>
      {error && <EngineError error={error} title="Export failed." />}
    </div>
  );
}

function TrialTable({ results }: { results: ListeningResults }) {
  const labels = new Map(results.pairs.map((p) => [p.id, p.label || shortId(p.id)]));
  return (
    <table className="table small" data-testid="trial-table">
      <thead>
        <tr>
          <th className="num">Trial</th>
          <th>Pair</th>
          <th>Presented</th>
          <th>Answer</th>
          {results.kind === 'abx' && <th>Correct</th>}
          <th>Scores</th>
          <th className="num">Time</th>
          <th className="num">Plays</th>
          <th className="num">Listening</th>
        </tr>
      </thead>
      <tbody>
        {results.trials.map((t) => (
          <tr key={t.index}>
            <td className="num">{t.index + 1}</td>
            <td>{labels.get(t.pairId) ?? shortId(t.pairId)}</td>
            <td className="mono small">
              {Object.entries(t.presentation)
                .filter(([k]) => k !== 'pairId')
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')}
            </td>
            <td>{t.answer ?? '—'}</td>
            {results.kind === 'abx' && (
              <td className={t.correct ? 'ok-text' : t.correct === false ? 'danger-text' : 'muted'}>
                {t.correct === null ? '—' : t.correct ? 'yes' : 'no'}
              </td>
            )}
            <td className="mono small">
              {Object.entries(t.scores)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ') || '—'}
            </td>
            <td className="num">{t.timeMs === null ? '—' : `${(t.timeMs / 1000).toFixed(1)} s`}</td>
            <td className="num">{t.replays}</td>
            <td className="num">{(t.listeningMs / 1000).toFixed(1)} s</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The unblinded results: the statistics of listening.md, per pair and overall, every trial, exports. */
export function SessionResults({ sessionId }: { sessionId: string }) {
  const query = useEngineQuery('listening.results', { sessionId });
  if (query.state === 'failed')
    return <EngineError error={query.error} title="Could not compute the results." onRetry={query.reload} />;
  if (!query.data) return <p className="muted">Computing results…</p>;
  const r = query.data;
  const pairLabel = (p: { pairId: string; label: string }) => p.label || `pair ${shortId(p.pairId)}`;
  return (
    <div className="stack" data-testid="session-results">
      <section className="card stack">
        <div className="row">
          <h2 style={{ margin: 0 }}>{r.name}</h2>
          <span className="pill">{KIND_LABEL[r.kind]}</span>
          <SyntheticBadge synthetic={r.synthetic} />
          {!r.finishedAt && <span className="badge warn">not finished</span>}
        </div>
        <p className="muted small" style={{ margin: 0 }}>
          {r.listener ? `Listener ${r.listener} · ` : ''}
          {r.answered} of {r.total} trials answered · created {dateTime(r.createdAt)}
          {r.finishedAt ? ` · finished ${dateTime(r.finishedAt)}` : ''} · randomisation seed{' '}
          <span className="mono">{r.seed ?? '—'}</span>
          {r.timing.meanTimeMs !== null && ` · mean ${(r.timing.meanTimeMs / 1000).toFixed(1)} s per trial`}
          {r.timing.meanReplays !== null && `, ${r.timing.meanReplays.toFixed(1)} plays`}
        </p>
        {r.synthetic && (
          <p className="note-box small" style={{ margin: 0 }}>
            These stimuli come from the synthetic test model: not speech. Only differences between streaming
            strategies mean something here, not the sound quality itself.
          </p>
        )}
        {r.warnings.map((w) => (
          <p key={w} className="note-box small" style={{ margin: 0 }}>
            {w}
          </p>
        ))}
        {r.abx && <AbxVerdict stats={r.abx.overall} />}
        {r.cmos && (
          <div className="stat-grid">
            <div className="stat" style={{ gridColumn: 'span 3' }}>
              <div className="label" title={INTERVAL_HELP}>
                Mean CMOS (B vs A) [95 % interval]
              </div>
              <div className="value num" data-testid="cmos-mean">
                {meanText(r.cmos.overall)}
              </div>
            </div>
            <div className="stat">
              <div className="label">Ratings</div>
              <div className="value num">{r.cmos.overall.n}</div>
            </div>
          </div>
        )}
        {r.mushra && (
          <div
            className={r.mushra.screening.flagged ? 'error-box small' : 'note-box small'}
            data-testid="mushra-screening"
          >
            Post-screening: hidden reference rated below 90 in {r.mushra.screening.hiddenReferenceBelow90} of{' '}
            {r.mushra.screening.trials} trials ({(r.mushra.screening.fraction * 100).toFixed(0)} %).{' '}
            {r.mushra.screening.flagged
              ? 'More than 15 %: by ITU-R BS.1534 this listener should be excluded.'
              : 'Within the 15 % limit.'}
            {r.mushra.screening.anchorAboveReference > 0 &&
              ` The anchor was rated above the hidden reference in ${r.mushra.screening.anchorAboveReference} trial(s).`}
          </div>
        )}
        <Exports sessionId={sessionId} />
      </section>

      <section className="card">
        <h3>By pair</h3>
        <table className="table" data-testid="pair-results">
          <thead>
            <tr>
              <th>Pair</th>
              <th>Runs (A → B)</th>
              {r.abx && (
                <>
                  <th className="num">Correct</th>
                  <th className="num">p</th>
                </>
              )}
              {r.cmos && (
                <>
                  <th className="num" title={INTERVAL_HELP}>
                    Mean [95 % interval]
                  </th>
                  <th style={{ width: 220 }}>−3 … +3</th>
                </>
              )}
              {r.mushra && (
                <>
                  <th className="num" title={INTERVAL_HELP}>
                    A: mean [95 % interval]
                  </th>
                  <th className="num">B</th>
                  <th className="num">Hidden ref.</th>
                  <th className="num">Anchor</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {(r.abx?.byPair ?? r.cmos?.byPair ?? r.mushra?.byPair ?? []).map((p) => (
              <tr key={p.pairId}>
                <td>{pairLabel(p)}</td>
                <td className="small">
                  <Link href={`/runs/${p.runA}`} className="mono">
                    {shortId(p.runA)}
                  </Link>{' '}
                  →{' '}
                  <Link href={`/runs/${p.runB}`} className="mono">
                    {shortId(p.runB)}
                  </Link>
                  {(() => {
                    const view = r.pairs.find((v) => v.id === p.pairId);
                    return view ? <div className="muted">{differencesText(view.differences)}</div> : null;
                  })()}
                </td>
                {r.abx && 'stats' in p && 'correct' in p.stats && (
                  <>
                    <td className="num">
                      {p.stats.correct} / {p.stats.n}
                    </td>
                    <td className="num">{formatP(p.stats.p)}</td>
                  </>
                )}
                {r.cmos && 'stats' in p && 'mean' in p.stats && (
                  <>
                    <td className="num">{meanText(p.stats)}</td>
                    <td>
                      <CiBar stats={p.stats} min={-3} max={3} />
                    </td>
                  </>
                )}
                {r.mushra && 'hiddenReference' in p && (
                  <>
                    <td className="num">{meanText(p.a, 1)}</td>
                    <td className="num">{meanText(p.b, 1)}</td>
                    <td className="num">{meanText(p.hiddenReference, 1)}</td>
                    <td className="num">{meanText(p.anchor, 1)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {r.cmos && (
          <p className="muted small">
            Positive: the pair’s run B was preferred (votes are corrected for the side it was shown on).
          </p>
        )}
        {(r.cmos || r.mushra) && (
          <p className="muted small" data-testid="interval-help">
            {INTERVAL_HELP}
          </p>
        )}
      </section>

      {r.abx && (
        <section className="card">
          <h3>ABX trial by trial</h3>
          <AbxTrialPlot trace={abxTrace(r.trials)} />
        </section>
      )}
      {r.cmos && (
        <section className="card">
          <h3>Mean CMOS with 95 % interval (−3 … +3, positive: B preferred)</h3>
          <CmosBars
            bars={[
              ...r.cmos.byPair.map((p) => ({ name: pairLabel(p), stats: p.stats })),
              ...(r.cmos.byPair.length > 1 ? [{ name: 'all pairs', stats: r.cmos.overall }] : []),
            ]}
          />
          <p className="muted small" style={{ margin: 0 }}>
            Bar: mean rating; whiskers: its 95 % interval (percentile bootstrap of the mean). Solid bars: the
            interval excludes 0 (a preference was shown); hollow: it includes 0.
          </p>
        </section>
      )}
      {r.cmos && (
        <section className="card">
          <h3>CMOS scores by pair (box plots, −3 … +3)</h3>
          <ScoreBoxPlot
            conditions={r.cmos.byPair.map((p) => ({ name: pairLabel(p), stats: p.stats }))}
            min={-3}
            max={3}
            testId="cmos-boxplot"
          />
        </section>
      )}
      {r.mushra &&
        r.mushra.byPair.map((p) => (
          <section className="card" key={p.pairId}>
            <h3>MUSHRA scores, {pairLabel(p)} (box plots per condition, 0 … 100)</h3>
            <ScoreBoxPlot
              conditions={[
                { name: 'A', stats: p.a },
                { name: 'B', stats: p.b },
                { name: 'Hidden ref.', stats: p.hiddenReference },
                { name: 'Anchor', stats: p.anchor },
              ]}
              min={0}
              max={100}
              testId="mushra-boxplot"
            />
          </section>
        ))}

      <section className="card">
        <h3>Every trial (unblinded)</h3>
        <TrialTable results={r} />
        <p className="muted small" style={{ margin: 0 }}>
          Presented: which of the pair’s runs (a, b) each key played
          {r.kind === 'abx'
            ? ', and which key X was'
            : r.kind === 'mushra'
              ? ' (roles of the hidden samples)'
              : ''}
          . Plays: every play of a stimulus (A, B, X, the reference or a condition), switches during playback
          included; listening: time audio was playing.
        </p>
      </section>
    </div>
  );
}
