/**
 * echarts options for a sweep: metric vs knob with the spread across repeats (a shaded band, min–max or ±1 SD,
 * plus one dot per repeat), and a parallel-coordinates view over knobs and metrics (one line per run).
 */
import type { SweepRow } from '../../../contract/methods/sweeps.ts';
import { axisStyle, type Palette } from '../components/chart-palette.ts';
import { themeColor } from '../hooks/useColorScheme.ts';
import type { SweepChartOption } from './SweepChart.tsx';
import { formatValue, PLOT_METRICS, pointStats, shortPath, type MetricKey } from './sweep-data.ts';

interface Param {
  name: string;
  path: string;
  values: (number | string | boolean)[];
}

const metricInfo = (key: MetricKey) =>
  PLOT_METRICS.find((m) => m.key === key) ?? { key, label: key, unit: '', better: 'lower' as const };

export interface MetricPlot {
  option: SweepChartOption;
  /** The run each clickable datum opens: targets[seriesIndex][dataIndex]. */
  targets: (string | null)[][];
  /** Mean points as [seriesIndex, x, y], for locating them on the canvas. */
  markers: [number, number | string, number][];
  /** Grid points with a value (what the plot shows). */
  pointCount: number;
}

export function metricPlot(options: {
  params: readonly Param[];
  rows: readonly SweepRow[];
  metric: MetricKey;
  spread: 'minmax' | 'std';
  palette: Palette;
}): MetricPlot {
  const { params, rows, metric, spread, palette: p } = options;
  const [xParam, groupParam] = params;
  const empty: MetricPlot = { option: {}, targets: [], markers: [], pointCount: 0 };
  if (!xParam) return empty;
  const stats = pointStats(rows, metric).filter((s) => s.mean !== null);
  const numericX = xParam.values.every((v) => typeof v === 'number');
  const xOf = (values: SweepRow['point']) => {
    const v = values[xParam.path];
    return numericX ? (v as number) : formatValue(v);
  };
  const order = (values: SweepRow['point']) => xParam.values.indexOf(values[xParam.path] as never);
  const info = metricInfo(metric);
  const repeats = Math.max(1, ...stats.map((s) => s.n));
  const groups: (number | string | boolean | null)[] = groupParam ? groupParam.values : [null];

  const series: Record<string, unknown>[] = [];
  const targets: (string | null)[][] = [];
  const markers: MetricPlot['markers'] = [];
  const tooltips = new Map<string, string>();
  groups.forEach((group, gi) => {
    const color = p.series[gi % p.series.length] as string;
    const points = stats
      .filter((s) => group === null || (groupParam && s.values[groupParam.path] === group))
      .sort((a, b) => order(a.values) - order(b.values));
    if (!points.length) return;
    const name =
      group === null ? info.label : `${shortPath((groupParam as Param).path)} = ${formatValue(group)}`;
    const lo = (s: (typeof points)[number]) =>
      spread === 'minmax' ? (s.min as number) : (s.mean as number) - (s.std as number);
    const hi = (s: (typeof points)[number]) =>
      spread === 'minmax' ? (s.max as number) : (s.mean as number) + (s.std as number);
    if (repeats > 1) {
      const stack = `band-${gi}`;
      series.push({
        type: 'line',
        stack,
        data: points.map((s) => [xOf(s.values), lo(s)]),
        lineStyle: { opacity: 0 },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      });
      targets.push([]);
      series.push({
        type: 'line',
        stack,
        data: points.map((s) => [xOf(s.values), hi(s) - lo(s)]),
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.16 },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      });
      targets.push([]);
    }
    const meanIndex = series.length;
    series.push({
      type: 'line',
      name,
      data: points.map((s) => [xOf(s.values), s.mean]),
      symbol: 'circle',
      symbolSize: 10,
      lineStyle: { color, width: 2 },
      itemStyle: { color, borderColor: p.panel, borderWidth: 1.5 },
      emphasis: { scale: 1.4 },
      cursor: 'pointer',
    });
    targets.push(points.map((s) => s.runId));
    points.forEach((s, i) => {
      markers.push([meanIndex, xOf(s.values), s.mean as number]);
      const spreadText =
        s.n > 1
          ? spread === 'minmax'
            ? `min ${formatValue(s.min)} · max ${formatValue(s.max)}`
            : `± ${formatValue(s.std)} (1 SD)`
          : 'one run';
      tooltips.set(
        `${meanIndex}:${i}`,
        `${Object.entries(s.values)
          .map(([k, v]) => `${shortPath(k)} = ${formatValue(v)}`)
          .join(
            ', ',
          )}<br/>${info.label}: <b>${formatValue(s.mean)}</b> ${info.unit} (mean of ${s.n})<br/>${spreadText}<br/><i>click to open the run</i>`,
      );
    });
    if (repeats > 1) {
      const dots = points.flatMap((s) => s.repeats.map((r) => ({ x: xOf(s.values), ...r })));
      const dotIndex = series.length;
      series.push({
        type: 'scatter',
        name,
        data: dots.map((d) => [d.x, d.value]),
        symbolSize: 6,
        itemStyle: { color, opacity: 0.55 },
        cursor: 'pointer',
      });
      targets.push(dots.map((d) => d.runId));
      dots.forEach((d, i) =>
        tooltips.set(
          `${dotIndex}:${i}`,
          `repeat ${d.repeatIndex + 1}: ${formatValue(d.value)} ${info.unit}<br/><i>click to open the run</i>`,
        ),
      );
    }
  });

  const option: SweepChartOption = {
    animation: false,
    textStyle: { color: p.text },
    grid: { left: 64, right: 24, top: groups.length > 1 ? 40 : 20, bottom: 48 },
    legend:
      groups.length > 1
        ? {
            top: 0,
            textStyle: { color: p.text },
            data: series.filter((s) => s.name && s.type === 'line').map((s) => s.name),
          }
        : undefined,
    tooltip: {
      trigger: 'item',
      backgroundColor: p.panel,
      borderColor: p.border,
      textStyle: { color: p.text },
      formatter: (params: { seriesIndex: number; dataIndex: number }) =>
        tooltips.get(`${params.seriesIndex}:${params.dataIndex}`) ?? '',
    },
    xAxis: {
      type: numericX ? 'value' : 'category',
      name: xParam.name,
      nameLocation: 'middle',
      nameGap: 28,
      ...(numericX
        ? {
            min: 'dataMin',
            max: 'dataMax',
            // Whole-number knobs (tokens, seeds) get whole-number ticks.
            ...(xParam.values.every((v) => Number.isInteger(v)) ? { minInterval: 1 } : {}),
          }
        : { data: xParam.values.map(formatValue) }),
      ...axisStyle(p),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      name: info.unit ? `${info.label} (${info.unit})` : info.label,
      nameLocation: 'middle',
      nameGap: 48,
      scale: true,
      ...axisStyle(p),
    },
    series,
  };
  return { option, targets, markers, pointCount: stats.length };
}

