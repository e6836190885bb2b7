import type { MeanCi } from '../../../contract/methods/listening.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';

export interface BoxCondition {
  name: string;
  stats: MeanCi;
}

/**
 * Box plots of each condition's scores as webMUSHRA's results page draws them (median, quartiles, whiskers
 * within 1.5 IQR, outliers as dots), with the mean and its 95 % bootstrap interval beside each box.
 */
export function ScoreBoxPlot({
  conditions,
  min,
  max,
  testId,
}: {
  conditions: BoxCondition[];
  min: number;
  max: number;
  testId?: string;
}) {
  const names = conditions.map((c) => c.name);
  const option: ChartOption = {
    animation: false,
    grid: { left: 44, right: 16, top: 28, bottom: 28 },
    legend: { top: 0, data: ['scores (box: quartiles, whiskers 1.5 IQR)', 'mean and 95 % interval'] },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', min, max },
    series: [
      {
        name: 'scores (box: quartiles, whiskers 1.5 IQR)',
        type: 'boxplot',
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
        data: conditions.flatMap((c, i) => (c.stats.box?.outliers ?? []).map((v) => [i, v])),
      },
      {
        name: 'mean and 95 % interval',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 9,
        data: conditions.flatMap((c, i) => (c.stats.mean === null ? [] : [[i, c.stats.mean]])),
        markLine: {
          symbol: 'none',
          lineStyle: { width: 2 },
          data: conditions.flatMap((c, i) =>
            c.stats.ci95
              ? [
                  [
                    { coord: [i, c.stats.ci95[0]] },
                    { coord: [i, c.stats.ci95[1]], name: c.stats.nTooSmall ? 'n too small' : '' },
                  ],
                ]
              : [],
          ),
        },
      },
    ],
  };
  return <EChart option={option} height={220} testId={testId} dataPoints={conditions.length} />;
}
