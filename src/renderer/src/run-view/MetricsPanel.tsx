import { METRIC_DEFINITIONS, metricValue, type MetricId, type RunMetrics } from '../../../contract/index.ts';
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

/** A panel entry from the contract's definition: its label, unit and definition, read the one way. */
function fromContract(
  id: string,
  metric: MetricId,
  format: (v: number | null) => string,
  judge?: MetricDef['judge'],
): MetricDef {
  const def = METRIC_DEFINITIONS[metric];
  return {
    id,
    name: def.label,
    value: (m) => metricValue(metric, m),
    format,
    unit: def.unit === 'count' ? '' : def.unit,
    why: def.definition,
    judge,
  };
}

const digits = (n: number) => (v: number | null) => (v === Infinity ? '∞' : fixed(v, n));
const clickJudge = (v: number): 'good' | 'bad' => (v > 5 ? 'bad' : 'good');

/** Every run metric with its unit and definition (src/contract/metric-definitions.ts). */
export const METRIC_DEFS: MetricDef[] = [
  fromContract('ttfa', 'engineTtfaMs', ms),
  fromContract('rtf', 'rtf', digits(2), (v) => (v < 1 ? 'good' : 'bad')),
  fromContract('wall', 'wallMs', ms),
  fromContract('audio', 'audioMs', ms),
  fromContract('gaps', 'engineSimulatedGaps', digits(0), (v) => (v === 0 ? 'good' : 'bad')),
  fromContract('gap-total', 'engineSimulatedGapMs', ms),
  fromContract('gap-longest', 'longestEngineSimulatedGapMs', ms),
  fromContract('playback-start', 'simulatedPlaybackStartMs', ms),
  fromContract('click-excess-median', 'medianExcessClickScore', digits(2), clickJudge),
  fromContract('click-excess-max', 'maxExcessClickScore', digits(2), clickJudge),
  fromContract('click-median', 'medianClickScore', digits(2)),
  fromContract('click-max', 'maxClickScore', digits(2)),
  fromContract('audible', 'audibleClicks', digits(0), (v) => (v === 0 ? 'good' : 'bad')),
  fromContract('snr', 'snrDb', (v) => (v === Infinity ? '∞ identical' : fixed(v, 1))),
  fromContract('lsd', 'lsdDb', digits(2)),
  fromContract('mcd', 'mcdDb', digits(2)),
  fromContract('token-util', 'tokenWorkerBusy', percent),
  fromContract('decode-util', 'decodeWorkerBusy', percent),
  fromContract('ideal', 'idealWallMs', ms),
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
              data-value={value === null ? '' : Number.isFinite(value) ? value : 'Infinity'}
              title={def.why}
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