export const PARALLEL_METRICS: MetricKey[] = [
  'medianExcessClickScore',
  'snrDb',
  'ttfaMs',
  'rtf',
  'totalGapMs',
];

/** Axis names short enough to sit side by side above a parallel axis. */
const SHORT_NAMES: Partial<Record<MetricKey, string>> = {
  medianExcessClickScore: 'excess click (median)',
  maxExcessClickScore: 'excess click (max)',
  medianClickScore: 'abs. click (median)',
  maxClickScore: 'abs. click (max)',
  audibleClicks: 'audible clicks',
  ttfaMs: 'engine TTFA (ms)',
  rtf: 'RTF',
  wallMs: 'wall (ms)',
  gapCount: 'sim. gaps',
  totalGapMs: 'sim. gap time (ms)',
  snrDb: 'SNR (dB)',
  lsdDb: 'LSD (dB)',
  mcdDb: 'MCD (dB)',
  chunks: 'chunks',
};

export function parallelPlot(options: {
  params: readonly Param[];
  rows: readonly SweepRow[];
  colorBy: MetricKey;
  palette: Palette;
}): { option: SweepChartOption; runIds: string[] } {
  const { params, rows, colorBy, palette: p } = options;
  const metrics = PARALLEL_METRICS.includes(colorBy) ? PARALLEL_METRICS : [colorBy, ...PARALLEL_METRICS];
  const finished = rows.filter((r) => r.status === 'finished' && r.metrics && r.runId);
  const numeric = params.map((param) => param.values.every((v) => typeof v === 'number'));
  const axes = [
    ...params.map((param, i) => ({
      dim: i,
      name: param.name,
      type: numeric[i] ? 'value' : 'category',
      ...(numeric[i]
        ? param.values.every((v) => Number.isInteger(v))
          ? { minInterval: 1 }
          : {}
        : { data: param.values.map(formatValue) }),
    })),
    ...metrics.map((m, j) => ({
      dim: params.length + j,
      name: SHORT_NAMES[m] ?? m,
      type: 'value',
      scale: true,
    })),
  ];
  const data = finished.map((r) => [
    ...params.map((param, i) => (numeric[i] ? r.point[param.path] : formatValue(r.point[param.path]))),
    ...metrics.map((m) => r.metrics?.[m] ?? '-'),
  ]);
  const colorDim = params.length + metrics.indexOf(colorBy);
  const colorValues = finished
    .map((r) => r.metrics?.[colorBy])
    .filter((v): v is number => typeof v === 'number');
  const better = metricInfo(colorBy).better;
  const ramp = [themeColor('--ok'), themeColor('--warn'), themeColor('--danger')];
  const option: SweepChartOption = {
    animation: false,
    textStyle: { color: p.text },
    parallel: {
      left: 56,
      right: 140,
      top: 48,
      bottom: 28,
      parallelAxisDefault: {
        nameLocation: 'end',
        nameGap: 14,
        nameTextStyle: { color: p.text, fontSize: 11 },
        axisLine: { lineStyle: { color: p.muted } },
        axisLabel: { color: p.muted },
        splitLine: { show: false },
      },
    },
    parallelAxis: axes,
    visualMap: colorValues.length
      ? {
          type: 'continuous',
          dimension: colorDim,
          min: Math.min(...colorValues),
          max:
            Math.max(...colorValues) === Math.min(...colorValues)
              ? Math.min(...colorValues) + 1
              : Math.max(...colorValues),
          inRange: { color: better === 'lower' ? ramp : [...ramp].reverse() },
          right: 4,
          top: 'middle',
          itemHeight: 120,
          calculable: true,
          // The unit on a second line: on one, "excess click (median)" ran over the last axis's labels.
          text: [(SHORT_NAMES[colorBy] ?? colorBy).replace(' (', '\n('), ''],
          textStyle: { color: p.muted, fontSize: 10, lineHeight: 12 },
        }
      : undefined,
    tooltip: {
      trigger: 'item',
      backgroundColor: p.panel,
      borderColor: p.border,
      textStyle: { color: p.text },
      formatter: (params: { dataIndex: number }) => {
        const row = finished[params.dataIndex];
        if (!row) return '';
        const knobs = Object.entries(row.point).map(([k, v]) => `${shortPath(k)} = ${formatValue(v)}`);
        return `${knobs.join(', ')} · repeat ${row.repeatIndex + 1}<br/><i>click to open the run</i>`;
      },
    },
    series: [
      {
        type: 'parallel',
        data,
        lineStyle: { width: 2, opacity: 0.75 },
        emphasis: { lineStyle: { width: 4, opacity: 1 } },
        cursor: 'pointer',
      },
    ],
  };
  return { option, runIds: finished.map((r) => r.runId as string) };
}
