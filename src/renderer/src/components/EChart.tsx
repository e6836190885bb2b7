import { BarChart, BoxplotChart, CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ParallelComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  BoxplotChart,
  CustomChart,
  LineChart,
  ParallelChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  ParallelComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * One echarts instance bound to a div; the option is replaced whole on every change. `onFinished` runs after each
 * render with the instance and its element (the sweep plots publish their points' pixel positions there).
 */
export function EChart({
  option,
  height = 260,
  testId,
  onClick,
  onFinished,
  className = 'chart',
  dataPoints,
}: {
  option: ChartOption;
  height?: number;
  testId?: string;
  onClick?: (params: { dataIndex: number; seriesIndex: number; data: unknown }) => void;
  onFinished?: (instance: echarts.ECharts, element: HTMLDivElement) => void;
  className?: string;
  /** Rendered as data-points, for tests that wait for a plot to hold all its points. */
  dataPoints?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.(params as never));
    instance.on('finished', () => {
      // For tests: the chart has drawn everything it was given (progressive series included).
      element.dataset.finished = 'true';
      finishedRef.current?.(instance, element);
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
    <div ref={ref} className={className} style={{ height }} data-testid={testId} data-points={dataPoints} />
  );
}
