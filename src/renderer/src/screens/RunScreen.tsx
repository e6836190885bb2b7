import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { BoundaryRecord, RunProvenance } from '../../../contract/index.ts';
import { audioContext, resumeAudio } from '../audio/audio-context.ts';
import { BufferPlayer } from '../audio/buffer-player.ts';
import { EngineError } from '../components/EngineError.tsx';
import { dateTime, shortId } from '../components/format.ts';
import { LazyGantt } from '../components/LazyGantt.tsx';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { isTextEntry, useKeyboardShortcuts } from '../hooks/keyboard.ts';
import { useRunAudio } from '../hooks/useRunAudio.ts';
import { Annotations } from '../run-view/Annotations.tsx';
import { BoundaryColumnLegend, BoundaryTable } from '../run-view/BoundaryTable.tsx';
import { describeMissingAudio } from '../run-view/audio-absence.ts';
import { describeProviders } from '../run-view/providers.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { nextBoundary, previousBoundary, shadedSpans } from '../run-view/boundary-spans.ts';
import { describeAxes } from '../run-view/config-summary.ts';
import { MetricsPanel } from '../run-view/MetricsPanel.tsx';
import { PlayheadClock } from '../run-view/PlayheadClock.tsx';
import { chunkBars } from '../run-view/timeline-data.ts';
import { Waveform, type WaveformControls } from '../run-view/Waveform.tsx';
import { describeStopReason } from '../run-view/stop-reason.ts';

/** Half-width of the loop that `l` sets around a boundary. */
const LOOP_HALF_S = 0.25;
const NO_BOUNDARIES: BoundaryRecord[] = [];
/** How often the view looks again at a run that is still running. */
const RUNNING_POLL_MS = 2000;

/**
 * One run: its waveform at 24 kHz with every boundary marked, keyboard navigation between boundaries, loop and
 * reference A/B, a per-chunk timeline, the metrics with units, and tags/notes/export.
 */
