import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, decodeFloat32, methods, type RunConfigInput } from '../../../src/contract/index.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import { lowAnchor } from '../../../src/engine/listening/low-pass.ts';
import { binomialUpperTail } from '../../../src/engine/listening/statistics.ts';
import type { SweepLink } from '../../../src/engine/store/index.ts';
import { makeConfig, makeProvenance, makeSummary } from '../store/fixtures/runs.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seamlab-listening-'));
const databasePath = path.join(dir, 'runs.db');
let engine: Engine;

function open(): Engine {
  return createEngine({ host: 'server', databasePath, modelsDir: path.join(dir, 'models') });
}

beforeAll(() => {
  engine = open();
});
afterAll(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function tone(frequency: number, phase: number, samples = 4800): Float32Array {
  const out = new Float32Array(samples);
  for (let i = 0; i < samples; i++) out[i] = 0.4 * Math.sin((2 * Math.PI * frequency * i) / 24_000 + phase);
  return out;
}

/** Stores a finished run (as the RunManager would) with distinguishable audio; returns its id. */
function saveRun(seed: number, overrides: Partial<RunConfigInput> = {}, sweep?: SweepLink): string {
  const store = engine.context.store();
  const id = crypto.randomUUID();
  const config = makeConfig({ seed, ...overrides });
  store.beginRun(id, config, makeProvenance(true), { sweep });
  const reference = tone(300, 0).map((v, i) => v + 0.3 * Math.sin((2 * Math.PI * 7000 * i) / 24_000));
  store.finishRun(id, makeSummary(id, config, seed, 2), { stream: tone(300 + seed, seed), reference });
  return id;
}

async function rejection(promise: Promise<unknown>): Promise<ContractError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

describe('sample pairs', () => {
  it('creates, lists, labels, auditions, exports and deletes a pair of runs on the same text', async () => {
    const h = engine.handlers;
    const a = saveRun(1);
    const b = saveRun(2, { boundary: { kind: 'overlap-add', overlapTokens: 3 } });
    const candidates = await h['pairs.candidates']({ limit: 50 });
    methods['pairs.candidates'].result.parse(candidates);
    expect(candidates.map((c) => c.id)).toEqual(expect.arrayContaining([a, b]));
    expect(candidates.find((c) => c.id === b)!.strategy).toBe(
      'overlap-add 3 tok / 50 ms hann · sequential · fixed 25',
    );

    const pair = await h['pairs.create']({ runA: a, runB: b, label: 'naive vs OLA' });
    methods['pairs.create'].result.parse(pair);
    expect(pair.synthetic).toBe(true);
    expect(pair.differences.map((d) => d.path)).toEqual([
      'boundary.crossfadeMs',
      'boundary.kind',
      'boundary.overlapTokens',
      'boundary.shape',
      'seed',
    ]);
    expect(pair.differences.find((d) => d.path === 'boundary.kind')).toEqual({
      path: 'boundary.kind',
      a: '"none"',
      b: '"overlap-add"',
    });

    const updated = await h['pairs.update']({ pairId: pair.id, note: 'clicks gone' });
    expect(updated).toMatchObject({
      id: pair.id,
      label: 'naive vs OLA',
      note: 'clicks gone',
      createdAt: pair.createdAt,
    });
    expect((await h['pairs.list']({})).find((p) => p.id === pair.id)!.note).toBe('clicks gone');

    const audio = await h['pairs.audio']({ pairId: pair.id, side: 'B', kind: 'stream' });
    expect(Array.from(decodeFloat32(audio.float32).subarray(0, 5))).toEqual(
      Array.from(tone(302, 2).subarray(0, 5)),
    );

    const exported = await h['pairs.export']({ pairId: pair.id, dir: path.join(dir, 'out') });
    expect(exported.files.map((f) => path.basename(f))).toEqual([
      `pair-${pair.id}.A.wav`,
      `pair-${pair.id}.B.wav`,
      `pair-${pair.id}.json`,
    ]);
    const sidecar = JSON.parse(fs.readFileSync(exported.files[2]!, 'utf8')) as {
      a: { synthetic: boolean; label: string };
      differences: string[];
    };
    expect(sidecar.a.synthetic).toBe(true);
    expect(sidecar.a.label).toMatch(/^synthetic test model/);
    expect(sidecar.differences).toContain('boundary.overlapTokens');

    expect(await h['pairs.delete']({ pairId: pair.id })).toEqual({ deleted: true });
    expect(await h['pairs.delete']({ pairId: pair.id })).toEqual({ deleted: false });
  });

  it('refuses a pair of runs on different texts, with the reason', async () => {
    const a = saveRun(3);
    const b = saveRun(4, { text: 'Something else entirely.' });
    const error = await rejection(engine.handlers['pairs.create']({ runA: a, runB: b }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/same text and voice/);
  });

  it('pairs every grid point of a sweep against a baseline point', async () => {
    const store = engine.context.store();
    const sweep = store.createSweep({ name: 'overlap 0..2', grid: null, repeats: 1 });
    const ids = [0, 1, 2].map((o) =>
      saveRun(
        10 + o,
        {},
        { sweepId: sweep.id, pointIndex: o, point: { 'boundary.overlapTokens': o }, repeatIndex: 0 },
      ),
    );
    const made = await engine.handlers['pairs.fromSweep']({
      sweepId: sweep.id,
      baselinePointIndex: 0,
      repeatIndex: 0,
    });
    methods['pairs.fromSweep'].result.parse(made);
    expect(made.pairs.map((p) => [p.a.id, p.b.id, p.label])).toEqual([
      [ids[0], ids[1], 'overlap 0..2: overlapTokens 1 vs 0'],
      [ids[0], ids[2], 'overlap 0..2: overlapTokens 2 vs 0'],
    ]);
    const again = await engine.handlers['pairs.fromSweep']({
      sweepId: sweep.id,
      baselinePointIndex: 0,
      repeatIndex: 0,
    });
    expect(again.pairs).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual([
      'this pair already exists',
      'this pair already exists',
    ]);
  });
});

describe('listening sessions', () => {
  it('ABX: blinded, every answer stored at once, resumes after a restart, p-value exact', async () => {
    const a = saveRun(21);
    const b = saveRun(22);
    const pair = await engine.handlers['pairs.create']({ runA: a, runB: b, label: 'abx pair' });
    const created = await engine.handlers['listening.create']({
      kind: 'abx',
      name: 'boundary audible?',
      listener: 'tester',
      pairIds: [pair.id],
      trialsPerPair: 10,
      seed: 1234,
    });
    expect(created).toEqual({ sessionId: expect.any(String), trials: 10, seed: 1234 });
    const { sessionId } = created;

    const blind = await engine.handlers['listening.session']({ sessionId });
    methods['listening.session'].result.parse(blind);
    const text = JSON.stringify(blind);
    for (const secret of [a, b, 'pair-a', 'pair-b', 'correct', 'presentation'])
      expect(text).not.toContain(secret);
    expect(blind.trials.map((t) => t.keys)).toEqual(Array(10).fill(['A', 'B', 'X']));
    expect(blind.nextTrial).toBe(0);
    expect(blind.synthetic).toBe(true);

    // X's audio is A's or B's, sample for sample.
    const x0 = await engine.handlers['listening.audio']({ sessionId, trialIndex: 0, key: 'X' });
    const a0 = await engine.handlers['listening.audio']({ sessionId, trialIndex: 0, key: 'A' });
    const b0 = await engine.handlers['listening.audio']({ sessionId, trialIndex: 0, key: 'B' });
    expect([a0.float32, b0.float32]).toContain(x0.float32);

    // The test knows the truth (from the store); answer 7 right, 3 wrong.
    const truth = engine.context
      .store()
      .getSession(sessionId)!
      .trials.map((t) => (t.presentation as { X: string }).X);
    const answers = truth.map((x, i) => (i < 7 ? x : x === 'A' ? 'B' : 'A'));
    for (let i = 0; i < 6; i++) {
      const saved = await engine.handlers['listening.answer']({
        sessionId,
        trialIndex: i,
        stimulus: 'X',
        answer: answers[i],
        timeMs: 1000 + i,
        replays: i % 3,
        listeningMs: 800,
      });
      expect(saved).toEqual({ trialComplete: true, answered: i + 1, total: 10, nextTrial: i + 1 });
    }
    // The reply never says whether it was right.
    expect(JSON.stringify(await engine.handlers['listening.session']({ sessionId }))).not.toMatch(/correct/);

    // Invalid answers are refused and nothing is stored.
    expect(
      (
        await rejection(
          engine.handlers['listening.answer']({
            sessionId,
            trialIndex: 6,
            stimulus: 'X',
            answer: 'C',
            timeMs: 1,
            replays: 0,
            listeningMs: 0,
          }),
        )
      ).message,
    ).toMatch(/"A" or "B"/);
    expect(
      (
        await rejection(
          engine.handlers['listening.answer']({
            sessionId,
            trialIndex: 6,
            stimulus: 'A',
            answer: 'A',
            timeMs: 1,
            replays: 0,
            listeningMs: 0,
          }),
        )
      ).message,
    ).toMatch(/answer is for X/);

    // Restart the engine (a crash or a reload): the session resumes at the first unanswered trial.
    await engine.close();
    engine = open();
    const resumed = await engine.handlers['listening.session']({ sessionId });
    expect(resumed.nextTrial).toBe(6);
    expect(resumed.answered).toBe(6);
    expect(resumed.trials[2]!.answers).toEqual({ X: { answer: answers[2], score: null } });

    for (let i = 6; i < 10; i++)
      await engine.handlers['listening.answer']({
        sessionId,
        trialIndex: i,
        stimulus: 'X',
        answer: answers[i],
        timeMs: 900,
        replays: 1,
        listeningMs: 500,
      });
    expect((await engine.handlers['listening.session']({ sessionId })).nextTrial).toBeNull();
    await engine.handlers['listening.finish']({ sessionId });

    const results = await engine.handlers['listening.results']({ sessionId });
    methods['listening.results'].result.parse(results);
    expect(results.abx!.overall).toEqual({
      n: 10,
      correct: 7,
      p: binomialUpperTail(7, 10),
      significant: false,
    });
    expect(results.abx!.overall.p).toBe(176 / 1024);
    expect(results.abx!.byPair).toEqual([
      { pairId: pair.id, label: 'abx pair', runA: a, runB: b, stats: results.abx!.overall },
    ]);
    expect(results.trials.map((t) => t.correct)).toEqual(answers.map((x, i) => x === truth[i]));
    expect(results.timing.meanReplays).toBeCloseTo((0 + 1 + 2 + 0 + 1 + 2 + 4) / 10, 12);
    expect(results.finishedAt).not.toBeNull();
    // A finished session takes no more answers.
    expect(
      (
        await rejection(
          engine.handlers['listening.answer']({
            sessionId,
            trialIndex: 0,
            stimulus: 'X',
            answer: 'A',
            timeMs: 1,
            replays: 0,
            listeningMs: 0,
          }),
        )
      ).message,
    ).toMatch(/finished/);

    const csv = await engine.handlers['listening.export']({ sessionId, format: 'csv' });
    const lines = csv.content.trim().split('\r\n');
    expect(lines[0]).toBe(
      'session,kind,listener,trial,stimulus,role,run_id,score,answer,correct,time_ms,replays,listening_ms,comment,created_at,pair_id,model_note',
    );
    expect(lines).toHaveLength(11);
    expect(lines.slice(1).every((l) => l.endsWith(`,${pair.id},synthetic test model`))).toBe(true);
    expect(csv.fileName).toMatch(/^listening-abx-boundary-audible-[0-9a-f]{8}\.csv$/);
    const json = JSON.parse(
      (await engine.handlers['listening.export']({ sessionId, format: 'json' })).content,
    ) as {
      synthetic: boolean;
      label: string;
      results: { abx: { overall: { correct: number } } };
    };
    expect(json.synthetic).toBe(true);
    expect(json.label).toMatch(/^synthetic test model/);
    expect(json.results.abx.overall.correct).toBe(7);
  });

  it('CMOS: corrects the sign of votes given with the sides swapped, and reports mean and t interval', async () => {
    const a = saveRun(31);
    const b = saveRun(32);
    const pair = await engine.handlers['pairs.create']({ runA: a, runB: b });
    const { sessionId } = await engine.handlers['listening.create']({
      kind: 'ab-cmos',
      name: 'pref',
      pairIds: [pair.id],
      trialsPerPair: 6,
      seed: 99,
    });
    const trials = engine.context.store().getSession(sessionId)!.trials;
    // The listener always prefers the pair's run B by 2 (so votes for "B as shown" flip when B shows run A).
    for (const t of trials) {
      const shownB = (t.presentation as { B: string }).B;
      await engine.handlers['listening.answer']({
        sessionId,
        trialIndex: t.index,
        stimulus: 'B',
        score: shownB === 'b' ? 2 : -2,
        timeMs: 500,
        replays: 0,
        listeningMs: 400,
      });
    }
    expect(new Set(trials.map((t) => (t.presentation as { B: string }).B)).size).toBe(2); // both sides occurred
    const results = await engine.handlers['listening.results']({ sessionId });
    expect(results.cmos!.overall).toMatchObject({ n: 6, mean: 2, sd: 0, ci95: [2, 2], nTooSmall: false });
    expect(results.trials.map((t) => t.scores.B)).toEqual(Array(6).fill(2));
    expect(
      (
        await rejection(
          engine.handlers['listening.answer']({
            sessionId,
            trialIndex: 0,
            stimulus: 'B',
            score: 4,
            timeMs: 1,
            replays: 0,
            listeningMs: 0,
          }),
        )
      ).message,
    ).toMatch(/-3/);
  });

  it('MUSHRA: the anchor is the 3.5 kHz low-pass of the hidden reference; screening flags a careless listener', async () => {
    const a = saveRun(41);
    const b = saveRun(42);
    const pair = await engine.handlers['pairs.create']({ runA: a, runB: b });
    const { sessionId } = await engine.handlers['listening.create']({
      kind: 'mushra',
      name: 'mushra',
      pairIds: [pair.id],
      trialsPerPair: 4,
      seed: 5,
    });
    const session = engine.context.store().getSession(sessionId)!;
    const blind = await engine.handlers['listening.session']({ sessionId });
    expect(blind.trials[0]!.keys).toEqual(['ref', 's1', 's2', 's3', 's4']);
    expect(blind.trials[0]!.rate).toEqual(['s1', 's2', 's3', 's4']);

    const reference = engine.context.store().getAudio(a, 'reference')!.samples;
    const keyOf = (t: number, role: string) => session.trials[t]!.stimuli.find((s) => s.role === role)!.key;
    const anchor = decodeFloat32(
      (await engine.handlers['listening.audio']({ sessionId, trialIndex: 0, key: keyOf(0, 'anchor') }))
        .float32,
    );
    expect(Array.from(anchor)).toEqual(Array.from(lowAnchor(reference, 24_000)));
    const hidden = decodeFloat32(
      (
        await engine.handlers['listening.audio']({
          sessionId,
          trialIndex: 0,
          key: keyOf(0, 'hidden-reference'),
        })
      ).float32,
    );
    expect(Array.from(hidden)).toEqual(Array.from(reference));

    // Scores per role and trial; the hidden reference falls below 90 in 1 of 4 trials (25 % > 15 %: flagged).
    const scores: Record<string, number[]> = {
      'pair-a': [40, 50, 45, 55],
      'pair-b': [70, 80, 75, 85],
      'hidden-reference': [100, 95, 80, 100],
      anchor: [20, 10, 15, 25],
    };
    for (const t of session.trials)
      for (const [role, values] of Object.entries(scores)) {
        const saved = await engine.handlers['listening.answer']({
          sessionId,
          trialIndex: t.index,
          stimulus: keyOf(t.index, role),
          score: values[t.index]!,
          timeMs: 3000,
          replays: 2,
          listeningMs: 2500,
        });
        expect(saved.trialComplete).toBe(role === 'anchor');
      }
    // Changing a rating: the latest counts.
    await engine.handlers['listening.answer']({
      sessionId,
      trialIndex: 3,
      stimulus: keyOf(3, 'pair-b'),
      score: 65,
      timeMs: 3100,
      replays: 2,
      listeningMs: 2600,
    });
    const results = await engine.handlers['listening.results']({ sessionId });
    methods['listening.results'].result.parse(results);
    const [byPair] = results.mushra!.byPair;
    expect(byPair!.a.mean).toBe(47.5);
    expect(byPair!.b.mean).toBe(72.5);
    expect(byPair!.hiddenReference.mean).toBe(93.75);
    expect(byPair!.anchor.mean).toBe(17.5);
    // Four ratings (70, 80, 75, 65): below the minimum, so flagged; the bootstrap stays within the ratings.
    expect(byPair!.b).toMatchObject({ n: 4, nTooSmall: true, method: 'percentile-bootstrap' });
    expect(byPair!.b.ci95![0]).toBeGreaterThanOrEqual(65);
    expect(byPair!.b.ci95![1]).toBeLessThanOrEqual(80);
    expect(byPair!.b.box).toMatchObject({ q1: 68.75, median: 72.5, q3: 76.25 });
    expect(results.mushra!.screening).toEqual({
      trials: 4,
      hiddenReferenceBelow90: 1,
      fraction: 0.25,
      flagged: true,
      anchorAboveReference: 0,
    });
    expect(results.trials[3]!.scores).toEqual({
      'pair-a': 55,
      'pair-b': 65,
      'hidden-reference': 100,
      anchor: 25,
    });
  });

  it('lists sessions with their progress', async () => {
    const list = await engine.handlers['listening.list']({});
    methods['listening.list'].result.parse(list);
    expect(list.map((s) => [s.kind, s.answered, s.total])).toEqual([
      ['mushra', 4, 4],
      ['ab-cmos', 6, 6],
      ['abx', 10, 10],
    ]);
  });
});
