import type { RunConfig } from '../../../contract/index.ts';
import { defaultConfig } from './presets.ts';

/** Where the Experiment screen keeps its unsaved settings (localStorage, so a reload or an engine error keeps them). */
export const EXPERIMENT_DRAFT_KEY = 'seamlab.experiment.draft.v1';

/** A stored draft is merged over the defaults, so drafts saved by an older build still load. */
export function reviveExperimentDraft(stored: unknown): RunConfig | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  return { ...defaultConfig(), ...(stored as Partial<RunConfig>) };
}

/** The Experiment screen's current settings as other screens see them (the defaults when there is no draft). */
export function readExperimentDraft(): RunConfig {
  try {
    const raw = localStorage.getItem(EXPERIMENT_DRAFT_KEY);
    if (raw !== null) return reviveExperimentDraft(JSON.parse(raw)) ?? defaultConfig();
  } catch {
    // Unreadable entry or storage disabled: the defaults.
  }
  return defaultConfig();
}
