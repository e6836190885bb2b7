import { useMemo } from 'react';
import { themeColor, useColorScheme } from '../hooks/useColorScheme.ts';
import { EChart, type ChartOption } from './EChart.tsx';

export interface GanttBar {
  row: number;
  start: number;
  end: number;
  /** CSS variable name (e.g. '--decode') or a colour. */
  color: string;
  /** Legend group. */
  kind: string;
  tooltip: string;
}

interface RenderApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
  size(value: [number, number]): [number, number];
  style(extra: Record<string, unknown>): Record<string, unknown>;
}

/**
 * A timeline of work per row (workers, or chunks): horizontal bars on a shared ms axis. Built on an echarts
 * custom series so thousands of bars stay one canvas draw.
 */
export function Gantt({
  rows,
  bars,
  height,
  testId,
  xLabel = 'ms from request',
  xMax,
}: {
  rows: string[];
  bars: GanttBar[];
  height?: number;
  testId?: string;
  xLabel?: string;
  xMax?: number;
}) {
  const scheme = useColorScheme();
  const option = useMemo<ChartOption>(() => {
    const text = themeColor('--text');
    const muted = themeColor('--muted');
    const border = themeColor('--border');
    const kinds = [...new Set(bars.map((b) => b.kind))];
    const colorOf = (c: string) => (c.startsWith('--') ? themeColor(c) : c);
    return {
      animation: false,
      grid: { left: 110, right: 20, top: 28, bottom: 40 },
      // One line that pages when the chart is narrow (the live panel at 1024 px): a wrapped legend lay over the
      // first row.
      legend: { top: 0, type: 'scroll', textStyle: { color: text }, data: kinds },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: { tooltip?: string } }) => p.data?.tooltip ?? '',
      },
      xAxis: {
        type: 'value',
        name: xLabel,
        nameLocation: 'middle',
        nameGap: 24,
        min: 0,
        max: xMax,
        axisLabel: { color: muted },
        nameTextStyle: { color: muted },
        splitLine: { lineStyle: { color: border } },
      },
      yAxis: {
        type: 'category',
        data: rows,
        inverse: true,
        axisLabel: { color: text },
        axisLine: { lineStyle: { color: border } },
      },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }],
      series: kinds.map((kind) => ({
        type: 'custom',
        name: kind,
        // Draw large series a few hundred bars per frame: a 10-minute run has 600 chunks a row, which drawn
        // at once held the main thread for 0.4 s (keys and scrolling froze).
        progressive: 300,
        progressiveThreshold: 600,
        encode: { x: [1, 2], y: 0 },
        itemStyle: { color: colorOf(bars.find((b) => b.kind === kind)?.color ?? '--accent') },
        renderItem: (_params: unknown, api: RenderApi) => {
          const row = api.value(0);
          const start = api.coord([api.value(1), row]);
          const end = api.coord([api.value(2), row]);
          const bandHeight = api.size([0, 1])[1] * 0.6;
          return {
            type: 'rect',
            shape: {
              x: start[0],
              y: start[1] - bandHeight / 2,
              width: Math.max(1, end[0] - start[0]),
              height: bandHeight,
            },
            style: api.style({}),
          };
        },
        data: bars
          .filter((b) => b.kind === kind)
          .map((b) => ({
            value: [b.row, b.start, b.end],
            tooltip: b.tooltip,
            itemStyle: { color: colorOf(b.color) },
          })),
      })),
    };
    // The scheme is a dependency because themeColor reads the live CSS variables.
  }, [rows, bars, xLabel, xMax, scheme]);
  return (
    <EChart
      option={option}
      height={height ?? Math.max(140, 60 + rows.length * 26)}
      testId={testId}
      dataPoints={bars.length}
    />
  );
}
