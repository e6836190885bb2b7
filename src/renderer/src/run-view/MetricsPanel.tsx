import type { RunMetrics } from '../../../contract/index.ts';
import { fixed, ms, percent } from '../components/format.ts';

interface MetricDef {
  id: string;
  name: string;
  value: (m: RunMetrics) => number | null;
  format: (v: number | null) => string;
  unit: string;
  why: string;
  /** Marks the value good (green) or bad (red) where there is a clear threshold. */
  judge?: (v: number) => 'good' | 'bad' | null;
}

/** Every run metric with its unit and a one-line explanation (experiments.md, "Timing" and "Boundary" metrics). */
export const METRIC_DEFS: MetricDef[] = [
  {
    id: 'ttfa',
    name: 'TTFA',
    value: (m) => m.ttfaMs,
    format: ms,
    unit: 'ms',
    why: 'Request to the first audio chunk ready for playback.',
  },
  {
    id: 'rtf',
    name: 'RTF',
    value: (m) => m.rtf,
    format: (v) => fixed(v, 2),
    unit: '×',
    why: 'Compute wall time ÷ audio duration; below 1 is faster than real time.',
    judge: (v) => (v < 1 ? 'good' : 'bad'),
  },
  {
    id: 'wall',
    name: 'Wall time',
    value: (m) => m.wallMs,
    format: ms,
    unit: 'ms',
    why: 'Request to the last chunk emitted.',
  },
  {
    id: 'audio',
    name: 'Audio',
    value: (m) => m.audioMs,
    format: ms,
    unit: 'ms',
    why: 'Length of the streamed audio.',
  },
  {
    id: 'gaps',
    name: 'Playback gaps',
    value: (m) => m.playback.gapCount,
    format: (v) => fixed(v, 0),
    unit: '',
    why: 'Moments real-time playback ran out of audio before the next chunk was ready.',
    judge: (v) => (v === 0 ? 'good' : 'bad'),
  },
  {
    id: 'gap-total',
    name: 'Gap time',
    value: (m) => m.playback.totalGapMs,
    format: ms,
    unit: 'ms',
    why: 'Total silence inserted by those gaps.',
  },
  {
    id: 'gap-longest',
    name: 'Longest gap',
    value: (m) => m.playback.longestGapMs,
    format: ms,
    unit: 'ms',
    why: 'The single longest wait for audio.',
  },
  {
    id: 'playback-start',
    name: 'Playback starts',
    value: (m) => m.playback.startMs,
    format: ms,
    unit: 'ms',
    why: 'TTFA plus the jitter buffer (or the end, when gathering first).',
  },
  {
    id: 'click-median',
    name: 'Median click score',
    value: (m) => m.boundaries.medianClickScore,
    format: (v) => fixed(v, 2),
    unit: '',
    why: 'Largest sample jump within ±5 ms of a boundary ÷ local std of the first difference; above 5 is audible.',
    judge: (v) => (v > 5 ? 'bad' : 'good'),
  },
  {
    id: 'click-max',
    name: 'Max click score',
    value: (m) => m.boundaries.maxClickScore,
    format: (v) => fixed(v, 2),
    unit: '',
    why: 'The worst boundary by the same measure.',
    judge: (v) => (v > 5 ? 'bad' : 'good'),
  },
  {
    id: 'audible',
    name: 'Audible clicks',
    value: (m) => m.boundaries.audibleClicks,
    format: (v) => fixed(v, 0),
    unit: '',
    why: 'Boundaries with a click score above 5.',
    judge: (v) => (v === 0 ? 'good' : 'bad'),
  },
  {
    id: 'snr',
    name: 'SNR vs offline',
    value: (m) => m.quality.snrDb,
    format: (v) => fixed(v, 1),
    unit: 'dB',
    why: 'Streamed vs the offline decode of the same tokens; higher is closer (∞ = identical).',
  },
  {
    id: 'lsd',
    name: 'Log-spectral distance',
    value: (m) => m.quality.lsdDb,
    format: (v) => fixed(v, 2),
    unit: 'dB',
    why: 'Spectral difference to the offline decode; 0 = identical.',
  },
  {
    id: 'mcd',
    name: 'Mel-cepstral distortion',
    value: (m) => m.quality.mcdDb,
    format: (v) => fixed(v, 2),
    unit: 'dB',
    why: 'Timbre difference to the offline decode; 0 = identical.',
  },
  {
    id: 'token-util',
    name: 'Token worker busy',
    value: (m) => m.utilisation.tokenWorker,
    format: percent,
    unit: '',
    why: 'Share of wall time spent generating speech tokens.',
  },
  {
    id: 'decode-util',
    name: 'Decode worker busy',
    value: (m) => m.utilisation.decodeWorker,
    format: percent,
    unit: '',
    why: 'Share of wall time spent decoding audio.',
  },
  {
    id: 'ideal',
    name: 'Ideal parallel wall',
    value: (m) => m.utilisation.idealWallMs,
    format: ms,
    unit: 'ms',
    why: 'max(Σ token time, Σ decode time): the best a parallel pipeline could do.',
  },
];

const STAGES: { name: string; value: (m: RunMetrics) => number }[] = [
  { name: 'text ready', value: (m) => m.stages.textReadyMs },
  { name: 'first token', value: (m) => m.stages.firstTokenMs },
  { name: 'first chunk decoded', value: (m) => m.stages.firstChunkDecodedMs },
  { name: 'first sample', value: (m) => m.stages.firstSampleMs },
];

/** The metrics panel: value, unit and what it means; the noise floor wherever the decoder has one. */
export function MetricsPanel({ metrics, synthetic }: { metrics: RunMetrics; synthetic: boolean }) {
  const floor = metrics.quality.noiseFloorSnrDb;
  return (
    <div className="stack" data-testid="metrics-panel">
      <div className="metric-grid">
        {METRIC_DEFS.map((def) => {
          const value = def.value(metrics);
          const judged = value !== null && Number.isFinite(value) && def.judge ? def.judge(value) : null;
          return (
            <div
              key={def.id}
              className={`metric ${judged ?? ''}`}
              data-testid={`metric-${def.id}`}
              data-value={value ?? ''}
            >
              <div className="name">{def.name}</div>
              <div className="value">
                {def.format(value)}
                {def.unit && <span className="unit">{def.unit}</span>}
              </div>
              <div className="why">{def.why}</div>
            </div>
          );
        })}
        {floor !== null && (
          <div className="metric" data-testid="metric-noise-floor" data-value={floor}>
            <div className="name">Noise floor (repeat decodes)</div>
            <div className="value">
              {fixed(floor, 1)}
              <span className="unit">dB SNR</span>
            </div>
            <div className="why">
              The same offline decode repeated differs by this much; below it, a difference is noise.
            </div>
          </div>
        )}
      </div>
      {floor !== null && metrics.quality.significant === false && (
        <p className="note-box small" data-testid="not-significant" style={{ margin: 0 }}>
          The difference to the offline decode is inside the decoder&apos;s own noise floor: it is{' '}
          <strong>not a finding</strong>.
        </p>
      )}
      <p className="muted small" style={{ margin: 0 }}>
        TTFA stages:{' '}
        {STAGES.map((s, i) => (
          <span key={s.name}>
            {i > 0 && ' → '}
            {s.name} <span className="num">{ms(s.value(metrics))} ms</span>
          </span>
        ))}
        {synthetic &&
          ' · Times come from the synthetic test model: compare them between runs, not with real models.'}
      </p>
    </div>
  );
}
