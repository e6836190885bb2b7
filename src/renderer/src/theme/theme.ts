/**
 * The theme choice: follow the OS (system), or force light or dark. Saved in localStorage and shown as
 * html[data-theme] (absent for system), which theme.css reads; canvases listen for THEME_EVENT.
 */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const STORAGE_KEY = 'seamlab.theme';
export const THEME_EVENT = 'seamlab-theme-change';

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (THEME_CHOICES as readonly string[]).includes(value ?? '') ? (value as ThemeChoice) : 'system';
  } catch {
    return 'system'; // storage blocked: the OS decides
  }
}

function showTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

/** At start-up, before the first paint, so a forced theme never flashes the OS one. */
export function applyStoredTheme(): void {
  showTheme(storedTheme());
}

export function setTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // not saved (storage blocked), still applied for this page
  }
  showTheme(choice);
  window.dispatchEvent(new Event(THEME_EVENT));
}
