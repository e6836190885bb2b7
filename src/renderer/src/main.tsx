// First: zod must be jitless before any module below builds a schema (see zod-jitless.ts).
import './zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectEngine } from './connection/connect.ts';
import { EngineProvider } from './connection/EngineContext.tsx';
import { prefetchInitialRoute } from './hooks/route-prefetch.ts';
import './styles/theme.css';
import { applyStoredTheme } from './theme/theme.ts';

applyStoredTheme();

const client = connectEngine();
prefetchInitialRoute(client, window.location.hash);
window.addEventListener('beforeunload', () => client.close());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EngineProvider client={client}>
      <App />
    </EngineProvider>
  </StrictMode>,
);
