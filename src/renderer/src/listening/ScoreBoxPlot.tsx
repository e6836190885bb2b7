import { useMemo } from 'react';
import { palette } from '../components/chart-palette.ts';
import { EChart } from '../components/EChart.tsx';
import { useColorScheme } from '../hooks/useColorScheme.ts';
import { scoreBoxPlotOption, type BoxCondition } from './score-box-plot-option.ts';

export type { BoxCondition } from './score-box-plot-option.ts';

/** Box plots of each condition's scores with the mean and its 95 % interval, in the theme's colours. */
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
  const scheme = useColorScheme();
  // The scheme is a dependency because the palette reads the live CSS variables.
  const option = useMemo(
    () => scoreBoxPlotOption({ conditions, min, max, palette: palette() }),
    [conditions, min, max, scheme],
  );
  return <EChart option={option} height={230} testId={testId} dataPoints={conditions.length} />;
}
