/** Filled in by the sweeps feature (see api.ts for how groups are merged). */
export const sweepsMethods = {} as const;
export const sweepsEvents = {} as const;
