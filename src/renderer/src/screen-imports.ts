// Where each screen's chunk comes from, and which screen a URL opens (App.tsx preloads the first one).

export const screenImports = {
  compare: () => import('./screens/CompareScreen.tsx'),
  experiment: () => import('./screens/ExperimentScreen.tsx'),
  listening: () => import('./screens/ListeningScreen.tsx'),
  pairs: () => import('./screens/PairsScreen.tsx'),
  run: () => import('./screens/RunScreen.tsx'),
  runs: () => import('./screens/RunsScreen.tsx'),
  sweeps: () => import('./screens/SweepsScreen.tsx'),
};

export type ScreenName = keyof typeof screenImports;

/** The lazily loaded screen a location hash (`#/runs/0e0145a5`) opens, if any (Status is in the main bundle). */
export function screenForHash(hash: string): ScreenName | undefined {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return 'experiment';
  if (/^\/runs\/[^/]+/.test(path)) return 'run';
  if (/^\/runs\/?$/.test(path)) return 'runs';
  if (path.startsWith('/compare')) return 'compare';
  if (path.startsWith('/pairs')) return 'pairs';
  if (path.startsWith('/listening')) return 'listening';
  if (path.startsWith('/sweeps')) return 'sweeps';
  return undefined;
}
