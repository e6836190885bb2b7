import { useCallback, useEffect, useState } from 'react';
import type { EngineStatus, SelfCheckSummary } from '../../../contract/index.ts';
import { BenchReportCard } from '../components/BenchReportCard.tsx';
import { useEngine } from '../connection/EngineContext.tsx';

type Load =
  { state: 'loading' } | { state: 'ready'; status: EngineStatus } | { state: 'failed'; message: string };

/** The first screen: what the engine runs on, so a user can tell at a glance whether a GPU is really in use. */
export function StatusScreen() {
  const engine = useEngine();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const refresh = useCallback(() => {
    setLoad({ state: 'loading' });
    engine.call('engine.status', {}).then(
      (status) => setLoad({ state: 'ready', status }),
      (error: Error) => setLoad({ state: 'failed', message: error.message }),
    );
  }, [engine]);

  useEffect(refresh, [refresh]);

  if (load.state === 'loading')
    return (
      <p className="muted" data-testid="status-loading">
        Asking the engine…
      </p>
    );
  if (load.state === 'failed') {
    return (
      <div className="error-box" role="alert" data-testid="status-error">
        <strong>The engine did not answer.</strong> {load.message}
        <p>Check that the Seamlab server is still running, then try again.</p>
        <button onClick={refresh}>Retry</button>
      </div>
    );
  }
  const { status } = load;
  return (
    <section className="status" data-testid="status-screen">
      <div className="card-grid">
        <div className="card">
          <h2>Engine</h2>
          <dl>
            <dt>Seamlab</dt>
            <dd data-testid="app-version">{status.appVersion}</dd>
            <dt>onnxruntime-node</dt>
            <dd data-testid="ort-version">{status.onnxruntimeVersion}</dd>
            <dt>Node</dt>
            <dd>{status.nodeVersion}</dd>
            <dt>Platform</dt>
            <dd>
              {status.platform}/{status.arch} · {status.host === 'electron' ? 'Electron' : 'server'}
            </dd>
            <dt>Database</dt>
            <dd className="mono" data-testid="db-path">
              {status.databasePath}
            </dd>
          </dl>
        </div>
        <div className="card">
          <h2>Models</h2>
          <p className="muted mono">{status.modelsDir}</p>
          {status.models.length === 0 ? (
            <p data-testid="no-models">
              No models found. Real Chatterbox exports are fetched with `npx seamlab models download`.
            </p>
          ) : (
            <ul className="plain" data-testid="models">
              {status.models.map((model) => (
                <li key={model.id}>
                  <strong>{model.id}</strong>{' '}
                  {model.synthetic && <span className="badge warn">synthetic test model</span>}
                  <span className="muted"> · {model.graphs.length} graphs</span>{' '}
                  <SelfCheckBadge check={model.selfCheck} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div className="card">
        <h2>Execution providers</h2>
        <table className="table" data-testid="providers">
          <thead>
            <tr>
              <th>Provider</th>
              <th>In this build</th>
              <th>Loads here</th>
              <th>Why not</th>
            </tr>
          </thead>
          <tbody>
            {status.providers.map((provider) => (
              <tr key={provider.name} data-provider={provider.name} data-works={provider.works}>
                <td className="mono">{provider.name}</td>
                <td>{provider.inBuild ? 'yes' : 'no'}</td>
                <td>
                  <span className={provider.works ? 'badge ok' : 'badge off'}>
                    {provider.works ? 'works' : 'unavailable'}
                  </span>
                </td>
                <td className="muted">{provider.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button onClick={refresh}>Refresh</button>
      </div>
      <BenchReportCard />
    </section>
  );
}

/**
 * The model's stored first-load self-check (one sentence, fixed seed, default voice): passed, failed (with the
 * failing invariants as the tooltip and listed below), or not run yet.
 */
function SelfCheckBadge({ check }: { check: SelfCheckSummary | undefined }) {
  if (!check)
    return (
      <span className="muted small" data-testid="self-check" data-state="none">
        · self-check not run (npx seamlab models verify --probe)
      </span>
    );
  const failed = check.invariants.filter((i) => !i.ok);
  const title = check.invariants.map((i) => `${i.ok ? '✓' : '✗'} ${i.name}: ${i.detail}`).join('\n');
  return (
    <span data-testid="self-check" data-state={check.ok ? 'ok' : 'failed'} title={title}>
      <span className={check.ok ? 'badge ok' : 'badge warn'}>
        {check.ok ? 'self-check passed' : `self-check failed: ${failed.map((i) => i.name).join(', ')}`}
      </span>
      <span className="muted small"> {new Date(check.checkedAt).toLocaleString()}</span>
    </span>
  );
}
