import { createRef, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Link, useLocation } from 'wouter';
import { audioContext, resumeAudio } from '../audio/audio-context.ts';
import { BufferPlayer } from '../audio/buffer-player.ts';
import { EngineError } from '../components/EngineError.tsx';
import { dateTime, shortId } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { configRows } from '../compare/config-diff.ts';
import { COMPARED_METRICS, delta } from '../compare/metric-deltas.ts';
import { useCompareRuns, type ComparedRun } from '../compare/useCompareRuns.ts';
import { useRepeatSpreads } from '../compare/useRepeatSpreads.ts';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { isTextEntry, useKeyboardShortcuts } from '../hooks/keyboard.ts';
import { shadedSpans } from '../run-view/boundary-spans.ts';
import { describeAxes } from '../run-view/config-summary.ts';
import { PlayheadClock } from '../run-view/PlayheadClock.tsx';
import { Waveform, type WaveformControls } from '../run-view/Waveform.tsx';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Picks runs to compare when fewer than two are in the address. */
function RunPicker({ chosen }: { chosen: string[] }) {
  const [, navigate] = useLocation();
  const recent = useEngineQuery('runs.list', {
    filter: { status: 'finished' },
    page: { limit: 30, offset: 0 },
  });
  const [picked, setPicked] = useState<string[]>(chosen);
  return (
    <section className="card stack" data-testid="compare-picker">
      <h2 style={{ margin: 0 }}>Compare runs</h2>
      <p className="muted" style={{ margin: 0 }}>
        Pick two or more runs (or select them in the <Link href="/runs">Runs</Link> table and press Compare).
      </p>
      {recent.state === 'failed' && (
        <EngineError error={recent.error} title="Could not list runs." onRetry={recent.reload} />
      )}
      <table className="table">
        <tbody>
          {(recent.data?.rows ?? []).map((row) => (
            <tr key={row.id}>
              <td>
                <input
                  type="checkbox"
                  checked={picked.includes(row.id)}
                  onChange={(e) =>
                    setPicked((p) => (e.target.checked ? [...p, row.id] : p.filter((id) => id !== row.id)))
                  }
                  data-testid="pick-run"
                />
              </td>
              <td className="mono">{shortId(row.id)}</td>
              <td className="muted small">{dateTime(row.createdAt)}</td>
              <td>
                {row.model} <SyntheticBadge synthetic={row.synthetic} compact />
              </td>
              <td>{row.boundaryKind}</td>
              <td
                className="muted"
                style={{ maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
              >
                {row.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <button
          className="primary"
          disabled={picked.length < 2}
          onClick={() => navigate(`/compare/${picked.join(',')}`)}
        >
          Compare {picked.length || ''}
        </button>
      </div>
    </section>
  );
}

/**
 * Two or more runs side by side: the knobs that differ, metric deltas against the first run, and their waveforms
 * on one time axis with their boundaries. Playback is one BufferPlayer on one AudioContext: switching lanes
 * (1–9, or click a lane) keeps the position and crossfades with ~10 ms gain ramps.
 */
export function CompareScreen({ runIds }: { runIds: string[] }) {
  const ids = useMemo(() => [...new Set(runIds.filter(Boolean))], [runIds]);
  if (ids.length < 2) return <RunPicker chosen={ids} />;
  return <Comparison ids={ids} />;
}

function Comparison({ ids }: { ids: string[] }) {
  const load = useCompareRuns(ids);
  const spreads = useRepeatSpreads(ids);
  const player = useMemo(() => new BufferPlayer(audioContext), []);
  const [active, setActive] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const [readyLanes, setReadyLanes] = useState(0);
  const controls = useMemo<RefObject<WaveformControls | null>[]>(
    () => ids.map(() => createRef<WaveformControls | null>()),
    [ids],
  );
  const syncing = useRef(false);

  useEffect(() => () => player.dispose(), [player]);
  useEffect(
    () =>
      player.subscribe(() => {
        setPlaying(player.isPlaying);
        setActive(player.selected);
      }),
    [player],
  );

  const runs = load.state === 'ready' ? load.runs : [];
  useEffect(() => {
    for (const r of runs) if (r.samples) player.setSamples(r.id, r.samples, r.sampleRate);
    setActive(player.selected);
  }, [runs, player]);

  const select = useCallback(
    (id: string) => {
      void resumeAudio();
      player.select(id);
    },
    [player],
  );

  useKeyboardShortcuts((event) => {
    if (isTextEntry(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const lane = /^[1-9]$/.test(event.key) ? Number(event.key) - 1 : -1;
    if (lane >= 0 && runs[lane]) select(runs[lane]!.id);
    else if (event.key === ' ') {
      void resumeAudio();
      player.toggle();
    } else if (event.key === 'Escape') player.setLoop(null);
    else return;
    event.preventDefault();
  });

  // One zoom and scroll for every lane, so boundaries line up in time.
  const follow = useCallback(
    (from: number, action: (c: WaveformControls) => void) => {
      if (syncing.current) return;
      syncing.current = true;
      controls.forEach((ref, i) => {
        if (i !== from && ref.current) action(ref.current);
      });
      syncing.current = false;
    },
    [controls],
  );

  if (load.state === 'failed')
    return <EngineError error={load.error} title="Could not load the runs to compare." />;
  if (load.state === 'loading') return <p className="muted">Loading {ids.length} runs…</p>;

  const alignDuration = Math.max(...runs.map((r) => (r.samples ? r.samples.length / r.sampleRate : 0)));
  const rows = configRows(runs.map((r) => r.run.config));
  const differing = rows.filter((r) => r.differs);
  const shown = showAll ? rows : differing;
  const base = runs[0]!;

  return (
    <div
      className="stack"
      data-testid="compare-screen"
      data-ready={readyLanes >= runs.filter((r) => r.samples).length ? 'true' : 'false'}
    >
      <section className="card">
        <div className="toolbar">
          <h2 style={{ margin: 0 }}>Compare {runs.length} runs</h2>
          <span className="spacer" />
          <button
            className="primary"
            onClick={() => {
              void resumeAudio();
              player.toggle();
            }}
            data-testid="compare-play"
          >
            {playing ? '❚❚ Pause' : '▶ Play'} <kbd>Space</kbd>
          </button>
          <span className="muted small">
            switch with <kbd>1</kbd>–<kbd>{Math.min(9, runs.length)}</kbd> (position kept, 10 ms ramps) · drag
            to loop · <kbd>Esc</kbd> clears the loop
          </span>
          <PlayheadClock player={player} />
        </div>
        <div className="compare-lanes">
          {runs.map((r, i) => (
            <Lane
              key={r.id}
              letter={LETTERS[i] ?? String(i + 1)}
              compared={r}
              active={active === r.id}
              onSelect={() => select(r.id)}
              alignDuration={alignDuration}
              player={player}
              controls={controls[i]!}
              onReady={() => setReadyLanes((n) => n + 1)}
              onZoom={(px) => follow(i, (c) => c.zoom(px))}
              onScroll={(start) => follow(i, (c) => c.scrollTo(start))}
            />
          ))}
        </div>
      </section>

      <div className="split">
        <section className="card">
          <div className="row" style={{ marginBottom: 8 }}>
            <h2 style={{ margin: 0 }}>Configuration</h2>
            <span className="muted small">
              {differing.length} of {rows.length} knobs differ
            </span>
            <span className="spacer" />
            <label className="row small" style={{ gap: 4 }}>
              <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> show
              all
            </label>
          </div>
          <table className="table diff-table small" data-testid="config-diff">
            <thead>
              <tr>
                <th>knob</th>
                {runs.map((r, i) => (
                  <th key={r.id}>{LETTERS[i]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.path} data-testid="diff-row" data-path={row.path}>
                  <td className="mono">{row.path}</td>
                  {row.values.map((v, i) => (
                    <td
                      key={i}
                      className={`mono ${row.differs ? 'changed' : ''}`}
                      style={{ maxWidth: 260, overflowWrap: 'anywhere' }}
                    >
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={runs.length + 1} className="muted">
                    Identical configurations (repeats of one setting).
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Metrics (Δ against A)</h2>
          <p className="muted small" style={{ margin: 0 }} data-testid="metric-deltas-note">
            Click scores are shown as the excess over the offline reference at the same sample (what chunking
            added) first, absolute scores after. SNR ∞ means identical to the reference, the best possible.
            {spreads.size > 0 &&
              ' Where runs were repeated, a difference smaller than the spread (SD over repeats) of either side is marked not significant.'}
          </p>
          <table className="table small" data-testid="metric-deltas">
            <thead>
              <tr>
                <th>metric</th>
                {runs.map((r, i) => (
                  <th key={r.id} className="num">
                    {LETTERS[i]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {COMPARED_METRICS.map((metric) => {
                const baseValue = base.run.metrics ? metric.value(base.run.metrics) : null;
                if (runs.every((r) => !r.run.metrics || metric.value(r.run.metrics) === null)) return null;
                return (
                  <tr key={metric.id} data-testid="metric-delta" data-metric={metric.id}>
                    <td title={metric.definition}>
                      {metric.name} {metric.unit && <span className="muted">({metric.unit})</span>}
                    </td>
                    {runs.map((r, i) => {
                      const value = r.run.metrics ? metric.value(r.run.metrics) : null;
                      const d =
                        i === 0
                          ? null
                          : delta(metric, baseValue, value, {
                              base: spreads.get(base.id)?.[metric.metric] ?? null,
                              value: spreads.get(r.id)?.[metric.metric] ?? null,
                            });
                      return (
                        <td
                          key={r.id}
                          className="num"
                          data-value={value === null ? '' : Number.isFinite(value) ? value : 'Infinity'}
                        >
                          {metric.format(value)}
                          {d && (
                            <div
                              className={`delta ${d.verdict} small`}
                              data-testid="delta"
                              data-verdict={d.verdict}
                            >
                              {d.text}
                              {d.verdict === 'within-spread' && ' · not significant'}
                            </div>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {runs.some((r) => r.run.provenance.model.synthetic) && (
            <p className="muted small" style={{ margin: 0 }}>
              Synthetic test model runs: compare strategies with each other; the absolute values mean nothing
              for real speech.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}

function Lane({
  letter,
  compared,
  active,
  onSelect,
  alignDuration,
  player,
  controls,
  onReady,
  onZoom,
  onScroll,
}: {
  letter: string;
  compared: ComparedRun;
  active: boolean;
  onSelect: () => void;
  alignDuration: number;
  player: BufferPlayer;
  controls: RefObject<WaveformControls | null>;
  onReady: () => void;
  onZoom: (px: number) => void;
  onScroll: (start: number) => void;
}) {
  const { run } = compared;
  const spans = useMemo(
    () => shadedSpans(run.config, run.boundaries, compared.sampleRate),
    [run, compared.sampleRate],
  );
  const axes = describeAxes(run.config);
  return (
    <div className="lane" data-testid="compare-lane" data-id={run.id} data-active={active ? 'true' : 'false'}>
      <button
        className={`lane-label ${active ? 'active' : ''}`}
        onClick={onSelect}
        data-testid={`lane-${letter}`}
      >
        <span className="row" style={{ gap: 6 }}>
          <span className="key">{letter}</span>
          <span className="mono">{shortId(run.id)}</span>
        </span>
        <span>{axes.find((a) => a.axis === 'boundary')?.value}</span>
        <span className="muted">{axes.find((a) => a.axis === 'pipeline')?.value}</span>
        <SyntheticBadge synthetic={run.provenance.model.synthetic} compact />
        <Link href={`/runs/${run.id}`} onClick={(e) => e.stopPropagation()} className="small">
          open run →
        </Link>
      </button>
      {compared.samples ? (
        <Waveform
          samples={compared.samples}
          sampleRate={compared.sampleRate}
          boundaries={run.boundaries}
          spans={spans}
          player={player}
          alignDuration={alignDuration}
          spectrogram={false}
          minimap={false}
          height={84}
          controls={controls}
          onReady={onReady}
          onZoom={onZoom}
          onScroll={onScroll}
          testId={`lane-waveform-${letter}`}
        />
      ) : (
        <p className="muted">No audio: {compared.audioError}</p>
      )}
    </div>
  );
}
