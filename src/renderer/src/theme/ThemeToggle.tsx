import { useState } from 'react';
import { setTheme, storedTheme, THEME_CHOICES, type ThemeChoice } from './theme.ts';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** System, light or dark, in the header; the choice is remembered across reloads. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  return (
    <div className="theme-toggle" role="radiogroup" aria-label="Theme" data-testid="theme-toggle">
      {THEME_CHOICES.map((option) => (
        <button
          key={option}
          role="radio"
          aria-checked={choice === option}
          className={choice === option ? 'active' : ''}
          data-testid={`theme-${option}`}
          onClick={() => {
            setTheme(option);
            setChoice(option);
          }}
        >
          {LABELS[option]}
        </button>
      ))}
    </div>
  );
}
