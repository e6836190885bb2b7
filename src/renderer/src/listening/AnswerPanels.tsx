import { useEffect, useRef, useState } from 'react';

/** ABX: which one is X? Answered with a click, 1/2, or Shift+A/Shift+B. */
export function AbxAnswer({
  disabled,
  previous,
  onAnswer,
}: {
  disabled: boolean;
  previous: string | null;
  onAnswer: (answer: 'A' | 'B') => void;
}) {
  return (
    <div className="answer-row" data-testid="abx-answer">
      <span className="answer-prompt">X is…</span>
      {(['A', 'B'] as const).map((side, i) => (
        <button
          key={side}
          className={`answer${previous === side ? ' chosen' : ''}`}
          disabled={disabled}
          onClick={() => onAnswer(side)}
          data-testid={`answer-${side}`}
        >
          X = {side} <kbd>{i + 1}</kbd>
        </button>
      ))}
    </div>
  );
}

export const CMOS_SCALE = [
  { score: -3, label: 'A much better' },
  { score: -2, label: 'A better' },
  { score: -1, label: 'A slightly better' },
  { score: 0, label: 'About the same' },
  { score: 1, label: 'B slightly better' },
  { score: 2, label: 'B better' },
  { score: 3, label: 'B much better' },
] as const;

/** CMOS: how does B compare with A? Keys 1..7 give -3..+3. */
export function CmosAnswer({
  disabled,
  previous,
  onAnswer,
}: {
  disabled: boolean;
  previous: number | null;
  onAnswer: (score: number) => void;
}) {
  return (
    <div className="cmos-scale" data-testid="cmos-answer">
      {CMOS_SCALE.map(({ score, label }, i) => (
        <button
          key={score}
          className={`answer${previous === score ? ' chosen' : ''}`}
          disabled={disabled}
          onClick={() => onAnswer(score)}
          data-testid={`cmos-${score}`}
        >
          <strong className="num">{score > 0 ? `+${score}` : score}</strong>
          <span className="small">{label}</span>
          <kbd>{i + 1}</kbd>
        </button>
      ))}
    </div>
  );
}

export const MUSHRA_BANDS = ['Bad', 'Poor', 'Fair', 'Good', 'Excellent'] as const;

/**
 * MUSHRA: one slider (0..100) per blinded stimulus. A value is saved when the slider is released (mouse, touch or
 * keyboard), so dragging does not flood the store; the latest saved value counts.
 */
export function MushraSliders({
  keys,
  saved,
  selected,
  disabled,
  onPlay,
  onSave,
}: {
  keys: readonly string[];
  saved: Record<string, number | null>;
  selected: string | null;
  disabled: boolean;
  onPlay: (key: string) => void;
  onSave: (key: string, score: number) => void;
}) {
  const [values, setValues] = useState<Record<string, number>>({});
  const lastServer = useRef<Record<string, number | null>>({});
  const savedKey = JSON.stringify(saved);
  // Take a value from the engine only where it changed there: a slider moved while another save was in
  // flight keeps its position. (The parent remounts this per trial.)
  useEffect(() => {
    const fromServer = JSON.parse(savedKey) as Record<string, number | null>;
    setValues((local) => {
      const next = { ...local };
      for (const k of keys) {
        const server = fromServer[k] ?? null;
        if (!(k in next)) next[k] = server ?? 50;
        else if (server !== null && server !== (lastServer.current[k] ?? null)) next[k] = server;
      }
      return next;
    });
    lastServer.current = fromServer;
  }, [savedKey, keys]);

  const commit = (key: string) => {
    const value = values[key];
    if (value !== undefined && value !== saved[key]) onSave(key, value);
  };

  return (
    <div className="mushra" data-testid="mushra-answer">
      <div className="mushra-bands" aria-hidden>
        {[...MUSHRA_BANDS].reverse().map((band) => (
          <span key={band}>{band}</span>
        ))}
      </div>
      {keys.map((key, i) => {
        const value = values[key] ?? 50;
        const rated = saved[key] !== null && saved[key] !== undefined;
        return (
          <div key={key} className={`mushra-column${selected === key ? ' selected' : ''}`}>
            <span className={`num mushra-value${rated ? '' : ' muted'}`} data-testid={`score-${key}`}>
              {rated || values[key] !== (saved[key] ?? 50) ? value : '–'}
            </span>
            <input
              type="range"
              min={0}
              max={100}
              step={1}
              value={value}
              disabled={disabled}
              aria-label={`score for ${key}`}
              data-testid={`slider-${key}`}
              onChange={(e) => setValues((v) => ({ ...v, [key]: Number(e.target.value) }))}
              onPointerUp={() => commit(key)}
              onKeyUp={() => commit(key)}
              onBlur={() => commit(key)}
            />
            <button
              className={`stimulus small${selected === key ? ' selected' : ''}`}
              onClick={() => onPlay(key)}
              disabled={disabled}
              data-testid={`play-${key}`}
            >
              {key} <kbd>{i + 1}</kbd>
            </button>
            <span className={`small ${rated ? 'ok-text' : 'muted'}`}>{rated ? 'saved' : 'not rated'}</span>
          </div>
        );
      })}
    </div>
  );
}
