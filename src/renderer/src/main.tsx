import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectEngine } from './connection/connect.ts';
import { EngineProvider } from './connection/EngineContext.tsx';
import './styles/theme.css';
import { z } from 'zod';

// The page's CSP forbids eval, so zod's compiled parsers would only log refusals: use the interpreter.
z.config({ jitless: true });

const client = connectEngine();
window.addEventListener('beforeunload', () => client.close());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EngineProvider client={client}>
      <App />
    </EngineProvider>
  </StrictMode>,
);
