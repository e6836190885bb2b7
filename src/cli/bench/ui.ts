import type { BenchSuite } from './types.ts';

/** The ui benchmark (see its issue for what it measures). */
export const benchUi: BenchSuite = async () => {
  throw new Error('the ui benchmark is not written yet');
};
