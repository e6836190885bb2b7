import { useEffect, useState } from 'react';
import type { ModelWarmth } from '../../../contract/index.ts';
import { useEngine } from '../connection/EngineContext.tsx';

/**
 * Asks the engine to warm the selected model (load, workers, first inference) as soon as it is selected, and
 * shows its state: a run started while it warms waits for it outside its clock and is labelled cold.
 */
export function ModelWarmthBadge({ model }: { model: string }) {
  const engine = useEngine();
  const [warmth, setWarmth] = useState<ModelWarmth | null>(null);
  useEffect(() => {
    let current: ModelWarmth | null = null;
    const show = (w: ModelWarmth) => {
      current = w;
      setWarmth(w);
    };
    setWarmth(null);
    const stop = engine.on('models.warmth', (w) => {
      if (w.model === model) show(w);
    });
    engine
      .call('models.warm', { model })
      .then((w) => {
        // An event may have overtaken the reply with a newer state.
        if (current === null || current.state === 'warming') show(w);
      })
      .catch(() => undefined);
    return stop;
  }, [engine, model]);
  if (!warmth) return null;
  const text =
    warmth.state === 'warming'
      ? 'warming the model…'
      : warmth.state === 'ready'
        ? 'model warm'
        : 'model failed to load';
  return (
    <span
      className={`badge ${warmth.state === 'failed' ? 'danger' : warmth.state === 'ready' ? 'ok' : 'off'}`}
      data-testid="model-warmth"
      data-state={warmth.state}
      title={
        warmth.error ??
        (warmth.ms !== null
          ? `loaded and warmed in ${Math.round(warmth.ms)} ms, outside any run's clock`
          : 'loading the model and running its first inference; runs wait for it outside their clock')
      }
    >
      {text}
    </span>
  );
}
