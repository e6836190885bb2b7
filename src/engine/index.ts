// The engine's public entry: main, server and cli import from here and nowhere deeper (lint enforces it).
export { createEngine, appVersion, type Engine, type EngineOptions } from './engine.ts';
export { defaultDatabasePath, defaultModelsDir, userDataDir, PROJECT_ROOT } from './paths.ts';
export { KNOWN_PROVIDERS } from './runtime/execution-providers.ts';
export * from './models/download/index.ts';
