import { register } from 'node:module';

// `node --import ./test/e2e/desktop/register.ts out/main/index.js` runs the built main bundle with `electron`
// replaced by the stand-in (see electron-hooks.ts).
register('./electron-hooks.ts', import.meta.url);
