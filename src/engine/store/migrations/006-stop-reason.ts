import type { Migration } from './types.ts';

/**
 * Why each run ended (contract StopReasonSchema): a long text cut at maxNewTokens looked exactly like one that
 * reached its stop token, and an interrupted run said nothing about why. Runs stored earlier get the reason their
 * status implies; a finished one stays NULL (whether it hit max tokens was not recorded).
 */
export const migration006: Migration = {
  version: 6,
  name: 'runs.stop_reason: why a run ended',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN stop_reason TEXT
        CHECK (stop_reason IN ('stop-token', 'max-tokens', 'run-token-limit', 'cancelled', 'failed', 'interrupted'));
      UPDATE runs SET stop_reason = status WHERE status IN ('cancelled', 'failed', 'interrupted');
    `);
  },
};
