import { useEffect } from 'react';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { PairFromRuns, PairsFromSweep } from '../listening/PairCreator.tsx';
import { PairCard } from '../listening/PairList.tsx';
import '../listening/listening.css';

/** Sample pairs: make them from runs or from a sweep, label and annotate them, audition, export, test blind. */
export function PairsScreen() {
  const engine = useEngine();
  const pairs = useEngineQuery('pairs.list', {});
  const { reload } = pairs;
  // Pairs made elsewhere (another window, the CLI through the same engine) show up here too.
  useEffect(() => engine.on('pairs.changed', () => reload()), [engine, reload]);
  const list = pairs.data ?? [];
  return (
    <div className="stack" data-testid="pairs-screen">
      <div className="pairs-top">
        <PairFromRuns onCreated={reload} />
        <PairsFromSweep onCreated={reload} />
      </div>
      <section className="card" data-testid="pair-list">
        <h2>
          Pairs <span className="muted small">({list.length})</span>
        </h2>
        {pairs.state === 'failed' && (
          <EngineError error={pairs.error} title="Could not list pairs." onRetry={reload} />
        )}
        {pairs.state !== 'failed' && list.length === 0 && (
          <p className="muted">
            No pairs yet. Choose two runs above, or pair a sweep’s points against a baseline.
          </p>
        )}
        {list.map((pair) => (
          <PairCard key={pair.id} pair={pair} onChanged={reload} />
        ))}
      </section>
    </div>
  );
}
