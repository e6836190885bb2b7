import { themeColor } from '../hooks/useColorScheme.ts';

/** Theme colours for echarts canvases, which cannot read CSS variables. */
export interface Palette {
  text: string;
  muted: string;
  border: string;
  panel: string;
  series: string[];
}

/** Reads the palette from the theme in force; call again when the colour scheme changes. */
export function palette(): Palette {
  return {
    text: themeColor('--text'),
    muted: themeColor('--muted'),
    border: themeColor('--border'),
    panel: themeColor('--panel'),
    series: ['--accent', '--wave-ref', '--ok', '--decode', '--danger', '--muted'].map(themeColor),
  };
}

/** Axis colours from the palette: echarts' own defaults are for a light page and vanish or glare on a dark one. */
export const axisStyle = (p: Palette) => ({
  axisLine: { lineStyle: { color: p.muted } },
  axisLabel: { color: p.muted },
  nameTextStyle: { color: p.text },
  splitLine: { lineStyle: { color: p.border } },
});
