import { Suspense, useState } from 'react';
import { Link, Route, Router, Switch, useRoute } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { transportName } from './connection/connect.ts';
import { runViewRequest } from './connection/initial-calls.ts';
import { useEngine } from './connection/EngineContext.tsx';
import { prefetch } from './hooks/prefetch.ts';
import { screen } from './screen-chunk.tsx';
import { screenForHash, screenImports } from './screen-imports.ts';
import { ENVELOPE_BUCKETS } from '../../contract/methods/library.ts';
import { StatusScreen } from './screens/StatusScreen.tsx';
import { ThemeToggle } from './theme/ThemeToggle.tsx';

// Each screen is its own chunk: opening one run (or the runs table) does not parse the code of every other screen.
const screens = {
  compare: screen(screenImports.compare, (m) => m.CompareScreen),
  experiment: screen(screenImports.experiment, (m) => m.ExperimentScreen),
  listening: screen(screenImports.listening, (m) => m.ListeningScreen),
  pairs: screen(screenImports.pairs, (m) => m.PairsScreen),
  run: screen(screenImports.run, (m) => m.RunScreen),
  runs: screen(screenImports.runs, (m) => m.RunsScreen),
  sweeps: screen(screenImports.sweeps, (m) => m.SweepsScreen),
};
const {
  compare: CompareScreen,
  experiment: ExperimentScreen,
  listening: ListeningScreen,
  pairs: PairsScreen,
  run: RunScreen,
  runs: RunsScreen,
  sweeps: SweepsScreen,
} = screens;

/**
 * Loads the code of the screen `hash` opens, so main.tsx can render the app only once it is there: a screen that
 * suspends on its first render shows "Loading…", and React 19 then keeps that fallback for at least 300 ms
 * (its reveal throttle), a tenth of a second or more after the code and data had arrived.
 */
export function preloadRoute(hash: string): Promise<unknown> {
  const name = screenForHash(hash);
  return name ? screens[name].preload() : Promise.resolve();
}

/** Asks for the run and its waveform envelope while the run view's code is still loading. */
function RunRoute({ runId }: { runId: string }) {
  const engine = useEngine();
  useState(() => {
    prefetch(engine, 'runs.get', runViewRequest(runId));
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
