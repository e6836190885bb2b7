import { Link } from 'wouter';
import { formatMetricValue, METRIC_DEFINITIONS as DEFS, metricValue } from '../../../contract/index.ts';
import type { LivePlayerStats } from '../audio/live-player.ts';
import { EngineError } from '../components/EngineError.tsx';
import { fixed, ms } from '../components/format.ts';
import { LazyGantt } from '../components/LazyGantt.tsx';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { WORKER_ROWS, workerBars } from '../run-view/timeline-data.ts';
import { isDone, type LiveRun } from './live-run.ts';

/** Full scale of the buffer-lead meter. */
const LEAD_SCALE_MS = 2000;

function Stat({
  label,
  value,
  unit,
  testId,
  dataValue,
  help,
}: {
  label: string;
  value: string;
  unit?: string;
  testId?: string;
  dataValue?: number;
  /** The metric's definition (src/contract/metric-definitions.ts), shown on hover. */
  help?: string;
}) {
  return (
    <div className="stat" data-testid={testId} data-value={dataValue} title={help}>
      <div className="label">{label}</div>
      <div className="value">
        {value}
        {unit && <span className="unit">{unit}</span>}
      </div>
    </div>
  );
}

const STATUS_TEXT: Record<LiveRun['status'], string> = {
  starting: 'Starting…',
  queued: 'Queued',
  running: 'Running',
  finished: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Progress, live playback meters and the per-worker timeline of the run in flight. */
export function LiveRunPanel({
  run,
  player,
  saved,
  onCancel,
}: {
  run: LiveRun;
  player: LivePlayerStats | null;
  saved: boolean;
  onCancel: () => void;
}) {
  const done = isDone(run);
  const audioMs = run.chunks.reduce((sum, c) => sum + c.audioMs, 0);
  const lead = player?.leadMs ?? 0;
  // Delivered TTFA: request to the first sample playing here (engine + transport + jitter buffer).
  const firstSampleAt = player?.firstSampleAt ?? null;
  const firstAudioMs = firstSampleAt === null ? null : firstSampleAt - run.requestedAt;
  const metrics = run.summary?.metrics;
  const bars = workerBars(run.chunks, {
    segments: run.segments,
    playbackStartMs: metrics?.playback.startMs ?? run.chunks[0]?.emittedAtMs ?? null,
    liveTokenAtMs: done ? undefined : run.lastTokenAtMs,
  });
  return (
    <section className="card stack" data-testid="live-run" data-run-id={run.runId}>
      <div className="row">
        <h2 style={{ margin: 0 }}>Live run</h2>
        <span className="mono muted small">{run.runId.slice(0, 8)}</span>
        <span
          className={`badge ${run.status === 'failed' ? 'danger' : run.status === 'finished' ? 'ok' : 'off'}`}
          data-testid="live-status"
          data-state={run.status}
        >
          {STATUS_TEXT[run.status]}
          {run.status === 'queued' && run.queuePosition !== null && ` (position ${run.queuePosition})`}
        </span>
        {run.cold && (
          <span
            className="badge off"
            data-testid="cold-badge"
            title="The model was loaded or warmed for this run; that wait was outside its clock"
          >
            cold start
          </span>
        )}
        {run.contendedMs !== null && (
          <span
            className="badge danger"
            data-testid="contended-badge"
            title="Other runs of this engine ran during this run: its timings shared the cores"
          >
            contended {Math.round(run.contendedMs)} ms
          </span>
        )}
        {run.reattached && (
          <span className="muted small" data-testid="reattached">
            re-attached: earlier audio not played here
          </span>
        )}
        <SyntheticBadge synthetic={run.synthetic} />
        <span className="spacer" />
        {!done && (
          <button className="danger" onClick={onCancel} data-testid="cancel-button">
            Cancel <kbd>Esc</kbd>
          </button>
        )}
        {run.status === 'finished' && saved && (
          <Link href={`/runs/${run.runId}`} className="button-link primary" data-testid="open-run">
            Open run view →
          </Link>
        )}
      </div>
      {run.status === 'failed' && run.error && (
        <EngineError
          title="The run failed."
          error={Object.assign(new Error(run.error.message), { code: run.error.code })}
          testId="run-error"
        />
      )}
      <div className="stat-grid">
        <Stat label="Speech tokens" value={String(run.tokens)} testId="live-tokens" dataValue={run.tokens} />
        <Stat
          label="Chunks"
          value={String(run.chunks.length)}
          testId="live-chunks"
          dataValue={run.chunks.length}
        />
        <Stat label="Audio received" value={ms(audioMs)} unit="ms" />
        <Stat
          label={DEFS.deliveredTtfaMs.label}
          help={DEFS.deliveredTtfaMs.definition}
          value={firstAudioMs === null ? '—' : ms(firstAudioMs)}
          unit="ms"
          testId="live-first-audio"
        />
        <Stat
          label={DEFS.heardGaps.label}
          help={DEFS.heardGaps.definition}
          value={String(player?.gapCount ?? 0)}
          testId="gap-count"
          dataValue={player?.gapCount ?? 0}
        />
        <Stat
          label={DEFS.heardGapMs.label}
          help={DEFS.heardGapMs.definition}
          value={ms(player?.totalGapMs ?? 0)}
          unit="ms"
          testId="gap-total"
          dataValue={player?.totalGapMs ?? 0}
        />
      </div>
      <div className="stack" style={{ gap: 4 }}>
        <div className="row small">
          <span>Buffer lead</span>
          <span className="num" data-testid="buffer-lead" data-value={Math.round(lead)}>
            {ms(lead)} ms
          </span>
          <span className="muted">
            · playback{' '}
            <span data-testid="live-player-state" data-state={player?.state ?? 'buffering'}>
              {player?.starved ? 'starved (gap now)' : (player?.state ?? 'waiting')}
            </span>
          </span>
          <span className="spacer" />
          <span className="muted">scale 0–{LEAD_SCALE_MS / 1000} s</span>
        </div>
        <div className={`meter ${lead < 100 && player?.state === 'playing' ? 'low' : ''}`}>
          <div style={{ width: `${Math.min(100, (lead / LEAD_SCALE_MS) * 100)}%` }} />
        </div>
      </div>
      <div>
        <h3>Per-worker timeline</h3>
        <LazyGantt rows={WORKER_ROWS} bars={bars} height={220} testId="live-timeline" />
      </div>
      <p className="muted small" style={{ margin: 0 }}>
        {DEFS.deliveredTtfaMs.label} and {DEFS.heardGaps.label.toLowerCase()} are measured here, at this
        listener; the engine&apos;s numbers below are stored with the run and are the ones to compare
        strategies by.
      </p>
      {metrics && (
        <div className="stat-grid" data-testid="live-summary">
          <Stat
            label={DEFS.engineTtfaMs.label}
            help={DEFS.engineTtfaMs.definition}
            value={ms(metrics.ttfaMs)}
            unit="ms"
            testId="engine-ttfa"
          />
          <Stat label={DEFS.rtf.label} help={DEFS.rtf.definition} value={fixed(metrics.rtf, 2)} unit="×" />
          <Stat
            label={DEFS.engineSimulatedGaps.label}
            help={DEFS.engineSimulatedGaps.definition}
            value={String(metrics.playback.gapCount)}
            testId="engine-gaps"
            dataValue={metrics.playback.gapCount}
          />
          <Stat label="Boundaries" value={String(metrics.boundaries.count)} />
          <Stat
            label={DEFS.maxExcessClickScore.label}
            help={DEFS.maxExcessClickScore.definition}
            value={fixed(metrics.boundaries.maxExcessClickScore, 1)}
          />
          <Stat
            label={DEFS.snrDb.label}
            help={DEFS.snrDb.definition}
            value={formatMetricValue(metricValue('snrDb', metrics), 1)}
            unit="dB"
          />
        </div>
      )}
    </section>
  );
}
