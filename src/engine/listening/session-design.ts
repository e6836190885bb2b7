/**
 * Randomised, recorded session designs. Everything random (trial order, which run is shown as A, which of A/B
 * is X, the MUSHRA stimulus order) comes from one seeded generator, and every trial stores its presentation, so
 * a session can be audited and re-derived from its seed (listening.md: "randomisation that is recorded and
 * testable").
 */
import { createRng, type SamplerRng } from '../sampling/rng.ts';
import type { ListeningKind, StimulusInput, TrialInput } from '../store/index.ts';

export interface DesignPair {
  pairId: string;
  runA: string;
  runB: string;
}

export interface SessionDesign {
  version: 1;
  seed: number;
  pairIds: string[];
  trialsPerPair: number;
  /** Things the listener or analyst should know (e.g. the two runs' references differ). */
  warnings: string[];
}

/** What each trial stores as its presentation: the pair and the randomised sides/orders, as strings. */
export type Presentation = Record<string, string>;

/** Stimulus roles (hidden from the listener). */
export const Roles = {
  pairA: 'pair-a',
  pairB: 'pair-b',
  x: 'x',
  reference: 'reference',
  hiddenReference: 'hidden-reference',
  anchor: 'anchor',
} as const;

const pick = (rng: SamplerRng, n: number): number => Math.min(n - 1, Math.floor(rng.nextFloat() * n));

export function shuffle<T>(items: readonly T[], rng: SamplerRng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(rng, i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function abxTrial(pair: DesignPair, rng: SamplerRng): TrialInput {
  const swap = rng.nextFloat() < 0.5;
  const x = rng.nextFloat() < 0.5 ? 'A' : 'B';
  const onA = swap ? pair.runB : pair.runA;
  const onB = swap ? pair.runA : pair.runB;
  const stimuli: StimulusInput[] = [
    { key: 'A', role: swap ? Roles.pairB : Roles.pairA, runId: onA, audioKind: 'stream' },
    { key: 'B', role: swap ? Roles.pairA : Roles.pairB, runId: onB, audioKind: 'stream' },
    { key: 'X', role: Roles.x, runId: x === 'A' ? onA : onB, audioKind: 'stream' },
  ];
  const presentation: Presentation = { pairId: pair.pairId, A: swap ? 'b' : 'a', B: swap ? 'a' : 'b', X: x };
  return { presentation, stimuli };
}

function cmosTrial(pair: DesignPair, rng: SamplerRng): TrialInput {
  const swap = rng.nextFloat() < 0.5;
  return {
    presentation: { pairId: pair.pairId, A: swap ? 'b' : 'a', B: swap ? 'a' : 'b' },
    stimuli: [
      {
        key: 'A',
        role: swap ? Roles.pairB : Roles.pairA,
        runId: swap ? pair.runB : pair.runA,
        audioKind: 'stream',
      },
      {
        key: 'B',
        role: swap ? Roles.pairA : Roles.pairB,
        runId: swap ? pair.runA : pair.runB,
        audioKind: 'stream',
      },
    ],
  };
}

/** Open reference plus four blinded stimuli (both runs, the hidden reference, the low anchor) in random order. */
function mushraTrial(pair: DesignPair, rng: SamplerRng): TrialInput {
  const hidden: Omit<StimulusInput, 'key'>[] = shuffle(
    [
      { role: Roles.pairA, runId: pair.runA, audioKind: 'stream' },
      { role: Roles.pairB, runId: pair.runB, audioKind: 'stream' },
      { role: Roles.hiddenReference, runId: pair.runA, audioKind: 'reference' },
      { role: Roles.anchor, runId: pair.runA, audioKind: 'anchor' },
    ],
    rng,
  );
  const stimuli: StimulusInput[] = [
    { key: 'ref', role: Roles.reference, runId: pair.runA, audioKind: 'reference' },
    ...hidden.map((s, i) => ({ ...s, key: `s${i + 1}` })),
  ];
  const presentation: Presentation = { pairId: pair.pairId };
  for (const s of stimuli.slice(1)) presentation[s.key] = s.role;
  return { presentation, stimuli };
}

/** Builds every trial of a session: each pair `trialsPerPair` times, in a shuffled order. */
export function designSession(options: {
  kind: ListeningKind;
  pairs: DesignPair[];
  trialsPerPair: number;
  seed: number;
  warnings?: string[];
}): { design: SessionDesign; trials: TrialInput[] } {
  const rng = createRng(options.seed);
  const slots = options.pairs.flatMap((pair) => Array.from({ length: options.trialsPerPair }, () => pair));
  const order = shuffle(slots, rng);
  const make = options.kind === 'abx' ? abxTrial : options.kind === 'ab-cmos' ? cmosTrial : mushraTrial;
  return {
    design: {
      version: 1,
      seed: options.seed,
      pairIds: options.pairs.map((p) => p.pairId),
      trialsPerPair: options.trialsPerPair,
      warnings: options.warnings ?? [],
    },
    trials: order.map((pair) => make(pair, rng)),
  };
}

/** The keys a listener answers for in each kind of trial. */
export function rateKeys(kind: ListeningKind, stimulusKeys: readonly string[]): string[] {
  if (kind === 'abx') return ['X'];
  if (kind === 'ab-cmos') return ['B'];
  return stimulusKeys.filter((k) => k !== 'ref');
}
