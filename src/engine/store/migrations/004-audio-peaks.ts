import type { Migration } from './types.ts';

/**
 * Opening a long run drew its overview from the audio itself: a 10-minute track is 58 MB to read, checksum and
 * scan, about 0.2 s warm and most of a second cold, while the UI waited. `audio_peaks` keeps each track's min/max
 * envelope (float32 pairs, 48 KB at 6000 buckets), written in the same transaction as the audio. Tracks stored
 * before this version have none; readers compute theirs from the samples (not backfilled here, because that
 * would read every stored sample during the upgrade).
 */
export const migration004: Migration = {
  version: 4,
  name: 'audio_peaks: stored waveform envelopes',
  up(db) {
    db.exec(`
      CREATE TABLE audio_peaks (
        run_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        repeat_index INTEGER NOT NULL,
        buckets INTEGER NOT NULL CHECK (buckets > 0),
        data BLOB NOT NULL CHECK (length(data) = buckets * 8),
        PRIMARY KEY (run_id, kind, repeat_index),
        FOREIGN KEY (run_id, kind, repeat_index) REFERENCES audio(run_id, kind, repeat_index) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
