import type { ListeningKindName } from '../../../contract/methods/listening.ts';

export const KIND_LABEL: Record<ListeningKindName, string> = {
  abx: 'ABX',
  'ab-cmos': 'A/B preference (CMOS)',
  mushra: 'MUSHRA',
};

/** Sensible trials per pair: ABX needs about 10 for a verdict (9 of 10 correct for p < 0.05). */
export const DEFAULT_TRIALS: Record<ListeningKindName, number> = { abx: 10, 'ab-cmos': 4, mushra: 2 };
