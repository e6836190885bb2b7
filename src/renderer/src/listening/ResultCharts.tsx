import type { MeanCi } from '../../../contract/methods/listening.ts';
import type { AbxTracePoint } from './abx-trace.ts';

/** Plot area in SVG user units; the SVG scales to the card's width. */
const W = 640;
const PAD = { left: 44, right: 16, top: 14, bottom: 34 };

export interface CmosBar {
  name: string;
  stats: MeanCi;
}

/**
 * CMOS as bars: each pair's mean (and the overall mean) drawn from 0 on the −3 … +3 scale, with its 95 %
 * bootstrap interval as an error bar, the way CMOS results are usually reported. Bars whose interval excludes 0
 * are solid; those whose interval includes it are hollow, so "no preference shown" reads at a glance.
 */
export function CmosBars({ bars, testId = 'cmos-bars' }: { bars: CmosBar[]; testId?: string }) {
  const height = 220;
  const plotH = height - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + ((3 - Math.max(-3, Math.min(3, v))) / 6) * plotH;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, bars.length);
  const barW = Math.min(56, slot * 0.5);
  return (
    <svg viewBox={`0 0 ${W} ${height}`} className="result-chart" data-testid={testId} role="img">
      <title>Mean CMOS per pair with 95 % intervals (−3 … +3; positive: B preferred)</title>
      {[-3, -2, -1, 0, 1, 2, 3].map((v) => (
        <g key={v}>
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(v)}
            y2={y(v)}
            className={v === 0 ? 'axis-zero' : 'grid-line'}
          />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="tick">
            {v > 0 ? `+${v}` : v}
          </text>
        </g>
      ))}
      {bars.map((bar, i) => {
        const cx = PAD.left + slot * (i + 0.5);
        const { mean, ci95 } = bar.stats;
        const excludesZero = ci95 !== null && (ci95[0] > 0 || ci95[1] < 0);
        return (
          <g
            key={bar.name}
            data-testid="cmos-bar"
            data-name={bar.name}
            data-mean={mean ?? ''}
            data-lo={ci95?.[0] ?? ''}
            data-hi={ci95?.[1] ?? ''}
          >
            {mean !== null && (
              <rect
                x={cx - barW / 2}
                width={barW}
                y={Math.min(y(mean), y(0))}
                height={Math.max(1, Math.abs(y(mean) - y(0)))}
                className={excludesZero ? 'bar solid' : 'bar hollow'}
              />
            )}
            {ci95 && (
              <g className="error-bar">
                <line x1={cx} x2={cx} y1={y(ci95[0])} y2={y(ci95[1])} />
                <line x1={cx - 8} x2={cx + 8} y1={y(ci95[0])} y2={y(ci95[0])} />
                <line x1={cx - 8} x2={cx + 8} y1={y(ci95[1])} y2={y(ci95[1])} />
              </g>
            )}
            <text x={cx} y={height - PAD.bottom + 16} textAnchor="middle" className="tick">
              {bar.name.length > 22 ? `${bar.name.slice(0, 21)}…` : bar.name}
            </text>
            <text x={cx} y={height - PAD.bottom + 29} textAnchor="middle" className="tick muted-tick">
              {mean === null ? 'no ratings' : `${mean >= 0 ? '+' : ''}${mean.toFixed(2)} (n ${bar.stats.n})`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * ABX trial by trial: each answer in order (filled green dot: correct, red cross: wrong), the running number
 * correct as a line, and the number correct needed for p < 0.05 after that many trials as a dashed step line.
 * Where the running score meets the threshold, the difference was shown to be audible at that point.
 */
export function AbxTrialPlot({
  trace,
  testId = 'abx-trial-plot',
}: {
  trace: AbxTracePoint[];
  testId?: string;
}) {
  const height = 240;
  const n = Math.max(1, trace.length);
  const plotH = height - PAD.top - PAD.bottom;
  const x = (trial: number) => PAD.left + ((trial - 0.5) / n) * (W - PAD.left - PAD.right);
  const y = (count: number) => PAD.top + (1 - count / n) * plotH;
  const scorePath = trace.map((p, i) => `${i ? 'L' : 'M'}${x(p.trial)},${y(p.score)}`).join(' ');
  // A step line: the threshold holds over each trial's width and steps at the next trial.
  const half = (W - PAD.left - PAD.right) / n / 2;
  const neededPath = trace
    .filter((p) => p.needed !== null)
    .flatMap((p) => [
      [x(p.trial) - half, y(p.needed!)],
      [x(p.trial) + half, y(p.needed!)],
    ])
    .map(([px, py], i) => `${i ? 'L' : 'M'}${px},${py}`)
    .join(' ');
  const ticks = [...new Set([0, Math.round(n / 2), n])];
  return (
    <svg viewBox={`0 0 ${W} ${height}`} className="result-chart" data-testid={testId} role="img">
      <title>ABX answers in order, running number correct and the number needed for p &lt; 0.05</title>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="grid-line" />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="tick">
            {v}
          </text>
        </g>
      ))}
      {neededPath && <path d={neededPath} className="threshold-line" data-testid="abx-threshold" />}
      {scorePath && <path d={scorePath} className="score-line" data-testid="abx-running-score" />}
      {trace.map((p) => (
        <g
          key={p.index}
          data-testid="abx-trial-mark"
          data-trial={p.trial}
          data-correct={p.correct ? 'true' : 'false'}
          data-score={p.score}
          data-needed={p.needed ?? ''}
        >
          <title>
            Trial {p.index + 1}: {p.correct ? 'correct' : 'wrong'} · {p.score} of {p.trial} correct
            {p.needed === null ? '' : ` · ${p.needed} needed for p < 0.05`}
          </title>
          {p.correct ? (
            <circle cx={x(p.trial)} cy={y(p.score)} r={5} className="mark correct" />
          ) : (
            <path d={`M${x(p.trial) - 4},${y(p.score) - 4} l8,8 m0,-8 l-8,8`} className="mark wrong" />
          )}
          <text x={x(p.trial)} y={height - PAD.bottom + 16} textAnchor="middle" className="tick">
            {p.trial}
          </text>
        </g>
      ))}
      <text x={(W + PAD.left) / 2} y={height - 4} textAnchor="middle" className="tick muted-tick">
        trial (in the order presented) · y: number correct so far · dashed: needed for p &lt; 0.05
      </text>
    </svg>
  );
}
