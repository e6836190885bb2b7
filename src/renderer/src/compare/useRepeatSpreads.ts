import { useEffect, useState } from 'react';
import { METRIC_DEFINITIONS, type MetricId } from '../../../contract/index.ts';
import { useEngine } from '../connection/EngineContext.tsx';

/** Per run id, per metric: the sample standard deviation over the repeats of its sweep point (n >= 2). */
export type RepeatSpreads = Map<string, Partial<Record<MetricId, number>>>;

/** Sample SD of the finite values, null below two. */
export function spreadOf(values: readonly number[]): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return null;
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  return Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1));
}

/**
 * Where a compared run was one repeat of a sweep point, the spread of each stored metric over that point's
 * repeats, so Compare can mark differences smaller than the spread as not significant. Runs without repeats
 * have no entry.
 */
export function useRepeatSpreads(ids: readonly string[]): RepeatSpreads {
  const engine = useEngine();
  const [spreads, setSpreads] = useState<RepeatSpreads>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    const load = async (): Promise<RepeatSpreads> => {
      const out: RepeatSpreads = new Map();
      for (const id of key ? key.split(',') : []) {
        const own = await engine.call('runs.list', {
          filter: { where: [{ field: 'id', op: '=', value: id }] },
          page: { limit: 1, offset: 0 },
        });
        const link = own.rows[0]?.sweep;
        if (!link) continue;
        const point = await engine.call('runs.list', {
          filter: { sweepId: link.sweepId, status: 'finished' },
          page: { limit: 1000, offset: 0 },
        });
        const repeats = point.rows.filter((r) => r.sweep?.pointIndex === link.pointIndex && r.metrics);
        const perMetric: Partial<Record<MetricId, number>> = {};
        for (const [metric, def] of Object.entries(METRIC_DEFINITIONS)) {
          if (!def.column) continue;
          const values = repeats.map((r) => r.metrics?.[def.column!]).filter((v) => typeof v === 'number');
          const spread = spreadOf(values);
          if (spread !== null) perMetric[metric as MetricId] = spread;
        }
        if (Object.keys(perMetric).length) out.set(id, perMetric);
      }
      return out;
    };
    load().then(
      (result) => live && setSpreads(result),
      () => live && setSpreads(new Map()), // spreads are an extra; the comparison stands without them
    );
    return () => {
      live = false;
    };
  }, [engine, key]);
  return spreads;
}
