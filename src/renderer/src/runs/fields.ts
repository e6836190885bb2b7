/** Fields of the runs table a user can filter or sort by: run columns, knobs (config paths) and metrics. */
export interface FilterField {
  field: string;
  label: string;
  group: 'run' | 'knob' | 'metric';
  type: 'number' | 'text';
  unit?: string;
}

export const FILTER_FIELDS: FilterField[] = [
  { field: 'model', label: 'model', group: 'run', type: 'text' },
  { field: 'status', label: 'status', group: 'run', type: 'text' },
  { field: 'voice', label: 'voice', group: 'run', type: 'text' },
  { field: 'text_source_mode', label: 'text source', group: 'knob', type: 'text' },
  { field: 'schedule_kind', label: 'schedule', group: 'knob', type: 'text' },
  { field: 'config.schedule.tokens', label: 'chunk tokens', group: 'knob', type: 'number', unit: 'tokens' },
  { field: 'boundary_kind', label: 'boundary', group: 'knob', type: 'text' },
  { field: 'config.boundary.overlapTokens', label: 'overlap', group: 'knob', type: 'number', unit: 'tokens' },
  { field: 'config.boundary.crossfadeMs', label: 'crossfade', group: 'knob', type: 'number', unit: 'ms' },
  { field: 'config.boundary.shape', label: 'crossfade shape', group: 'knob', type: 'text' },
  {
    field: 'config.boundary.contextTokens',
    label: 'context K',
    group: 'knob',
    type: 'number',
    unit: 'tokens',
  },
  { field: 'pipeline_kind', label: 'pipeline', group: 'knob', type: 'text' },
  { field: 'config.pipeline.queueDepth', label: 'queue depth', group: 'knob', type: 'number' },
  {
    field: 'config.playback.jitterBufferMs',
    label: 'jitter buffer',
    group: 'knob',
    type: 'number',
    unit: 'ms',
  },
  { field: 'seed', label: 'seed', group: 'knob', type: 'number' },
  { field: 'config.sampler.temperature', label: 'temperature', group: 'knob', type: 'number' },
  { field: 'ttfa_ms', label: 'engine TTFA', group: 'metric', type: 'number', unit: 'ms' },
  { field: 'rtf', label: 'RTF', group: 'metric', type: 'number', unit: '×' },
  { field: 'wall_ms', label: 'wall time', group: 'metric', type: 'number', unit: 'ms' },
  { field: 'audio_ms', label: 'audio', group: 'metric', type: 'number', unit: 'ms' },
  { field: 'gap_count', label: 'engine-simulated gaps', group: 'metric', type: 'number' },
  { field: 'total_gap_ms', label: 'engine-simulated gap time', group: 'metric', type: 'number', unit: 'ms' },
  { field: 'boundary_count', label: 'boundaries', group: 'metric', type: 'number' },
  { field: 'median_excess_click_score', label: 'median excess click', group: 'metric', type: 'number' },
  { field: 'max_excess_click_score', label: 'max excess click', group: 'metric', type: 'number' },
  { field: 'median_click_score', label: 'median click (absolute)', group: 'metric', type: 'number' },
  { field: 'max_click_score', label: 'max click (absolute)', group: 'metric', type: 'number' },
  { field: 'audible_clicks', label: 'audible clicks', group: 'metric', type: 'number' },
  { field: 'snr_db', label: 'SNR', group: 'metric', type: 'number', unit: 'dB' },
  { field: 'lsd_db', label: 'LSD', group: 'metric', type: 'number', unit: 'dB' },
  { field: 'mcd_db', label: 'MCD', group: 'metric', type: 'number', unit: 'dB' },
];

export function fieldLabel(field: string): string {
  const known = FILTER_FIELDS.find((f) => f.field === field);
  return known ? `${known.label}${known.unit ? ` (${known.unit})` : ''}` : field;
}