export function RunScreen({ runId }: { runId: string }) {
  // Without the per-chunk timeline (most of a long run's record): it is drawn below, after the waveform. The same
  // params as initial-calls.ts's runViewRequest, whose early answer this finds (written out here: importing that
  // start-up module into this chunk made the bundler split zod into a chunk evaluated before zod-jitless.ts).
  const query = useEngineQuery('runs.get', { id: runId, chunks: false });
  const status = query.data?.run.status;
  // A run still in progress has no stored audio yet: look again every few seconds, and fetch its audio anew once
  // it has ended (the first attempt answered that it has none).
  const [audioAttempt, setAudioAttempt] = useState(0);
  const wasRunning = useRef(false);
  const { reload } = query;
  useEffect(() => {
    if (status === 'running') {
      wasRunning.current = true;
      const timer = setInterval(reload, RUNNING_POLL_MS);
      return () => clearInterval(timer);
    }
    if (status && wasRunning.current) {
      wasRunning.current = false;
      setAudioAttempt((n) => n + 1);
    }
    return undefined;
  }, [status, reload]);
  const [ready, setReady] = useState(false);
  // A long run's samples are fetched once its waveform is drawn from the envelope.
  const stream = useRunAudio(runId, 'stream', audioAttempt, ready);
  const [overlayReference, setOverlayReference] = useState(false);
  const [wantReference, setWantReference] = useState(false);
  const streamAudio = stream.state === 'ready' ? stream.audio : null;
  // The reference is fetched once the stream has arrived (A/B and overlay need it; first paint does not).
  const reference = useRunAudio(
    wantReference || overlayReference || (ready && streamAudio) ? runId : null,
    'reference',
  );
  const switchWhenLoaded = useRef(false);
  const player = useMemo(() => new BufferPlayer(audioContext), []);
  const [selected, setSelected] = useState<'stream' | 'reference'>('stream');
  const [current, setCurrent] = useState(-1);
  const [zoomPx, setZoomPx] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [looping, setLooping] = useState(false);
  const controls = useRef<WaveformControls | null>(null);

  useEffect(() => () => player.dispose(), [player]);
  useEffect(
    () =>
      player.subscribe(() => {
        setPlaying(player.isPlaying);
        setLooping(player.loopRegion !== null);
        setSelected((player.selected as 'stream' | 'reference' | null) ?? 'stream');
      }),
    [player],
  );
  const streamDuration = stream.state === 'ready' ? stream.durationS : 0;
  useEffect(() => player.setDuration(streamDuration), [player, streamDuration]);
  const referenceAudio = reference.state === 'ready' ? reference.audio : null;
  useEffect(() => {
    if (streamAudio) player.setSamples('stream', streamAudio.samples, streamAudio.sampleRate);
  }, [player, streamAudio]);
  useEffect(() => {
    if (!referenceAudio) return;
    player.setSamples('reference', referenceAudio.samples, referenceAudio.sampleRate);
    if (switchWhenLoaded.current) {
      switchWhenLoaded.current = false;
      player.select('reference');
    }
  }, [player, referenceAudio]);

  const run = query.data?.run;
  const boundaries = run?.boundaries ?? NO_BOUNDARIES;
  const sampleRate = run?.sampleRate ?? 24000;
  const spans = useMemo(
    () => (run ? shadedSpans(run.config, run.boundaries, sampleRate) : []),
    [run, sampleRate],
  );
  const chunks = useEngineQuery('runs.chunks', ready && run?.metrics ? { id: run.id } : null).data?.chunks;
  const timeline = useMemo(
    () => (run?.metrics && chunks ? chunkBars(chunks, run.metrics.playback.startMs) : null),
    [run, chunks],
  );
  const overlay = overlayReference && referenceAudio ? referenceAudio.samples : null;

  const goTo = useCallback(
    (index: number) => {
      const boundary = boundaries[index];
      if (!boundary) return;
      setCurrent(index);
      player.seek(boundary.timeS);
      const view = controls.current;
      if (view) {
        const px = Math.max(view.ws.options.minPxPerSec, view.fitPxPerSec());
        const width = view.ws.getWidth() / px;
        const start = view.ws.getScroll() / px;
        if (boundary.timeS < start || boundary.timeS > start + width)
          view.scrollTo(Math.max(0, boundary.timeS - width / 2));
      }
    },
    [boundaries, player],
  );

  const toggleReference = useCallback(() => {
    setWantReference(true);
    if (player.selected === 'reference') return player.select('stream');
    if (referenceAudio) player.select('reference');
    else switchWhenLoaded.current = true;
  }, [player, referenceAudio]);

  const toggleLoop = useCallback(() => {
    if (player.loopRegion) return player.setLoop(null);
    const boundary =
      boundaries[current] ?? boundaries[previousBoundary(boundaries, player.position() + 1e-3)];
    const centre = boundary?.timeS ?? player.position();
    player.setLoop({
      start: Math.max(0, centre - LOOP_HALF_S),
      end: Math.min(player.duration, centre + LOOP_HALF_S),
    });
  }, [boundaries, current, player]);

  const zoomBy = useCallback(
    (factor: number) => {
      const view = controls.current;
      if (!view) return;
      const base = zoomPx || view.fitPxPerSec();
      view.zoom(Math.min(sampleRate * 8, Math.max(view.fitPxPerSec(), base * factor)), player.position());
    },
    [zoomPx, sampleRate, player],
  );

  useKeyboardShortcuts((event) => {
    if (isTextEntry(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    if (key === ']' || key === 'n') goTo(nextBoundary(boundaries, player.position()));
    else if (key === '[' || key === 'p') goTo(previousBoundary(boundaries, player.position()));
    else if (key === ' ') {
      void resumeAudio();
      player.toggle();
    } else if (key === 'l') toggleLoop();
    else if (key === 'r') toggleReference();
    else if (key === 'o') setOverlayReference((v) => !v);
    else if (key === '+' || key === '=') zoomBy(2);
    else if (key === '-') zoomBy(0.5);
    else if (key === '0') controls.current?.zoom(0);
    else if (key === 's') controls.current?.zoom(sampleRate * 6, player.position());
    else if (key === 'Escape') player.setLoop(null);
    else return;
    event.preventDefault();
  });

  if (query.state === 'failed' && !run)
    return (
      <EngineError
        error={query.error}
        title={`Could not open run ${shortId(runId)}.`}
        onRetry={query.reload}
      />
    );
  if (!run)
    return (
      <p className="muted" data-testid="run-loading">
        Loading run {shortId(runId)}…
      </p>
    );

  const synthetic = run.provenance.model.synthetic;
  return (
    <div
      className="stack"
      data-testid="run-screen"
      data-ready={ready ? 'true' : 'false'}
      data-run-id={run.id}
    >
      <section className="card">
        <div className="row">
          <h2 style={{ margin: 0 }}>
            Run <span className="mono">{shortId(run.id)}</span>
          </h2>
          <span
            className={`badge ${run.status === 'finished' ? 'ok' : run.status === 'failed' ? 'danger' : 'off'}`}
          >
            {run.status}
          </span>
          <SyntheticBadge synthetic={synthetic} />
          <span className="muted small">
            {dateTime(run.createdAt)} · {run.config.model} · voice {run.provenance.voice.name} ·{' '}
            <span data-testid="run-providers" title="Execution provider of each ONNX graph">
              {describeProviders(run.provenance.providers)}
            </span>
          </span>
          <span className="spacer" />
          <Link href={`/compare/${run.id}`} className="button-link">
            Compare with…
          </Link>
        </div>
        <p style={{ margin: '8px 0 4px' }}>“{run.config.text}”</p>
        <div className="row small muted">
          {describeAxes(run.config).map((a) => (
            <span key={a.axis}>
              {a.axis}: <span style={{ color: 'var(--text)' }}>{a.value}</span>
            </span>
          ))}
        </div>
        {describeStopReason(
          run.stopReason,
          run.provenance.generation?.maxNewTokens ?? run.config.maxNewTokens,
        ) && (
          <p className="small" data-testid="stop-reason" data-reason={run.stopReason}>
            {describeStopReason(
              run.stopReason,
              run.provenance.generation?.maxNewTokens ?? run.config.maxNewTokens,
            )}
          </p>
        )}
        {run.error && <p className="field-error">{run.error}</p>}
      </section>

      <section className="card">
        <div className="toolbar">
          <button
            className="primary"
            data-testid="play-button"
            onClick={() => {
              void resumeAudio();
              player.toggle();
            }}
            disabled={!streamAudio}
            title={streamAudio ? undefined : 'The audio is still arriving'}
          >
            {playing ? '❚❚ Pause' : '▶ Play'} <kbd>Space</kbd>
          </button>
          {stream.state === 'ready' && stream.progress < 1 && (
            <span className="muted small" data-testid="audio-progress">
              audio {Math.round(stream.progress * 100)} %
            </span>
          )}
          <button
            onClick={() => goTo(previousBoundary(boundaries, player.position()))}
            data-testid="prev-boundary"
          >
            ◀ boundary <kbd>[</kbd>
          </button>
          <button
            onClick={() => goTo(nextBoundary(boundaries, player.position()))}
            data-testid="next-boundary"
          >
            boundary ▶ <kbd>]</kbd>
          </button>
          <button
            className={looping ? 'active' : ''}
            onClick={toggleLoop}
            data-testid="loop-button"
            title="Loop ±250 ms around the current boundary (or drag on the waveform to loop any span)"
          >
            ⟲ Loop <kbd>L</kbd>
          </button>
          <span className="muted">|</span>
          <button
            className={selected === 'stream' ? 'active' : ''}
            onClick={() => player.select('stream')}
            data-testid="play-stream"
          >
            Stream
          </button>
          <button
            className={selected === 'reference' ? 'active' : ''}
            onClick={toggleReference}
            data-testid="play-reference"
            title="Switch playback to the offline reference at the same position (R)"
          >
            Offline reference <kbd>R</kbd>
          </button>
          <label className="row small" style={{ gap: 4 }}>
            <input
              type="checkbox"
              checked={overlayReference}
              onChange={(e) => setOverlayReference(e.target.checked)}
              data-testid="overlay-reference"
            />
            overlay reference <kbd>O</kbd>
          </label>
          <span className="spacer" />
          <button onClick={() => zoomBy(0.5)} title="Zoom out (−)">
            −
          </button>
          <button onClick={() => zoomBy(2)} title="Zoom in (+)">
            +
          </button>
          <button onClick={() => controls.current?.zoom(0)} title="Fit the whole run (0)">
            Fit
          </button>
          <button
            onClick={() => controls.current?.zoom(sampleRate * 6, player.position())}
            title="Zoom to single samples at the playhead (S)"
            data-testid="zoom-samples"
          >
            Samples
          </button>
          <PlayheadClock player={player} />
        </div>
        {stream.state === 'ready' ? (
          <Waveform
            samples={streamAudio?.samples ?? stream.envelope!}
            full={streamAudio !== null}
            durationS={stream.durationS}
            sampleRate={stream.sampleRate}
            overlay={overlay}
            boundaries={boundaries}
            spans={spans}
            player={player}
            controls={controls}
            onReady={() => setReady(true)}
            onZoom={setZoomPx}
            testId="run-waveform"
          />
        ) : stream.state === 'missing' ? (
          <div className="row" data-testid="no-audio" data-status={run.status}>
            <p className="muted" style={{ margin: 0 }}>
              {describeMissingAudio(run.status, stream.message)}
            </p>
            {run.status === 'running' && <CancelRunButton runId={run.id} onCancelled={reload} />}
          </div>
        ) : (
          <p className="muted">Loading audio…</p>
        )}
        <p className="muted small" style={{ margin: '6px 0 0' }}>
          <kbd>[</kbd>/<kbd>]</kbd> previous/next boundary · <kbd>Space</kbd> play/pause · <kbd>L</kbd> loop
          boundary · drag to loop a span · <kbd>Esc</kbd> clear loop · <kbd>R</kbd> A/B offline reference ·
          wheel or <kbd>+</kbd>/<kbd>−</kbd> zoom · <kbd>S</kbd> sample level. Markers: boundary index · click
          score (red above 5); shaded: overlap (light) and crossfade (dark).
        </p>
      </section>

      <div className="split">
        <section className="card">
          <h2>Boundaries ({boundaries.length})</h2>
          {run.status === 'running' ? (
            <p className="muted">The boundaries are measured when the run finishes.</p>
          ) : (
            <BoundaryTable boundaries={boundaries} current={current} onPick={goTo} />
          )}
          {boundaries.length > 0 && <BoundaryColumnLegend />}
        </section>
        <section className="card">
          <h2>Metrics</h2>
          {run.metrics ? (
            <MetricsPanel metrics={run.metrics} synthetic={synthetic} />
          ) : (
            <p className="muted">
              {run.status === 'running'
                ? 'The metrics are computed when the run finishes.'
                : 'This run did not finish: no metrics.'}
            </p>
          )}
        </section>
      </div>

      {timeline && ready && (
        <section className="card">
          <h2>Timeline per chunk</h2>
          <p className="muted small" style={{ margin: '0 0 4px' }}>
            Token generation, queue wait and decoding of each chunk, then when it plays in real time from TTFA
            {run.config.playback.jitterBufferMs
              ? ` + ${run.config.playback.jitterBufferMs} ms jitter buffer`
              : ''}
            ; red = playback gap.
          </p>
          <LazyGantt
            rows={timeline.rows}
            bars={timeline.bars}
            testId="chunk-timeline"
            height={Math.min(520, 80 + timeline.rows.length * 22)}
          />
        </section>
      )}

      <div className="split">
        <section className="card">
          <h2>Tags, notes &amp; export</h2>
          <Annotations runId={run.id} tags={query.data?.tags ?? []} notes={query.data?.notes ?? []} />
        </section>
        <section className="card">
          <h2>Provenance</h2>
          <dl className="small">
            <dt>Model</dt>
            <dd>
              {run.provenance.model.id} ({run.provenance.model.family}, KV {run.provenance.model.kvDtype})
              {synthetic && ' — synthetic test model: not real speech'}
            </dd>
            {run.provenance.generation && (
              <>
                <dt>Generated with</dt>
                <dd data-testid="generation-settings" className="mono">
                  {describeGeneration(run.provenance.generation)}
                </dd>
              </>
            )}
            {run.provenance.defaultsApplied.length > 0 && (
              <>
                <dt>Defaults applied</dt>
                <dd data-testid="defaults-applied">{run.provenance.defaultsApplied.join('; ')}</dd>
              </>
            )}
            {run.provenance.ignoredSettings.length > 0 && (
              <>
                <dt>Not used by this model</dt>
                <dd data-testid="ignored-settings">{run.provenance.ignoredSettings.join('; ')}</dd>
              </>
            )}
            <dt>Providers</dt>
            <dd className="mono">{describeProviders(run.provenance.providers)}</dd>
            <dt>Versions</dt>
            <dd>
              Seamlab {run.provenance.appVersion} · onnxruntime {run.provenance.onnxruntimeVersion} · Node{' '}
              {run.provenance.nodeVersion}
            </dd>
            <dt>Machine</dt>
            <dd>
              {run.provenance.machine.platform}/{run.provenance.machine.arch} · {run.provenance.machine.cpus}{' '}
              × {run.provenance.machine.cpuModel} · {run.provenance.machine.memoryGb} GB
            </dd>
            <dt>Files</dt>
            <dd className="mono">
              {Object.entries(run.provenance.model.fileHashes)
                .map(([f, h]) => `${f} ${h.slice(0, 12)}`)
                .join(' · ')}
            </dd>
          </dl>
          <details style={{ marginTop: 8 }}>
            <summary className="muted small">Full configuration (JSON)</summary>
            <pre className="mono small" style={{ overflow: 'auto', maxHeight: 300 }}>
              {JSON.stringify(run.config, null, 2)}
            </pre>
          </details>
        </section>
      </div>
    </div>
  );
}

/** One line: the preset and the values the run really generated with (after family defaults and rules). */
function describeGeneration(g: NonNullable<RunProvenance['generation']>): string {
  const s = g.sampler;
  return (
    `${g.preset} · ${s.greedy ? 'greedy' : `temperature ${s.temperature}`} · top-k ${s.topK} · top-p ${s.topP} · ` +
    `min-p ${s.minP} · repetition penalty ${s.repetitionPenalty} · CFG ${s.cfgWeight} · ` +
    `exaggeration ${g.exaggeration} · max ${g.maxNewTokens} tokens`
  );
}

/** Cancels a run that is still running (the same call as the Experiment screen's Cancel). */
function CancelRunButton({ runId, onCancelled }: { runId: string; onCancelled: () => void }) {
  const engine = useEngine();
  const [state, setState] = useState<'idle' | 'cancelling' | 'failed'>('idle');
  return (
    <>
      <button
        className="danger"
        data-testid="cancel-run"
        disabled={state === 'cancelling'}
        onClick={() => {
          setState('cancelling');
          engine.call('runs.cancel', { runId }).then(
            () => {
              setState('idle');
              onCancelled();
            },
            () => setState('failed'),
          );
        }}
      >
        {state === 'cancelling' ? 'Cancelling…' : 'Cancel run'}
      </button>
      {state === 'failed' && <span className="field-error small">Could not cancel the run.</span>}
    </>
  );
}
