/** How pairs and their runs are shown: a one-line strategy, key metrics, and what differs between A and B. */
import type { RunConfig } from '../../contract/index.ts';
import type { PairView, RunBrief } from '../../contract/methods/listening.ts';
import type { RunListRow, RunStore, SamplePair } from '../store/index.ts';

/** "overlap-add 3 tok / 50 ms hann · parallel q2 · fixed 25" */
export function strategyLine(config: RunConfig): string {
  const b = config.boundary;
  const boundary =
    b.kind === 'none'
      ? 'naive'
      : b.kind === 'overlap-add'
        ? `overlap-add ${b.overlapTokens} tok / ${b.crossfadeMs} ms ${b.shape}`
        : b.kind === 'context'
          ? `context K${b.contextTokens} look-ahead ${b.lookaheadTokens} fade ${b.fadeMs} ms`
          : 'stateful';
  const p = config.pipeline;
  const pipeline = p.kind === 'parallel' ? `parallel q${p.queueDepth}` : 'sequential';
  const s = config.schedule;
  const schedule =
    s.kind === 'fixed'
      ? `fixed ${s.tokens}`
      : s.kind === 'first-then-fixed'
        ? `first ${s.first} then ${s.tokens}`
        : `growing ${s.sizes.join('/')}`;
  const source = config.textSource.mode === 'whole' ? [] : [config.textSource.mode];
  return [boundary, pipeline, schedule, ...source].join(' · ');
}

const num = (v: number | string | null | undefined): number | null => (typeof v === 'number' ? v : null);

export function briefFromRow(row: RunListRow): RunBrief {
  return {
    id: row.id,
    createdAt: row.createdAt,
    status: row.status,
    text: row.text,
    voice: row.voice,
    model: row.model,
    seed: row.seed,
    synthetic: row.synthetic,
    strategy: strategyLine(row.config),
    audioMs: num(row.metrics?.audio_ms),
    ttfaMs: num(row.metrics?.ttfa_ms),
    medianClickScore: num(row.metrics?.median_click_score),
    snrDb: num(row.metrics?.snr_db),
    sweep: row.sweep,
  };
}

/** Briefs of the given runs, by id (missing runs are simply absent). */
export function runBriefs(store: RunStore, ids: readonly string[]): Map<string, RunBrief> {
  const unique = [...new Set(ids)];
  const out = new Map<string, RunBrief>();
  // Chunked: SQLite limits the number of bound parameters.
  for (let i = 0; i < unique.length; i += 500) {
    const slice = unique.slice(i, i + 500);
    const { rows } = store.listRuns({
      filter: { where: [{ field: 'id', op: 'in', value: slice }] },
      page: { limit: slice.length },
    });
    for (const row of rows) out.set(row.id, briefFromRow(row));
  }
  return out;
}

function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = JSON.stringify(value) ?? 'undefined';
  return out;
}

/** Knobs whose values differ between two configurations (dotted paths, JSON-encoded values). */
export function configDifferences(a: RunConfig, b: RunConfig): PairView['differences'] {
  const fa = flatten(a);
  const fb = flatten(b);
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])]
    .filter((path) => fa[path] !== fb[path])
    .sort()
    .map((path) => ({ path, a: fa[path] ?? '(none)', b: fb[path] ?? '(none)' }));
}

export function pairViews(store: RunStore, pairs: readonly SamplePair[]): PairView[] {
  const briefs = runBriefs(
    store,
    pairs.flatMap((p) => [p.runA, p.runB]),
  );
  const configs = new Map<string, RunConfig>();
  const configOf = (id: string): RunConfig | undefined => {
    if (!configs.has(id)) {
      const run = store.getRun(id);
      if (run) configs.set(id, run.config);
    }
    return configs.get(id);
  };
  return pairs.flatMap((pair) => {
    const a = briefs.get(pair.runA);
    const b = briefs.get(pair.runB);
    const ca = configOf(pair.runA);
    const cb = configOf(pair.runB);
    if (!a || !b || !ca || !cb) return [];
    return [
      {
        id: pair.id,
        label: pair.label,
        note: pair.note,
        createdAt: pair.createdAt,
        a,
        b,
        differences: configDifferences(ca, cb),
        synthetic: a.synthetic || b.synthetic,
      },
    ];
  });
}
