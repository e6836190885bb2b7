/**
 * The echarts option for score box plots as webMUSHRA's results page draws them (median, quartiles, whiskers within
 * 1.5 IQR, outliers as dots), with the mean and its 95 % bootstrap interval beside each box. Pure, so it is tested
 * without a browser; colours come from the theme's palette (echarts' defaults are for a light page only).
 */
import type { MeanCi } from '../../../contract/methods/listening.ts';
import { axisStyle, type Palette } from '../components/chart-palette.ts';
import type { ChartOption } from '../components/EChart.tsx';

export interface BoxCondition {
  name: string;
  stats: MeanCi;
}

export const BOX_SERIES = 'scores (box: quartiles, whiskers 1.5 IQR)';
export const MEAN_SERIES = 'mean and 95 % interval';

/**
 * A condition's axis label: its name, and "n too small" under it when there are fewer ratings than the statistics
 * need (on the axis rather than at the interval's end, where a zero-width interval put it across a grid line).
 */
export function conditionLabel(condition: BoxCondition): string {
  return condition.stats.nTooSmall ? `${condition.name}\nn too small (${condition.stats.n})` : condition.name;
}

export function scoreBoxPlotOption(options: {
  conditions: BoxCondition[];
  min: number;
  max: number;
  palette: Palette;
}): ChartOption {
  const { conditions, min, max, palette: p } = options;
  const [accent] = p.series;
  const axes = axisStyle(p);
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 28, bottom: 44 },
    // One line that pages when the chart is narrow, instead of wrapping over the plot.
    legend: { top: 0, type: 'scroll', textStyle: { color: p.text }, data: [BOX_SERIES, MEAN_SERIES] },
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'category',
      data: conditions.map(conditionLabel),
      ...axes,
      // Two-line labels ("n too small" under the name) overlap at echarts' default line height.
      axisLabel: { ...axes.axisLabel, lineHeight: 16 },
    },
    yAxis: { type: 'value', min, max, ...axes },
    series: [
      {
        name: BOX_SERIES,
        type: 'boxplot',
        itemStyle: { color: p.panel, borderColor: accent },
        data: conditions.map((c) =>
          c.stats.box
            ? [
                c.stats.box.lowWhisker,
                c.stats.box.q1,
                c.stats.box.median,
                c.stats.box.q3,
                c.stats.box.highWhisker,
              ]
            : [],
        ),
      },
      {
        name: 'outliers',
        type: 'scatter',
        symbolSize: 6,
        itemStyle: { color: p.muted },
        data: conditions.flatMap((c, i) => (c.stats.box?.outliers ?? []).map((v) => [i, v])),
      },
      {
        name: MEAN_SERIES,
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 9,
        itemStyle: { color: p.text },
        data: conditions.flatMap((c, i) => (c.stats.mean === null ? [] : [[i, c.stats.mean]])),
        markLine: {
          symbol: 'none',
          silent: true,
          label: { show: false },
          lineStyle: { width: 2, type: 'solid', color: p.text },
          data: conditions.flatMap((c, i) =>
            c.stats.ci95 ? [[{ coord: [i, c.stats.ci95[0]] }, { coord: [i, c.stats.ci95[1]] }]] : [],
          ),
        },
      },
    ],
  };
}
