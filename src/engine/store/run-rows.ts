/**
 * Mapping between the contract's run shapes and table rows. The columns exist for filtering and sorting; the
 * full JSON (config, provenance, metrics) is kept beside them so nothing the contract adds later is lost.
 */
import type { RunConfig } from '../../contract/run-config.ts';
import type { BoundaryRecord, ChunkRecord, RunMetrics, RunProvenance } from '../../contract/run-result.ts';
import { excessClickScore, excessClickSummary, isIdenticalToReference } from '../metrics/relative.ts';

export function configColumns(config: RunConfig): Record<string, string | number> {
  return {
    config_json: JSON.stringify(config),
    model: config.model,
    text_source_mode: config.textSource.mode,
    schedule_kind: config.schedule.kind,
    boundary_kind: config.boundary.kind,
    pipeline_kind: config.pipeline.kind,
    seed: config.seed,
    text: config.text,
    voice: config.voice,
  };
}

export function provenanceColumns(provenance: RunProvenance): Record<string, string | number> {
  const providers = [...new Set(Object.values(provenance.providers))].sort().join(',');
  return {
    provenance_json: JSON.stringify(provenance),
    model_family: provenance.model.family,
    providers,
    app_version: provenance.appVersion,
    onnxruntime_version: provenance.onnxruntimeVersion,
    node_version: provenance.nodeVersion,
    synthetic: provenance.model.synthetic ? 1 : 0,
  };
}

const bool = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

/** RunMetrics flattened; the keys are the metric column names that listRuns filters and sorts by. */
export function metricColumns(m: RunMetrics): Record<string, string | number | null> {
  return {
    ttfa_ms: m.ttfaMs,
    text_ready_ms: m.stages.textReadyMs,
    first_token_ms: m.stages.firstTokenMs,
    first_chunk_decoded_ms: m.stages.firstChunkDecodedMs,
    first_sample_ms: m.stages.firstSampleMs,
    wall_ms: m.wallMs,
    audio_ms: m.audioMs,
    rtf: m.rtf,
    tokens: m.tokens,
    playback_mode: m.playback.mode,
    jitter_buffer_ms: m.playback.jitterBufferMs,
    playback_start_ms: m.playback.startMs,
    gap_count: m.playback.gapCount,
    total_gap_ms: m.playback.totalGapMs,
    longest_gap_ms: m.playback.longestGapMs,
    token_worker_utilisation: m.utilisation.tokenWorker,
    decode_worker_utilisation: m.utilisation.decodeWorker,
    ideal_wall_ms: m.utilisation.idealWallMs,
    harness_overhead: m.harnessOverhead,
    boundary_count: m.boundaries.count,
    median_click_score: m.boundaries.medianClickScore,
    max_click_score: m.boundaries.maxClickScore,
    audible_clicks: m.boundaries.audibleClicks,
    median_excess_click_score: m.boundaries.medianExcessClickScore,
    max_excess_click_score: m.boundaries.maxExcessClickScore,
    snr_db: m.quality.snrDb,
    snr_identical: m.quality.identical ? 1 : 0,
    lsd_db: m.quality.lsdDb,
    mcd_db: m.quality.mcdDb,
    noise_floor_snr_db: m.quality.noiseFloorSnrDb,
    significant: bool(m.quality.significant),
  };
}

/**
 * Metrics with the fields that later versions derive filled in (relative click scores, the identical flag), for
 * runs stored or exported before those fields existed. Fields already present are kept as they are.
 */
export function withDerivedMetrics(
  m: RunMetrics,
  boundaries: readonly Pick<BoundaryRecord, 'clickScore' | 'referenceClickScore'>[],
): RunMetrics {
  const partial = m as Partial<RunMetrics> & RunMetrics;
  const hasExcess = partial.boundaries.medianExcessClickScore !== undefined;
  return {
    ...m,
    boundaries: hasExcess ? m.boundaries : { ...m.boundaries, ...excessClickSummary(boundaries) },
    quality: {
      ...m.quality,
      identical:
        (partial.quality.identical as boolean | undefined) ??
        isIdenticalToReference(m.quality.snrDb, m.quality.lsdDb),
    },
  };
}

