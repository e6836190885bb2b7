import { useEffect, useState } from 'react';
import type { ResultOf, RunConfig } from '../../../contract/index.ts';
import { useEngine } from '../connection/EngineContext.tsx';

type Budget = ResultOf<'models.checkText'>;

/** How long typing must pause before the text is counted again (each count tokenizes the whole text). */
const DEBOUNCE_MS = 300;

/**
 * The draft's text measured against the model's text context (models.checkText), for `whole` mode only: the other
 * text sources synthesise piece by piece, so only a single utterance can exceed it. Null while unknown, for other
 * modes, or when the engine cannot say (a missing model shows its own error when the run starts).
 */
export function useTextBudget(draft: RunConfig): Budget | null {
  const engine = useEngine();
  const [measured, setMeasured] = useState<{ key: string; budget: Budget } | null>(null);
  const whole = draft.textSource.mode === 'whole';
  const key = JSON.stringify([draft.model, draft.language, draft.runtime, draft.text]);
  useEffect(() => {
    if (!whole || draft.text.trim() === '') return;
    let current = true;
    const timer = setTimeout(() => {
      engine
        .call('models.checkText', {
          model: draft.model,
          text: draft.text,
          language: draft.language,
          runtime: draft.runtime,
        })
        .then(
          (budget) => current && setMeasured({ key, budget }),
          () => current && setMeasured(null),
        );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` stands for the draft fields it is made of.
  }, [engine, whole, key]);
  return whole && measured?.key === key ? measured.budget : null;
}
