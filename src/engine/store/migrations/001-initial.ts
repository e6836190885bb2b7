import type { Migration } from './types.ts';

/**
 * The first schema. STRICT tables so a wrong type is an error, not silently stored. Audio lives in its own table
 * so listing runs never reads a BLOB. Runs that anything else refers to (pairs, listening stimuli) cannot be
 * deleted (ON DELETE RESTRICT): a listening test's answers must never lose their stimuli.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled', 'interrupted')),
        config_json TEXT NOT NULL CHECK (json_valid(config_json)),
        model TEXT NOT NULL,
        text_source_mode TEXT NOT NULL,
        schedule_kind TEXT NOT NULL,
        boundary_kind TEXT NOT NULL,
        pipeline_kind TEXT NOT NULL,
        seed INTEGER NOT NULL,
        text TEXT NOT NULL,
        voice TEXT NOT NULL,
        provenance_json TEXT NOT NULL CHECK (json_valid(provenance_json)),
        model_family TEXT NOT NULL,
        providers TEXT NOT NULL,
        app_version TEXT NOT NULL,
        onnxruntime_version TEXT NOT NULL,
        node_version TEXT NOT NULL,
        synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
        sample_rate INTEGER,
        error TEXT,
        writer_pid INTEGER,
        writer_host TEXT,
        writer_token TEXT
      ) STRICT;

      CREATE TABLE run_metrics (
        run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        metrics_json TEXT NOT NULL CHECK (json_valid(metrics_json)),
        ttfa_ms REAL NOT NULL,
        text_ready_ms REAL NOT NULL,
        first_token_ms REAL NOT NULL,
        first_chunk_decoded_ms REAL NOT NULL,
        first_sample_ms REAL NOT NULL,
        wall_ms REAL NOT NULL,
        audio_ms REAL NOT NULL,
        rtf REAL NOT NULL,
        tokens INTEGER NOT NULL,
        playback_mode TEXT NOT NULL,
        jitter_buffer_ms REAL NOT NULL,
        playback_start_ms REAL NOT NULL,
        gap_count INTEGER NOT NULL,
        total_gap_ms REAL NOT NULL,
        longest_gap_ms REAL NOT NULL,
        token_worker_utilisation REAL NOT NULL,
        decode_worker_utilisation REAL NOT NULL,
        ideal_wall_ms REAL NOT NULL,
        harness_overhead REAL NOT NULL,
        boundary_count INTEGER NOT NULL,
        median_click_score REAL,
        max_click_score REAL,
        audible_clicks INTEGER NOT NULL,
        snr_db REAL,
        lsd_db REAL,
        mcd_db REAL,
        noise_floor_snr_db REAL,
        significant INTEGER CHECK (significant IN (0, 1))
      ) STRICT;

      CREATE TABLE chunks (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        segment INTEGER NOT NULL,
        token_start INTEGER NOT NULL,
        token_end INTEGER NOT NULL,
        decoded_start INTEGER NOT NULL,
        decoded_end INTEGER NOT NULL,
        sample_start INTEGER NOT NULL,
        sample_end INTEGER NOT NULL,
        first_token_at_ms REAL NOT NULL,
        last_token_at_ms REAL NOT NULL,
        decode_start_at_ms REAL NOT NULL,
        decode_end_at_ms REAL NOT NULL,
        emitted_at_ms REAL NOT NULL,
        token_generation_ms REAL NOT NULL,
        decode_ms REAL NOT NULL,
        queue_wait_ms REAL NOT NULL,
        audio_ms REAL NOT NULL,
        PRIMARY KEY (run_id, idx)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE boundaries (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        sample INTEGER NOT NULL,
        time_s REAL NOT NULL,
        segment_join INTEGER NOT NULL CHECK (segment_join IN (0, 1)),
        click_score REAL NOT NULL,
        reference_click_score REAL,
        flux_jump REAL NOT NULL,
        hf_burst REAL NOT NULL,
        de_db REAL NOT NULL,
        df0_hz REAL,
        snr_db_local REAL,
        lsd_db_local REAL,
        PRIMARY KEY (run_id, idx)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE audio (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('stream', 'reference', 'reference-repeat')),
        repeat_index INTEGER NOT NULL DEFAULT 0,
        sample_rate INTEGER NOT NULL,
        sample_count INTEGER NOT NULL,
        encoding TEXT NOT NULL CHECK (encoding = 'f32le'),
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (run_id, kind, repeat_index)
      ) STRICT;
      CREATE INDEX audio_sha256 ON audio(sha256);

      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
      ) STRICT;
      CREATE TABLE run_tags (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (run_id, tag_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX run_tags_tag ON run_tags(tag_id, run_id);

      CREATE TABLE run_notes (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX run_notes_run ON run_notes(run_id);

      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        grid_json TEXT NOT NULL CHECK (json_valid(grid_json)),
        base_config_json TEXT CHECK (base_config_json IS NULL OR json_valid(base_config_json)),
        repeats INTEGER NOT NULL CHECK (repeats >= 1)
      ) STRICT;
      CREATE TABLE sweep_runs (
        sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        run_id TEXT NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
        point_index INTEGER NOT NULL,
        point_json TEXT NOT NULL CHECK (json_valid(point_json)),
        repeat_index INTEGER NOT NULL,
        PRIMARY KEY (sweep_id, point_index, repeat_index)
      ) STRICT;

      CREATE TABLE sample_pairs (
        id TEXT PRIMARY KEY NOT NULL,
        run_a TEXT NOT NULL REFERENCES runs(id) ON DELETE RESTRICT,
        run_b TEXT NOT NULL REFERENCES runs(id) ON DELETE RESTRICT,
        label TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (run_a <> run_b)
      ) STRICT;
      -- A pair compares strategies on the same speech: the database itself refuses anything else.
      CREATE TRIGGER sample_pairs_same_text_voice BEFORE INSERT ON sample_pairs
      WHEN (SELECT text || char(0) || voice FROM runs WHERE id = NEW.run_a)
        IS NOT (SELECT text || char(0) || voice FROM runs WHERE id = NEW.run_b)
      BEGIN
        SELECT RAISE(ABORT, 'a sample pair needs two runs on the same text and voice');
      END;

      CREATE TABLE listening_sessions (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('abx', 'ab-cmos', 'mushra')),
        name TEXT NOT NULL,
        listener TEXT NOT NULL DEFAULT '',
        design_json TEXT NOT NULL CHECK (json_valid(design_json)),
        created_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE TABLE trials (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES listening_sessions(id) ON DELETE RESTRICT,
        idx INTEGER NOT NULL,
        presentation_json TEXT NOT NULL CHECK (json_valid(presentation_json)),
        UNIQUE (session_id, idx)
      ) STRICT;
      CREATE TABLE trial_stimuli (
        trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE RESTRICT,
        key TEXT NOT NULL,
        role TEXT NOT NULL,
        run_id TEXT REFERENCES runs(id) ON DELETE RESTRICT,
        audio_kind TEXT NOT NULL CHECK (audio_kind IN ('stream', 'reference', 'reference-repeat', 'anchor')),
        repeat_index INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (trial_id, key)
      ) STRICT;
      CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        trial_id INTEGER NOT NULL,
        stimulus TEXT NOT NULL,
        score REAL,
        answer TEXT,
        correct INTEGER CHECK (correct IN (0, 1)),
        time_ms REAL NOT NULL,
        replays INTEGER NOT NULL,
        listening_ms REAL NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        FOREIGN KEY (trial_id, stimulus) REFERENCES trial_stimuli(trial_id, key) ON DELETE RESTRICT
      ) STRICT;
      CREATE INDEX ratings_trial ON ratings(trial_id);
    `);
  },
};
