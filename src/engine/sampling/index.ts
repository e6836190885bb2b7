export * from './rng.ts';
export * from './sample.ts';
export * from './settings.ts';
export * from './family-defaults.ts';
