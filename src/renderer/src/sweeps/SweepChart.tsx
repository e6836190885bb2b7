import { LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  LineChart,
  ScatterChart,
  ParallelChart,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type SweepChartOption = echarts.EChartsCoreOption;

export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

/**
 * An echarts canvas for the sweep plots. After each render it writes the pixel position of the points named in
 * `markers` ([seriesIndex, x, y] in data coordinates) to `data-point-pixels`, so a test (or a screen reader
 * helper) can find and click a plotted point without reverse-engineering the canvas.
 */
export function SweepChart({
  option,
  height = 320,
  testId,
  onClick,
  markers = [],
  pointCount,
}: {
  option: SweepChartOption;
  height?: number;
  testId: string;
  onClick?: (click: ChartClick) => void;
  markers?: [number, number | string, number][];
  pointCount?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const markersRef = useRef(markers);
  markersRef.current = markers;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      const p = params as { seriesIndex?: number; dataIndex?: number };
      if (p.seriesIndex !== undefined && p.dataIndex !== undefined)
        clickRef.current?.({ seriesIndex: p.seriesIndex, dataIndex: p.dataIndex });
    });
    instance.on('finished', () => {
      const pixels = markersRef.current.map(([seriesIndex, x, y]) => {
        const at = instance.convertToPixel({ seriesIndex }, [x, y]) as number[] | undefined;
        return at ? [Math.round(at[0] as number), Math.round(at[1] as number)] : null;
      });
      element.dataset.pointPixels = JSON.stringify(pixels);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div ref={ref} className="sweep-chart" style={{ height }} data-testid={testId} data-points={pointCount} />
  );
}
