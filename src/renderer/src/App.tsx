import { lazy, Suspense, useState } from 'react';
import { Link, Route, Router, Switch, useRoute } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { transportName } from './connection/connect.ts';
import { useEngine } from './connection/EngineContext.tsx';
import { prefetch } from './hooks/prefetch.ts';
import { ENVELOPE_BUCKETS } from '../../contract/methods/library.ts';
import { StatusScreen } from './screens/StatusScreen.tsx';
import { ThemeToggle } from './theme/ThemeToggle.tsx';

// Each screen is its own chunk: opening one run (or the runs table) does not parse the code of every other screen.
const CompareScreen = lazy(() =>
  import('./screens/CompareScreen.tsx').then((m) => ({ default: m.CompareScreen })),
);
const ExperimentScreen = lazy(() =>
  import('./screens/ExperimentScreen.tsx').then((m) => ({ default: m.ExperimentScreen })),
);
const ListeningScreen = lazy(() =>
  import('./screens/ListeningScreen.tsx').then((m) => ({ default: m.ListeningScreen })),
);
const PairsScreen = lazy(() => import('./screens/PairsScreen.tsx').then((m) => ({ default: m.PairsScreen })));
const RunScreen = lazy(() => import('./screens/RunScreen.tsx').then((m) => ({ default: m.RunScreen })));
const RunsScreen = lazy(() => import('./screens/RunsScreen.tsx').then((m) => ({ default: m.RunsScreen })));
const SweepsScreen = lazy(() =>
  import('./screens/SweepsScreen.tsx').then((m) => ({ default: m.SweepsScreen })),
);

/** Asks for the run and its waveform envelope while the run view's code is still loading. */
function RunRoute({ runId }: { runId: string }) {
  const engine = useEngine();
  useState(() => {
    prefetch(engine, 'runs.get', { id: runId });
    prefetch(engine, 'runs.peaks', { id: runId, kind: 'stream', buckets: ENVELOPE_BUCKETS });
    return runId;
  });
  return <RunScreen runId={runId} />;
}

/** Top-level screens. Hash routes work from file:// (Electron) and from the server alike. */
const NAV = [
  { path: '/', label: 'Experiment' },
  { path: '/runs', label: 'Runs' },
  { path: '/compare', label: 'Compare' },
  { path: '/pairs', label: 'Pairs' },
  { path: '/listening', label: 'Listening' },
  { path: '/sweeps', label: 'Sweeps' },
  { path: '/status', label: 'Status' },
] as const;

function NavLink({ path, label }: { path: string; label: string }) {
  const [active] = useRoute(path === '/' ? '/' : `${path}/*?`);
  return (
    <Link
      href={path}
      className={active ? 'nav-link active' : 'nav-link'}
      data-testid={`nav-${label.toLowerCase()}`}
    >
      {label}
    </Link>
  );
}

export function App() {
  return (
    <Router hook={useHashLocation}>
      <div className="app">
        <header className="app-header">
          <h1>Seamlab</h1>
          <nav className="app-nav">
            {NAV.map((item) => (
              <NavLink key={item.path} {...item} />
            ))}
          </nav>
          <span className="spacer" />
          <ThemeToggle />
          <span className="pill" data-testid="transport">
            {transportName() === 'electron' ? 'desktop' : 'browser mode'}
          </span>
        </header>
        <main className="app-main">
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Switch>
              <Route path="/" component={ExperimentScreen} />
              <Route path="/runs/:id">{(params) => <RunRoute key={params.id} runId={params.id} />}</Route>
              <Route path="/runs" component={RunsScreen} />
              <Route path="/compare/:ids?">
                {(params) => <CompareScreen runIds={params.ids?.split(',') ?? []} />}
              </Route>
              <Route path="/pairs" component={PairsScreen} />
              <Route path="/listening/:id?">{(params) => <ListeningScreen sessionId={params.id} />}</Route>
              <Route path="/sweeps/:id?">{(params) => <SweepsScreen sweepId={params.id} />}</Route>
              <Route path="/status" component={StatusScreen} />
            </Switch>
          </Suspense>
        </main>
      </div>
    </Router>
  );
}
