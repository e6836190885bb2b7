import { describe, expect, it } from 'vitest';
import {
  formatMetricValue,
  METRIC_DEFINITIONS,
  metricValue,
  rankByMetric,
  type RunMetrics,
} from '../../src/contract/index.ts';
import { METRIC_COLUMNS } from '../../src/engine/store/run-rows.ts';
import { makeConfig, makeSummary } from '../engine/store/fixtures/runs.ts';

const metrics = (edit: (m: RunMetrics) => void = () => {}): RunMetrics => {
  const m = structuredClone(makeSummary('r', makeConfig(), 1).metrics);
  edit(m);
  return m;
};

describe('metric definitions: one vocabulary (issue 13, item 5)', () => {
  it('defines every metric once with a label, a unit, a better direction and a definition', () => {
    const labels = Object.values(METRIC_DEFINITIONS).map((d) => d.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const [id, def] of Object.entries(METRIC_DEFINITIONS)) {
      expect(def.id).toBe(id);
      expect(def.definition.length, id).toBeGreaterThan(20);
      expect(['lower', 'higher']).toContain(def.better);
    }
  });

  it('names the store column of every stored metric, and only columns the store has', () => {
    for (const def of Object.values(METRIC_DEFINITIONS))
      if (def.column !== null) expect(METRIC_COLUMNS, def.id).toContain(def.column);
  });

  it('tells engine TTFA from delivered TTFA and engine-simulated gaps from heard gaps', () => {
    const d = METRIC_DEFINITIONS;
    expect(d.engineTtfaMs.column).toBe('ttfa_ms');
    expect(d.engineSimulatedGaps.column).toBe('gap_count');
    // Measured at the listener: never stored, never read from a run.
    for (const listener of [d.deliveredTtfaMs, d.heardGaps, d.heardGapMs]) {
      expect(listener.column).toBeNull();
      expect(listener.read).toBeNull();
    }
    expect(d.deliveredTtfaMs.definition).toMatch(/engine TTFA \+ transport \+ jitter buffer/);
  });

  it('reads an identical run as infinite SNR and ranks it best; missing values rank nowhere', () => {
    const identical = metrics((m) => Object.assign(m.quality, { snrDb: null, identical: true }));
    const noisy = metrics((m) => (m.quality.snrDb = 12));
    const better = metrics((m) => (m.quality.snrDb = 20));
    expect(metricValue('snrDb', identical)).toBe(Infinity);
    expect(rankByMetric('snrDb', [noisy, identical, better])).toEqual([3, 1, 2]);
    const missing = metrics((m) => (m.boundaries.maxExcessClickScore = null));
    const low = metrics((m) => (m.boundaries.maxExcessClickScore = 0));
    const tie = metrics((m) => (m.boundaries.maxExcessClickScore = 0));
    expect(rankByMetric('maxExcessClickScore', [missing, low, tie])).toEqual([null, 1, 1]);
    expect(formatMetricValue(Infinity, 1)).toBe('∞ (identical)');
    expect(formatMetricValue(null, 1)).toBe('-');
  });
});
