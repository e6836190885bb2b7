import { StatusScreen } from './screens/StatusScreen.tsx';
import { transportName } from './connection/connect.ts';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Seamlab</h1>
        <span className="muted">streaming TTS boundary workbench</span>
        <span className="spacer" />
        <span className="pill" data-testid="transport">
          {transportName() === 'electron' ? 'desktop' : 'browser mode'}
        </span>
      </header>
      <main className="app-main">
        <StatusScreen />
      </main>
    </div>
  );
}
