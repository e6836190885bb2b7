import { describe, expect, it } from 'vitest';
import { designSession, rateKeys, Roles } from '../../../src/engine/listening/session-design.ts';

const pairs = [
  { pairId: 'p1', runA: 'run-1a', runB: 'run-1b' },
  { pairId: 'p2', runA: 'run-2a', runB: 'run-2b' },
];

describe('designSession', () => {
  it('ABX: every trial stores its presentation, and X really is the run the presentation names', () => {
    const { design, trials } = designSession({ kind: 'abx', pairs, trialsPerPair: 10, seed: 42 });
    expect(design).toEqual({ version: 1, seed: 42, pairIds: ['p1', 'p2'], trialsPerPair: 10, warnings: [] });
    expect(trials).toHaveLength(20);
    for (const trial of trials) {
      const p = trial.presentation as Record<string, string>;
      const pair = pairs.find((x) => x.pairId === p.pairId)!;
      const byKey = Object.fromEntries(trial.stimuli.map((s) => [s.key, s]));
      expect(Object.keys(byKey)).toEqual(['A', 'B', 'X']);
      expect(byKey.A!.runId).toBe(p.A === 'a' ? pair.runA : pair.runB);
      expect(byKey.B!.runId).toBe(p.B === 'a' ? pair.runA : pair.runB);
      expect(byKey.A!.runId).not.toBe(byKey.B!.runId);
      expect(byKey.X!.runId).toBe(byKey[p.X as 'A' | 'B']!.runId);
      expect(byKey.X!.role).toBe(Roles.x);
    }
    expect(trials.filter((t) => (t.presentation as Record<string, string>).pairId === 'p1')).toHaveLength(10);
  });

  it('is reproducible from its seed and different for another seed', () => {
    const a = designSession({ kind: 'abx', pairs, trialsPerPair: 10, seed: 7 });
    const b = designSession({ kind: 'abx', pairs, trialsPerPair: 10, seed: 7 });
    const c = designSession({ kind: 'abx', pairs, trialsPerPair: 10, seed: 8 });
    expect(b).toEqual(a);
    expect(c.trials.map((t) => t.presentation)).not.toEqual(a.trials.map((t) => t.presentation));
  });

  it('randomises X, sides and order without bias over many trials', () => {
    const { trials } = designSession({ kind: 'abx', pairs: [pairs[0]!], trialsPerPair: 2000, seed: 1 });
    const share = (f: (p: Record<string, string>) => boolean) =>
      trials.filter((t) => f(t.presentation as Record<string, string>)).length / trials.length;
    expect(share((p) => p.X === 'A')).toBeGreaterThan(0.46);
    expect(share((p) => p.X === 'A')).toBeLessThan(0.54);
    expect(share((p) => p.A === 'a')).toBeGreaterThan(0.46);
    expect(share((p) => p.A === 'a')).toBeLessThan(0.54);
    const mixed = designSession({ kind: 'abx', pairs, trialsPerPair: 10, seed: 3 }).trials.map(
      (t) => (t.presentation as Record<string, string>).pairId,
    );
    // Shuffled, not blocked by pair.
    expect(mixed.slice(0, 10).every((id) => id === 'p1')).toBe(false);
  });

  it('CMOS: two stimuli whose sides are recorded', () => {
    const { trials } = designSession({ kind: 'ab-cmos', pairs, trialsPerPair: 3, seed: 5 });
    expect(trials).toHaveLength(6);
    for (const t of trials) {
      const p = t.presentation as Record<string, string>;
      const pair = pairs.find((x) => x.pairId === p.pairId)!;
      expect(t.stimuli.map((s) => s.key)).toEqual(['A', 'B']);
      expect(t.stimuli[0]!.runId).toBe(p.A === 'a' ? pair.runA : pair.runB);
      expect(t.stimuli[0]!.role).toBe(p.A === 'a' ? Roles.pairA : Roles.pairB);
    }
    expect(rateKeys('ab-cmos', ['A', 'B'])).toEqual(['B']);
  });

  it('MUSHRA: open reference plus both runs, the hidden reference and the anchor in a recorded random order', () => {
    const { trials } = designSession({ kind: 'mushra', pairs, trialsPerPair: 2, seed: 11 });
    const orders = new Set<string>();
    for (const t of trials) {
      const p = t.presentation as Record<string, string>;
      const pair = pairs.find((x) => x.pairId === p.pairId)!;
      expect(t.stimuli[0]).toEqual({
        key: 'ref',
        role: Roles.reference,
        runId: pair.runA,
        audioKind: 'reference',
      });
      const hidden = t.stimuli.slice(1);
      expect(hidden.map((s) => s.key)).toEqual(['s1', 's2', 's3', 's4']);
      expect(new Set(hidden.map((s) => s.role))).toEqual(
        new Set([Roles.pairA, Roles.pairB, Roles.hiddenReference, Roles.anchor]),
      );
      for (const s of hidden) expect(p[s.key]).toBe(s.role);
      expect(hidden.find((s) => s.role === Roles.anchor)!.audioKind).toBe('anchor');
      expect(hidden.find((s) => s.role === Roles.hiddenReference)!.audioKind).toBe('reference');
      expect(hidden.find((s) => s.role === Roles.pairB)!.runId).toBe(pair.runB);
      orders.add(hidden.map((s) => s.role).join());
      expect(
        rateKeys(
          'mushra',
          t.stimuli.map((s) => s.key),
        ),
      ).toEqual(['s1', 's2', 's3', 's4']);
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});
