import type { BenchSuite } from './types.ts';

/** The server benchmark (see its issue for what it measures). */
export const benchServer: BenchSuite = async () => {
  throw new Error('the server benchmark is not written yet');
};