/** The metric columns, for allow-listing filter and sort fields. */
export const METRIC_COLUMNS = [
  'ttfa_ms',
  'text_ready_ms',
  'first_token_ms',
  'first_chunk_decoded_ms',
  'first_sample_ms',
  'wall_ms',
  'audio_ms',
  'rtf',
  'tokens',
  'playback_mode',
  'jitter_buffer_ms',
  'playback_start_ms',
  'gap_count',
  'total_gap_ms',
  'longest_gap_ms',
  'token_worker_utilisation',
  'decode_worker_utilisation',
  'ideal_wall_ms',
  'harness_overhead',
  'boundary_count',
  'median_click_score',
  'max_click_score',
  'audible_clicks',
  'median_excess_click_score',
  'max_excess_click_score',
  'snr_db',
  'snr_identical',
  'lsd_db',
  'mcd_db',
  'noise_floor_snr_db',
  'significant',
] as const;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];

export const CHUNK_COLUMNS = [
  'run_id',
  'idx',
  'segment',
  'token_start',
  'token_end',
  'decoded_start',
  'decoded_end',
  'sample_start',
  'sample_end',
  'first_token_at_ms',
  'last_token_at_ms',
  'decode_start_at_ms',
  'decode_end_at_ms',
  'emitted_at_ms',
  'token_generation_ms',
  'decode_ms',
  'queue_wait_ms',
  'audio_ms',
] as const;

export function chunkRow(runId: string, c: ChunkRecord): unknown[] {
  return [
    runId,
    c.index,
    c.segment,
    c.tokenStart,
    c.tokenEnd,
    c.decodedStart,
    c.decodedEnd,
    c.sampleStart,
    c.sampleEnd,
    c.firstTokenAtMs,
    c.lastTokenAtMs,
    c.decodeStartAtMs,
    c.decodeEndAtMs,
    c.emittedAtMs,
    c.tokenGenerationMs,
    c.decodeMs,
    c.queueWaitMs,
    c.audioMs,
  ];
}

export interface ChunkRow {
  idx: number;
  segment: number;
  token_start: number;
  token_end: number;
  decoded_start: number;
  decoded_end: number;
  sample_start: number;
  sample_end: number;
  first_token_at_ms: number;
  last_token_at_ms: number;
  decode_start_at_ms: number;
  decode_end_at_ms: number;
  emitted_at_ms: number;
  token_generation_ms: number;
  decode_ms: number;
  queue_wait_ms: number;
  audio_ms: number;
}

export function chunkFromRow(r: ChunkRow): ChunkRecord {
  return {
    index: r.idx,
    segment: r.segment,
    tokenStart: r.token_start,
    tokenEnd: r.token_end,
    decodedStart: r.decoded_start,
    decodedEnd: r.decoded_end,
    sampleStart: r.sample_start,
    sampleEnd: r.sample_end,
    firstTokenAtMs: r.first_token_at_ms,
    lastTokenAtMs: r.last_token_at_ms,
    decodeStartAtMs: r.decode_start_at_ms,
    decodeEndAtMs: r.decode_end_at_ms,
    emittedAtMs: r.emitted_at_ms,
    tokenGenerationMs: r.token_generation_ms,
    decodeMs: r.decode_ms,
    queueWaitMs: r.queue_wait_ms,
    audioMs: r.audio_ms,
  };
}

export const BOUNDARY_COLUMNS = [
  'run_id',
  'idx',
  'sample',
  'time_s',
  'segment_join',
  'click_score',
  'reference_click_score',
  'flux_jump',
  'hf_burst',
  'de_db',
  'df0_hz',
  'snr_db_local',
  'lsd_db_local',
] as const;

export function boundaryRow(runId: string, b: BoundaryRecord): unknown[] {
  return [
    runId,
    b.index,
    b.sample,
    b.timeS,
    b.segmentJoin ? 1 : 0,
    b.clickScore,
    b.referenceClickScore,
    b.fluxJump,
    b.hfBurst,
    b.dEDb,
    b.dF0Hz,
    b.snrDbLocal,
    b.lsdDbLocal,
  ];
}

export interface BoundaryRow {
  idx: number;
  sample: number;
  time_s: number;
  segment_join: number;
  click_score: number;
  reference_click_score: number | null;
  flux_jump: number;
  hf_burst: number;
  de_db: number;
  df0_hz: number | null;
  snr_db_local: number | null;
  lsd_db_local: number | null;
}

export function boundaryFromRow(r: BoundaryRow): BoundaryRecord {
  return {
    index: r.idx,
    sample: r.sample,
    timeS: r.time_s,
    segmentJoin: r.segment_join === 1,
    clickScore: r.click_score,
    referenceClickScore: r.reference_click_score,
    excessClickScore: excessClickScore(r.click_score, r.reference_click_score),
    fluxJump: r.flux_jump,
    hfBurst: r.hf_burst,
    dEDb: r.de_db,
    dF0Hz: r.df0_hz,
    snrDbLocal: r.snr_db_local,
    lsdDbLocal: r.lsd_db_local,
  };
}

export function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}
