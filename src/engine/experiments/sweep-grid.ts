/**
 * Sweep grids: `--param overlap=0..6`, `--param boundary.crossfadeMs=10,20,40`, `--param temperature=0..1:0.25`,
 * `--param shape=linear,hann` expanded into every combination, each point validated with RunConfigSchema before
 * a single run starts (a sweep that dies at point 37 of 40 on a typo wastes an afternoon).
 */
import { RunConfigSchema, type RunConfig } from '../../contract/index.ts';

export type SweepValue = number | string | boolean;

type KnobType =
  | { kind: 'int' }
  | { kind: 'number' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' }
  | { kind: 'string' };

/** A sweepable knob: its RunConfig path, short names, type, and the union member it belongs to (if any). */
export interface SweepKnob {
  path: string;
  names: readonly string[];
  type: KnobType;
  /** Only meaningful when the discriminator at `requires.path` is one of `requires.values`. */
  requires?: { path: string; values: readonly string[] };
  /** How the value is stored in the config when it is not the value itself (providers take a list). */
  wrap?: 'array';
}

const int = { kind: 'int' } as const;
const num = { kind: 'number' } as const;
const enumOf = (...values: string[]): KnobType => ({ kind: 'enum', values });
const overlapAdd = { path: 'boundary.kind', values: ['overlap-add'] } as const;
const contextRedecode = { path: 'boundary.kind', values: ['context'] } as const;
const llmStream = { path: 'textSource.mode', values: ['llm-stream'] } as const;

/** Every axis of experiments.md that a sweep can vary. Short names follow the `seamlab run` flags. */
export const SWEEP_KNOBS: readonly SweepKnob[] = [
  { path: 'model', names: ['model'], type: { kind: 'string' } },
  { path: 'voice', names: ['voice'], type: { kind: 'string' } },
  { path: 'seed', names: ['seed'], type: int },
  { path: 'exaggeration', names: ['exaggeration'], type: num },
  { path: 'maxNewTokens', names: ['max-tokens', 'max-new-tokens'], type: int },
  { path: 'noiseFloorRepeats', names: ['noise-floor-repeats'], type: int },
  {
    path: 'textSource.mode',
    names: ['text-source'],
    type: enumOf('whole', 'sentences', 'segments', 'llm-stream'),
  },
  {
    path: 'textSource.minChars',
    names: ['min-chars'],
    type: int,
    requires: { path: 'textSource.mode', values: ['sentences', 'segments'] },
  },
  {
    path: 'textSource.maxChars',
    names: ['max-chars'],
    type: int,
    requires: { path: 'textSource.mode', values: ['segments'] },
  },
  {
    path: 'textSource.tokensPerSecond',
    names: ['rate', 'tokens-per-second'],
    type: num,
    requires: llmStream,
  },
  { path: 'textSource.jitterMs', names: ['text-jitter-ms'], type: num, requires: llmStream },
  { path: 'textSource.firstTokenDelayMs', names: ['first-token-delay-ms'], type: num, requires: llmStream },
  { path: 'textSource.thresholdChars', names: ['threshold-chars'], type: int, requires: llmStream },
  { path: 'schedule.kind', names: ['schedule'], type: enumOf('fixed', 'first-then-fixed', 'growing') },
  {
    path: 'schedule.tokens',
    names: ['chunk-tokens'],
    type: int,
    requires: { path: 'schedule.kind', values: ['fixed', 'first-then-fixed'] },
  },
  {
    path: 'schedule.first',
    names: ['first-chunk'],
    type: int,
    requires: { path: 'schedule.kind', values: ['first-then-fixed'] },
  },
  { path: 'boundary.kind', names: ['boundary'], type: enumOf('none', 'overlap-add', 'context', 'stateful') },
  { path: 'boundary.overlapTokens', names: ['overlap', 'overlap-tokens'], type: int, requires: overlapAdd },
  { path: 'boundary.crossfadeMs', names: ['crossfade-ms'], type: num, requires: overlapAdd },
  {
    path: 'boundary.shape',
    names: ['shape'],
    type: enumOf('linear', 'equal-power', 'hann', 'hamming'),
    requires: overlapAdd,
  },
  { path: 'boundary.contextTokens', names: ['context-tokens'], type: int, requires: contextRedecode },
  { path: 'boundary.lookaheadTokens', names: ['lookahead'], type: int, requires: contextRedecode },
  { path: 'boundary.fadeMs', names: ['fade-ms'], type: num, requires: contextRedecode },
  { path: 'pipeline.kind', names: ['pipeline'], type: enumOf('sequential', 'parallel') },
  {
    path: 'pipeline.queueDepth',
    names: ['queue-depth'],
    type: int,
    requires: { path: 'pipeline.kind', values: ['parallel'] },
  },
  { path: 'playback.mode', names: ['playback'], type: enumOf('realtime', 'gather-then-play') },
  { path: 'playback.jitterBufferMs', names: ['jitter-ms', 'jitter-buffer-ms'], type: num },
  { path: 'sampler.temperature', names: ['temperature'], type: num },
  { path: 'sampler.topK', names: ['top-k'], type: int },
  { path: 'sampler.topP', names: ['top-p'], type: num },
  { path: 'sampler.minP', names: ['min-p'], type: num },
  { path: 'sampler.repetitionPenalty', names: ['repetition-penalty'], type: num },
  { path: 'sampler.cfgWeight', names: ['cfg-weight'], type: num },
  { path: 'sampler.greedy', names: ['greedy'], type: { kind: 'bool' } },
  { path: 'runtime.providers', names: ['provider'], type: { kind: 'string' }, wrap: 'array' },
  { path: 'runtime.intraOpThreads', names: ['threads'], type: int },
  {
    path: 'runtime.graphOptimizationLevel',
    names: ['graph-optimization'],
    type: enumOf('disabled', 'basic', 'extended', 'all'),
  },
];

/** A sweep over more runs than this is almost certainly a typo (`0..1000` instead of `0..10`). */
export const MAX_SWEEP_RUNS = 10_000;

export class SweepGridError extends Error {
  readonly problems: string[];
  constructor(message: string, problems: string[] = [message]) {
    super(message);
    this.name = 'SweepGridError';
    this.problems = problems;
  }
}

export interface SweepParam {
  /** The name as the user wrote it (`overlap`), shown in tables and plots. */
  name: string;
  /** Its RunConfig path (`boundary.overlapTokens`): the key in every grid point. */
  path: string;
  values: SweepValue[];
}

export interface GridPoint {
  index: number;
  /** The swept knobs' values at this point, keyed by config path. */
  values: Record<string, SweepValue>;
  /** The complete, validated configuration of repeat 0. */
  config: RunConfig;
}

export interface SweepPlan {
  params: SweepParam[];
  /** The configuration every point starts from (as given: kinds may be left for the knobs to imply). */
  base: Record<string, unknown>;
  points: GridPoint[];
  repeats: number;
  /** Repeat r runs with seed + r (sampling spread) instead of the same seed (timing spread only). */
  varySeed: boolean;
  /** Decisions the expansion made for the user, worth printing once. */
  notes: string[];
}

const byName = new Map<string, SweepKnob>();
for (const knob of SWEEP_KNOBS) {
  byName.set(knob.path.toLowerCase(), knob);
  for (const name of knob.names) byName.set(name, knob);
}

/** Finds a knob by short name (`overlap`, `crossfade-ms`) or config path (`boundary.crossfadeMs`). */
export function findKnob(name: string): SweepKnob | undefined {
  const key = name.trim();
  return byName.get(key) ?? byName.get(key.toLowerCase()) ?? byName.get(key.replace(/_/g, '-'));
}

export function knobNames(): string[] {
  return SWEEP_KNOBS.map((k) => k.names[0] as string);
}

/** Rounds away binary noise from stepped ranges (0.1 + 0.2) without touching real precision. */
const tidy = (x: number): number => Number(x.toPrecision(12));

function parseNumber(text: string, spec: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw new SweepGridError(`--param ${spec}: "${text}" is not a number`);
  return n;
}

function expandRange(item: string, spec: string): number[] {
  const [from = '', rest = ''] = item.split('..');
  const [to = '', stepText] = rest.split(':');
  const a = parseNumber(from, spec);
  const b = parseNumber(to, spec);
  const step = stepText === undefined ? 1 : parseNumber(stepText, spec);
  if (step <= 0) throw new SweepGridError(`--param ${spec}: the step must be positive, got ${step}`);
  if (b < a) throw new SweepGridError(`--param ${spec}: range ${item} runs backwards (write ${to}..${from})`);
  const count = Math.floor((b - a) / step + 1e-9) + 1;
  if (count > MAX_SWEEP_RUNS)
    throw new SweepGridError(`--param ${spec}: ${count} values; a sweep is capped at ${MAX_SWEEP_RUNS} runs`);
  return Array.from({ length: count }, (_, i) => tidy(a + i * step));
}

function parseValue(item: string, knob: SweepKnob, spec: string): SweepValue[] {
  const { type } = knob;
  if (type.kind === 'int' || type.kind === 'number') {
    const values = item.includes('..') ? expandRange(item, spec) : [parseNumber(item, spec)];
    if (type.kind === 'int') {
      const fraction = values.find((v) => !Number.isInteger(v));
      if (fraction !== undefined)
        throw new SweepGridError(
          `--param ${spec}: ${knob.path} takes whole numbers, and ${item} gives ${fraction}`,
        );
    }
    return values;
  }
  if (type.kind === 'bool') {
    if (item === 'true' || item === 'false') return [item === 'true'];
    throw new SweepGridError(`--param ${spec}: ${knob.path} is true or false, not "${item}"`);
  }
  if (type.kind === 'enum' && !type.values.includes(item))
    throw new SweepGridError(
      `--param ${spec}: "${item}" is not a ${knob.path} (one of ${type.values.join(', ')})`,
    );
  if (item === '') throw new SweepGridError(`--param ${spec}: empty value`);
  return [item];
}

/** Parses `name=values` where values are a comma list of items, each a value or a range `a..b[:step]`. */
export function parseSweepParam(spec: string): SweepParam {
  const eq = spec.indexOf('=');
  if (eq <= 0)
    throw new SweepGridError(
      `--param ${spec}: expected name=values, e.g. overlap=0..6 or crossfade-ms=10,20,40`,
    );
  const name = spec.slice(0, eq).trim();
  const knob = findKnob(name);
  if (!knob)
    throw new SweepGridError(
      `--param ${spec}: "${name}" is not a sweepable knob. Knobs: ${knobNames().join(', ')} ` +
        '(or their config paths, e.g. boundary.crossfadeMs)',
    );
  const values: SweepValue[] = [];
  for (const item of spec.slice(eq + 1).split(',')) values.push(...parseValue(item.trim(), knob, spec));
  const unique = [...new Set(values)];
  if (!unique.length) throw new SweepGridError(`--param ${spec}: no values`);
  if (unique.length !== values.length) throw new SweepGridError(`--param ${spec}: a value is listed twice`);
  return { name, path: knob.path, values };
}

function getPath(object: unknown, path: string): unknown {
  let node = object;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = object;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
}

function describePoint(values: Record<string, SweepValue>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

export interface PlanSweepInput {
  base: Record<string, unknown>;
  params: (string | SweepParam)[];
  repeats?: number;
  varySeed?: boolean;
}

/** What each union-typed group falls back to when nothing implies another kind (RunConfigSchema's defaults). */
const DEFAULT_KINDS: Record<string, string> = {
  'boundary.kind': 'none',
  'pipeline.kind': 'sequential',
  'schedule.kind': 'fixed',
  'textSource.mode': 'whole',
};

/**
 * A group given without its kind (`{ crossfadeMs: 20 }` from `--crossfade-ms 20` without `--boundary`) takes
 * the kind its fields imply, else the default; then the schema can say precisely what does not fit.
 */
function fillKinds(draft: Record<string, unknown>): void {
  for (const [kindPath, fallback] of Object.entries(DEFAULT_KINDS)) {
    const [group = '', discriminator = ''] = kindPath.split('.');
    const node = draft[group];
    if (!node || typeof node !== 'object' || (node as Record<string, unknown>)[discriminator] !== undefined)
      continue;
    const implied = Object.keys(node)
      .map((field) => findKnob(`${group}.${field}`)?.requires)
      .find((r) => r?.path === kindPath && r.values.length === 1)?.values[0];
    setPath(draft, kindPath, implied ?? fallback);
  }
}

/** The default crossfade (ms) the schema would pick, fitted to small overlaps (see planSweep). */
const DEFAULT_CROSSFADE_MS = 50;
const MS_PER_TOKEN = 40;

/**
 * Expands the grid (first parameter outermost) and validates every point. A knob that belongs to one kind of
 * boundary/pipeline/schedule/text source implies that kind when the base leaves it open (`overlap=0..6` alone
 * means overlap-add). Every problem at every point is collected into one SweepGridError.
 */
export function planSweep(input: PlanSweepInput): SweepPlan {
  const repeats = input.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 1000)
    throw new SweepGridError(`--repeat must be a whole number 1..1000, got ${repeats}`);
  const params = input.params.map((p) => (typeof p === 'string' ? parseSweepParam(p) : p));
  if (!params.length) throw new SweepGridError('a sweep needs at least one --param');
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.path)) throw new SweepGridError(`${p.path} is swept twice`);
    seen.add(p.path);
  }
  const pointCount = params.reduce((n, p) => n * p.values.length, 1);
  if (pointCount * repeats > MAX_SWEEP_RUNS)
    throw new SweepGridError(
      `${pointCount} points x ${repeats} repeats = ${pointCount * repeats} runs; a sweep is capped at ${MAX_SWEEP_RUNS}`,
    );

  const notes: string[] = [];
  const swept = new Set(params.map((p) => p.path));
  const crossfadeFollowsOverlap =
    swept.has('boundary.overlapTokens') &&
    !swept.has('boundary.crossfadeMs') &&
    getPath(input.base, 'boundary.crossfadeMs') === undefined;
  if (crossfadeFollowsOverlap)
    notes.push(
      `crossfade not given: each point uses min(${DEFAULT_CROSSFADE_MS} ms, overlap x ${MS_PER_TOKEN} ms) so it fits its overlap`,
    );

  const problems: string[] = [];
  const points: GridPoint[] = [];
  for (let index = 0; index < pointCount; index++) {
    const values: Record<string, SweepValue> = {};
    let rest = index;
    for (let p = params.length - 1; p >= 0; p--) {
      const param = params[p] as SweepParam;
      values[param.path] = param.values[rest % param.values.length] as SweepValue;
      rest = Math.floor(rest / param.values.length);
    }
    const ordered = Object.fromEntries(params.map((p) => [p.path, values[p.path] as SweepValue]));
    const draft = structuredClone(input.base);
    for (const [path, value] of Object.entries(ordered)) {
      const knob = findKnob(path) as SweepKnob;
      setPath(draft, path, knob.wrap === 'array' ? [value] : value);
      if (knob.requires?.values.length === 1 && getPath(draft, knob.requires.path) === undefined)
        setPath(draft, knob.requires.path, knob.requires.values[0]);
    }
    fillKinds(draft);
    if (crossfadeFollowsOverlap && getPath(draft, 'boundary.kind') === 'overlap-add') {
      const overlap = Number(getPath(draft, 'boundary.overlapTokens'));
      setPath(draft, 'boundary.crossfadeMs', Math.min(DEFAULT_CROSSFADE_MS, overlap * MS_PER_TOKEN));
    }
    const where = `grid point ${index + 1} of ${pointCount} (${describePoint(ordered)})`;
    const parsed = RunConfigSchema.safeParse(draft);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${where}: ${issue.path.map(String).join('.') || 'config'}: ${issue.message}`);
      continue;
    }
    // The schema drops keys of union members that are not selected: a knob that vanished does not apply here.
    for (const [path, value] of Object.entries(ordered)) {
      const knob = findKnob(path) as SweepKnob;
      const stored = getPath(parsed.data, path);
      const actual = knob.wrap === 'array' && Array.isArray(stored) ? stored[0] : stored;
      if (actual !== value) {
        const requires = knob.requires;
        const current = requires ? getPath(parsed.data, requires.path) : undefined;
        problems.push(
          requires
            ? `${where}: ${path} only applies when ${requires.path} is ${requires.values.join(' or ')}, not "${String(current)}"`
            : `${where}: ${path} could not be set`,
        );
      }
    }
    points.push({ index, values: ordered, config: parsed.data });
  }
  if (problems.length) {
    const shown = problems.slice(0, 12);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    throw new SweepGridError(
      `invalid sweep: ${problems.length} problem(s)\n  ${shown.join('\n  ')}${more}`,
      problems,
    );
  }
  return { params, base: input.base, points, repeats, varySeed: input.varySeed ?? false, notes };
}

/** The configuration a given repeat of a point runs with. */
export function configForRepeat(point: GridPoint, repeatIndex: number, varySeed: boolean): RunConfig {
  if (!varySeed || repeatIndex === 0) return point.config;
  return { ...point.config, seed: (point.config.seed + repeatIndex) % 2 ** 31 };
}

/** A short human name for a sweep: `overlap 0..4 x crossfade-ms 10,20 (3 repeats)`. */
export function sweepTitle(plan: Pick<SweepPlan, 'params' | 'repeats'>): string {
  const describe = (values: SweepValue[]): string => {
    const numbers = values.every((v) => typeof v === 'number') ? (values as number[]) : null;
    if (numbers && numbers.length > 2) {
      const step = (numbers[1] as number) - (numbers[0] as number);
      const even = numbers.every((v, i) => i === 0 || Math.abs(v - (numbers[i - 1] as number) - step) < 1e-9);
      if (even) return `${numbers[0]}..${numbers.at(-1)}${step === 1 ? '' : `:${tidy(step)}`}`;
    }
    return values.map(String).join(',');
  };
  const knobs = plan.params.map((p) => `${p.name} ${describe(p.values)}`).join(' x ');
  return plan.repeats > 1 ? `${knobs} (${plan.repeats} repeats)` : knobs;
}
