import { useCallback } from 'react';
import { EChart, type ChartOption } from '../components/EChart.tsx';

export type SweepChartOption = ChartOption;

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
  const publishPixels = useCallback<NonNullable<Parameters<typeof EChart>[0]['onFinished']>>(
    (instance, element) => {
      const pixels = markers.map(([seriesIndex, x, y]) => {
        const at = instance.convertToPixel({ seriesIndex }, [x, y]) as number[] | undefined;
        return at ? [Math.round(at[0] as number), Math.round(at[1] as number)] : null;
      });
      element.dataset.pointPixels = JSON.stringify(pixels);
    },
    [markers],
  );
  return (
    <EChart
      option={option}
      height={height}
      testId={testId}
      className="sweep-chart"
      dataPoints={pointCount}
      onFinished={publishPixels}
      onClick={(p) => {
        // Clicks on the axes or the background carry no point.
        if (p.seriesIndex !== undefined && p.dataIndex !== undefined)
          onClick?.({ seriesIndex: p.seriesIndex, dataIndex: p.dataIndex });
      }}
    />
  );
}
