// First: the first screen's calls go out (early.ts builds no schema and its imports build none), before the rest of
// the bundle is evaluated. Second: zod must be jitless before any module below builds a schema (zod-jitless.ts).
import './early.ts';
import './zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadRoute } from './App.tsx';
import { connectEngine } from './connection/connect.ts';
import { EngineProvider } from './connection/EngineContext.tsx';
import { prefetchInitialRoute } from './hooks/route-prefetch.ts';
import './styles/theme.css';
import { applyStoredTheme } from './theme/theme.ts';

applyStoredTheme();

const client = connectEngine();
prefetchInitialRoute(client, window.location.hash);
window.addEventListener('beforeunload', () => client.close());

// The first screen's code is loaded before the first render (see preloadRoute); if it cannot be, the app renders
// anyway and the screen's own error says why.
void preloadRoute(window.location.hash)
  .catch(() => undefined)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <EngineProvider client={client}>
          <App />
        </EngineProvider>
      </StrictMode>,
    ),
  );
