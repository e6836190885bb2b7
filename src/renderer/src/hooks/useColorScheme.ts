import { useEffect, useState } from 'react';

export type ColorScheme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The OS colour scheme, live: canvases (waveforms, charts) cannot use CSS variables, so they re-render on change. */
export function useColorScheme(): ColorScheme {
  const [scheme, setScheme] = useState<ColorScheme>(() => (query().matches ? 'dark' : 'light'));
  useEffect(() => {
    const media = query();
    const update = () => setScheme(media.matches ? 'dark' : 'light');
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return scheme;
}

/** Reads a theme colour (a CSS variable on :root) for canvas drawing. */
export function themeColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}
