import { useEffect, useState } from 'react';
import { storedTheme, THEME_EVENT } from '../theme/theme.ts';

export type ColorScheme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function currentScheme(): ColorScheme {
  const choice = storedTheme();
  if (choice !== 'system') return choice;
  return query().matches ? 'dark' : 'light';
}

/**
 * The colour scheme in force (the header's choice, or the OS's), live: canvases (waveforms, charts) cannot use
 * CSS variables, so they re-render on change.
 */
export function useColorScheme(): ColorScheme {
  const [scheme, setScheme] = useState<ColorScheme>(currentScheme);
  useEffect(() => {
    const media = query();
    const update = () => setScheme(currentScheme());
    media.addEventListener('change', update);
    window.addEventListener(THEME_EVENT, update);
    return () => {
      media.removeEventListener('change', update);
      window.removeEventListener(THEME_EVENT, update);
    };
  }, []);
  return scheme;
}

/** Reads a theme colour (a CSS variable on :root) for canvas drawing. */
export function themeColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}
