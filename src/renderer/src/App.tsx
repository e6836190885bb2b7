import { Link, Route, Router, Switch, useRoute } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { transportName } from './connection/connect.ts';
import { CompareScreen } from './screens/CompareScreen.tsx';
import { ExperimentScreen } from './screens/ExperimentScreen.tsx';
import { ListeningScreen } from './screens/ListeningScreen.tsx';
import { PairsScreen } from './screens/PairsScreen.tsx';
import { RunScreen } from './screens/RunScreen.tsx';
import { RunsScreen } from './screens/RunsScreen.tsx';
import { StatusScreen } from './screens/StatusScreen.tsx';
import { SweepsScreen } from './screens/SweepsScreen.tsx';

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
          <span className="pill" data-testid="transport">
            {transportName() === 'electron' ? 'desktop' : 'browser mode'}
          </span>
        </header>
        <main className="app-main">
          <Switch>
            <Route path="/" component={ExperimentScreen} />
            <Route path="/runs/:id">{(params) => <RunScreen runId={params.id} />}</Route>
            <Route path="/runs" component={RunsScreen} />
            <Route path="/compare/:ids?">
              {(params) => <CompareScreen runIds={params.ids?.split(',') ?? []} />}
            </Route>
            <Route path="/pairs" component={PairsScreen} />
            <Route path="/listening/:id?">{(params) => <ListeningScreen sessionId={params.id} />}</Route>
            <Route path="/sweeps/:id?">{(params) => <SweepsScreen sweepId={params.id} />}</Route>
            <Route path="/status" component={StatusScreen} />
          </Switch>
        </main>
      </div>
    </Router>
  );
}
