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
  // Subscribed so a theme change re-renders the plot: the palette reads the live CSS variables. The option is
  // built on every render, as the parent hands new condition arrays each time (memoising on them would never hit).
  useColorScheme();
  const option = scoreBoxPlotOption({ conditions, min, max, palette: palette() });
  return <EChart option={option} height={230} testId={testId} dataPoints={conditions.length} />;
}
