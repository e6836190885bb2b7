import { describe, expect, it } from 'vitest';
import type { MeanCi } from '../../../src/contract/methods/listening.ts';
import type { Palette } from '../../../src/renderer/src/components/chart-palette.ts';
import {
  BOX_SERIES,
  MEAN_SERIES,
  scoreBoxPlotOption,
} from '../../../src/renderer/src/listening/score-box-plot-option.ts';

// The dark theme's colours (theme.css), which echarts' light defaults ignored: grid lines near white on a dark page.
const DARK: Palette = {
  text: '#e6e8eb',
  muted: '#9aa1ab',
  border: '#30353e',
  panel: '#1d2026',
  series: ['#6b9cff'],
};
const CMOS = { min: -3, max: 3 };

/** A condition's statistics as the engine reports them (engine/listening/statistics.ts, minimum 5 ratings). */
type Box = [low: number, q1: number, median: number, q3: number, high: number, ...outliers: number[]];

function stats(scores: number[], box: Box | null, ci95: [number, number] | null): MeanCi {
  const n = scores.length;
  return {
    n,
    mean: n ? scores.reduce((a, b) => a + b, 0) / n : null,
    sd: null,
    ci95,
    method: 'percentile-bootstrap',
    nTooSmall: n < 5,
    minN: 5,
    box: box && {
      lowWhisker: box[0],
      q1: box[1],
      median: box[2],
      q3: box[3],
      highWhisker: box[4],
      outliers: box.slice(5),
    },
  };
}

type Axis = {
  data?: string[];
  axisLabel: { color: string; lineHeight?: number };
  splitLine: { lineStyle: { color: string } };
};
type Series = { name: string; data: unknown[]; markLine?: { data: unknown[]; label: { show: boolean } } };

function build(all: MeanCi[]) {
  const conditions = all.map((s, i) => ({ name: `pair ${i + 1}`, stats: s }));
  const option = scoreBoxPlotOption({ conditions, ...CMOS, palette: DARK }) as {
    xAxis: Axis;
    yAxis: Axis;
    legend: { type: string; textStyle: { color: string } };
    series: Series[];
  };
  return { option, series: (name: string) => option.series.find((s) => s.name === name)! };
}

describe('score box plot option', () => {
  it('draws axes, grid lines and legend in the theme colours, the legend on one paging line', () => {
    const { option } = build([stats([1, 2, 2, 3, 0, 1], [0, 1, 1.5, 2, 3], [0.67, 2.17])]);
    for (const axis of [option.xAxis, option.yAxis]) {
      expect(axis.axisLabel.color).toBe(DARK.muted);
      expect(axis.splitLine.lineStyle.color).toBe(DARK.border);
    }
    expect(option.legend.textStyle.color).toBe(DARK.text);
    expect(option.legend.type).toBe('scroll');
  });

  it('puts "n too small" on the axis under the condition, not as a label at the interval end', () => {
    const { option, series } = build([
      stats([-2, -2], [-2, -2, -2, -2, -2], [-2, -2]),
      stats([1, 2, 2, 3, 0, 1, -3], [0, 0.5, 1, 2, 3, -3], [-0.43, 1.86]),
    ]);
    expect(option.xAxis.data).toEqual(['pair 1\nn too small (2)', 'pair 2']);
    expect(option.xAxis.axisLabel.lineHeight).toBeGreaterThanOrEqual(14);
    const mean = series(MEAN_SERIES);
    expect(mean.markLine!.label.show).toBe(false);
    // Both conditions have an interval; a box has its five numbers, and its outliers are dots.
    expect(mean.markLine!.data).toEqual([
      [{ coord: [0, -2] }, { coord: [0, -2] }],
      [{ coord: [1, -0.43] }, { coord: [1, 1.86] }],
    ]);
    expect(series(BOX_SERIES).data).toEqual([
      [-2, -2, -2, -2, -2],
      [0, 0.5, 1, 2, 3],
    ]);
    expect(series('outliers').data).toEqual([[1, -3]]);
  });

  it('leaves out the mean and interval of a condition without ratings, and the interval of a single rating', () => {
    const { series } = build([
      stats([], null, null),
      stats([2], [2, 2, 2, 2, 2], null),
      stats([1, 2, 3], [1, 1.5, 2, 2.5, 3], [1, 3]),
    ]);
    expect(series(MEAN_SERIES).data).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(series(MEAN_SERIES).markLine!.data).toHaveLength(1);
  });
});
