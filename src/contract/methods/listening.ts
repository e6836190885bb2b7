/** Filled in by the listening feature (see api.ts for how groups are merged). */
export const listeningMethods = {} as const;
export const listeningEvents = {} as const;
