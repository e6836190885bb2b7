import type { BenchSuite } from './types.ts';

/** The store benchmark (see its issue for what it measures). */
export const benchStore: BenchSuite = async () => {
  throw new Error('the store benchmark is not written yet');
};
