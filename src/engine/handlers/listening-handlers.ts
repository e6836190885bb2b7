import crypto from 'node:crypto';
import path from 'node:path';
import { ContractError, encodeAudio, type Handlers } from '../../contract/index.ts';
import type { listeningMethods, PairView } from '../../contract/methods/listening.ts';
import type { EngineContext } from '../engine-context.ts';
import { lowAnchor } from '../listening/low-pass.ts';
import { briefFromRow, pairViews, runBriefs } from '../listening/pair-views.ts';
import { exportFileName, listeningCsv, listeningJson } from '../listening/session-export.ts';
import { designSession, rateKeys, type DesignPair } from '../listening/session-design.ts';
import { sessionResults } from '../listening/session-results.ts';
import { blindSession, nextTrial, trialComplete } from '../listening/session-view.ts';
import {
  exportPair,
  StoreError,
  StoreErrorCodes,
  type ListeningSession,
  type RunStore,
  type SamplePair,
} from '../store/index.ts';

type ListeningHandlers = Pick<Handlers, keyof typeof listeningMethods>;

const bad = (message: string) => new ContractError('invalid_request', message);

/** Store refusals caused by the request (unknown id, runs on different texts...) are bad requests. */
async function guarded<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (
      error instanceof StoreError &&
      (
        [StoreErrorCodes.invalidInput, StoreErrorCodes.notFound, StoreErrorCodes.conflict] as string[]
      ).includes(error.code)
    )
      throw bad(error.message);
    throw error;
  }
}

function requirePair(store: RunStore, pairId: string): SamplePair {
  const pair = store.getPair(pairId);
  if (!pair) throw bad(`no sample pair ${pairId}`);
  return pair;
}

function requireSession(store: RunStore, sessionId: string): ListeningSession {
  const session = store.getSession(sessionId);
  if (!session) throw bad(`no listening session ${sessionId}`);
  return session;
}

function onePair(store: RunStore, pair: SamplePair): PairView {
  const [view] = pairViews(store, [pair]);
  if (!view) throw bad(`the runs of pair ${pair.id} are gone`);
  return view;
}

function sessionSynthetic(store: RunStore, sessionId: string): boolean {
  return [...runBriefs(store, store.sessionRunIds(sessionId)).values()].some((b) => b.synthetic);
}

function referenceHash(store: RunStore, runId: string): string | undefined {
  return store.listAudio(runId).find((a) => a.kind === 'reference' && a.repeatIndex === 0)?.sha256;
}

/** "overlap-add 3 vs 0" style labels for pairs made from a sweep. */
function pointLabel(point: Record<string, unknown>, baseline: Record<string, unknown>): string {
  const keys = Object.keys(point).filter((k) => JSON.stringify(point[k]) !== JSON.stringify(baseline[k]));
  const short = (k: string) => k.split('.').at(-1) as string;
  return keys.map((k) => `${short(k)} ${String(point[k])} vs ${String(baseline[k])}`).join(', ');
}

/**
 * Sample pairs and blind listening sessions. The listener-facing methods (`listening.session`,
 * `listening.audio`, `listening.answer`) never return run ids, roles or correctness.
 */
export function listeningHandlers(ctx: EngineContext): ListeningHandlers {
  // Anchors are computed on demand; a session plays the same few references many times.
  const anchors = new Map<string, Float32Array>();
  const anchorOf = (runId: string, reference: Float32Array, sampleRate: number): Float32Array => {
    let anchor = anchors.get(runId);
    if (!anchor) {
      anchor = lowAnchor(reference, sampleRate);
      if (anchors.size >= 16) anchors.delete(anchors.keys().next().value as string);
      anchors.set(runId, anchor);
    }
    return anchor;
  };
  const changed = (pairIds: string[], change: 'created' | 'updated' | 'deleted') => {
    if (pairIds.length) ctx.emit('pairs.changed', { pairIds, change });
  };

  return {
    'pairs.candidates': async ({ search, limit }) =>
      ctx
        .store()
        .listRuns({
          filter: { status: 'finished', ...(search?.trim() ? { search: search.trim() } : {}) },
          sort: { field: 'created_at', direction: 'desc' },
          page: { limit },
        })
        .rows.map(briefFromRow),

    'pairs.create': async ({ runA, runB, label, note }) =>
      guarded(() => {
        const store = ctx.store();
        const view = onePair(store, store.createPair({ runA, runB, label, note }));
        changed([view.id], 'created');
        return view;
      }),

    'pairs.fromSweep': async ({ sweepId, baselinePointIndex, repeatIndex }) =>
      guarded(() => {
        const store = ctx.store();
        const sweep = store.getSweep(sweepId);
        if (!sweep) throw bad(`no sweep ${sweepId}`);
        const finished = sweep.runs.filter((r) => r.status === 'finished' && r.repeatIndex === repeatIndex);
        const baseline = finished.find((r) => r.pointIndex === baselinePointIndex);
        if (!baseline)
          throw bad(
            `grid point ${baselinePointIndex + 1} has no finished run for repeat ${repeatIndex + 1}: it cannot be the baseline`,
          );
        const existing = store.listPairs(baseline.runId);
        const created: SamplePair[] = [];
        const skipped: { pointIndex: number; reason: string }[] = [];
        const points = [...new Set(sweep.runs.map((r) => r.pointIndex))].sort((a, b) => a - b);
        for (const pointIndex of points) {
          if (pointIndex === baselinePointIndex) continue;
          const run = finished.find((r) => r.pointIndex === pointIndex);
          if (!run) {
            skipped.push({ pointIndex, reason: `no finished run for repeat ${repeatIndex + 1}` });
            continue;
          }
          if (existing.some((p) => p.runA === baseline.runId && p.runB === run.runId)) {
            skipped.push({ pointIndex, reason: 'this pair already exists' });
            continue;
          }
          try {
            created.push(
              store.createPair({
                runA: baseline.runId,
                runB: run.runId,
                label: `${sweep.name}: ${pointLabel(run.point, baseline.point)}`,
              }),
            );
          } catch (error) {
            if (!(error instanceof StoreError) || error.code !== StoreErrorCodes.invalidInput) throw error;
            skipped.push({ pointIndex, reason: error.message });
          }
        }
        changed(
          created.map((p) => p.id),
          'created',
        );
        return { pairs: pairViews(store, created), skipped };
      }),

    'pairs.list': async () => {
      const store = ctx.store();
      return pairViews(store, store.listPairs().reverse());
    },

    'pairs.update': async ({ pairId, label, note }) =>
      guarded(() => {
        const store = ctx.store();
        const pair = requirePair(store, pairId);
        // The store has no update for pairs: replace the row (same id and creation time) in one transaction.
        // Nothing references a pair by id, so this is an update in all but name.
        store.db.transaction(() => {
          store.deletePair(pairId);
          store.createPair({ ...pair, label: label ?? pair.label, note: note ?? pair.note });
        })();
        changed([pairId], 'updated');
        return onePair(store, requirePair(store, pairId));
      }),

    'pairs.delete': async ({ pairId }) => {
      const store = ctx.store();
      if (!store.getPair(pairId)) return { deleted: false };
      store.deletePair(pairId);
      changed([pairId], 'deleted');
      return { deleted: true };
    },

    'pairs.export': async ({ pairId, dir }) =>
      guarded(async () => {
        const store = ctx.store();
        requirePair(store, pairId);
        const target = path.resolve(dir ?? path.join(path.dirname(ctx.databasePath), 'exports'));
        const { files } = await exportPair(store, pairId, target);
        return { dir: target, files };
      }),

    'pairs.audio': async ({ pairId, side, kind }) => {
      const store = ctx.store();
      const pair = requirePair(store, pairId);
      const runId = side === 'A' ? pair.runA : pair.runB;
      const audio = store.getAudio(runId, kind);
      if (!audio) throw bad(`run ${runId} has no ${kind} audio`);
      return encodeAudio(audio.samples, audio.sampleRate);
    },

    'listening.create': async ({ kind, name, listener, pairIds, trialsPerPair, seed }) =>
      guarded(() => {
        const store = ctx.store();
        const pairs: DesignPair[] = [];
        const warnings: string[] = [];
        for (const pairId of new Set(pairIds)) {
          const pair = requirePair(store, pairId);
          for (const runId of [pair.runA, pair.runB])
            if (!store.getAudio(runId, 'stream'))
              throw bad(
                `run ${runId} of pair "${pair.label || pair.id}" has no audio; only finished runs can be played`,
              );
          if (kind === 'mushra') {
            const ref = referenceHash(store, pair.runA);
            if (!ref) throw bad(`run ${pair.runA} has no offline reference for MUSHRA's hidden reference`);
            if (ref !== referenceHash(store, pair.runB))
              warnings.push(
                `pair "${pair.label || pair.id}": the two runs' offline references differ (different tokens); ` +
                  "the hidden reference and the anchor are run A's",
              );
          }
          pairs.push({ pairId: pair.id, runA: pair.runA, runB: pair.runB });
        }
        const chosenSeed = seed ?? crypto.randomInt(0, 2 ** 31 - 1);
        const { design, trials } = designSession({ kind, pairs, trialsPerPair, seed: chosenSeed, warnings });
        const session = store.createSession({ kind, name, listener, design, trials });
        return { sessionId: session.id, trials: session.trials.length, seed: chosenSeed };
      }),

    'listening.list': async () => {
      const store = ctx.store();
      return store
        .listSessions()
        .reverse()
        .map((item) => {
          const session = store.getSession(item.id) as ListeningSession;
          return {
            id: item.id,
            kind: item.kind,
            name: item.name,
            listener: item.listener,
            createdAt: item.createdAt,
            finishedAt: item.finishedAt,
            total: session.trials.length,
            answered: session.trials.filter((t) => trialComplete(session, t)).length,
            synthetic: sessionSynthetic(store, item.id),
          };
        });
    },

    'listening.session': async ({ sessionId }) => {
      const store = ctx.store();
      return blindSession(requireSession(store, sessionId), sessionSynthetic(store, sessionId));
    },

    'listening.audio': async ({ sessionId, trialIndex, key }) => {
      const store = ctx.store();
      const trial = requireSession(store, sessionId).trials[trialIndex];
      const stimulus = trial?.stimuli.find((s) => s.key === key);
      if (!trial || !stimulus?.runId) throw bad(`trial ${trialIndex} has no stimulus "${key}"`);
      if (stimulus.audioKind === 'anchor') {
        const reference = store.getAudio(stimulus.runId, 'reference');
        if (!reference) throw bad(`the reference of the anchor in trial ${trialIndex} is gone`);
        return encodeAudio(
          anchorOf(stimulus.runId, reference.samples, reference.sampleRate),
          reference.sampleRate,
        );
      }
      const audio = store.getAudio(stimulus.runId, stimulus.audioKind, stimulus.repeatIndex);
      if (!audio) throw bad(`the audio of "${key}" in trial ${trialIndex} is gone`);
      return encodeAudio(audio.samples, audio.sampleRate);
    },

    'listening.answer': async ({
      sessionId,
      trialIndex,
      stimulus,
      answer,
      score,
      comment,
      timeMs,
      replays,
      listeningMs,
    }) =>
      guarded(() => {
        const store = ctx.store();
        const session = requireSession(store, sessionId);
        const trial = session.trials[trialIndex];
        if (!trial) throw bad(`session ${sessionId} has no trial ${trialIndex}`);
        const keys = rateKeys(
          session.kind,
          trial.stimuli.map((s) => s.key),
        );
        if (!keys.includes(stimulus))
          throw bad(`in a ${session.kind} trial the answer is for ${keys.join(', ')}, not "${stimulus}"`);
        const presentation = (trial.presentation ?? {}) as Record<string, string>;
        let rating: { answer: string | null; score: number | null; correct: boolean | null };
        if (session.kind === 'abx') {
          if (answer !== 'A' && answer !== 'B') throw bad('an ABX answer is "A" or "B" (which one X is)');
          rating = { answer, score: null, correct: answer === presentation.X };
        } else if (session.kind === 'ab-cmos') {
          if (score === undefined || !Number.isInteger(score) || score < -3 || score > 3)
            throw bad('a CMOS score is a whole number from -3 (A much better) to +3 (B much better)');
          // Stored sign-corrected (positive = the pair's run B preferred); the raw vote stays in `answer`.
          const corrected = presentation.A === 'b' ? -score : score;
          rating = {
            answer: `${score > 0 ? '+' : ''}${score}`,
            score: corrected === 0 ? 0 : corrected,
            correct: null,
          };
        } else {
          if (score === undefined || !(score >= 0 && score <= 100)) throw bad('a MUSHRA score is 0..100');
          rating = { answer: null, score, correct: null };
        }
        store.addRating({
          sessionId,
          trialIndex,
          stimulus,
          ...rating,
          timeMs,
          replays,
          listeningMs,
          comment,
        });
        const after = requireSession(store, sessionId);
        const answered = after.trials.filter((t) => trialComplete(after, t)).length;
        return {
          trialComplete: trialComplete(after, after.trials[trialIndex] as (typeof after.trials)[number]),
          answered,
          total: after.trials.length,
          nextTrial: nextTrial(after),
        };
      }),

    'listening.finish': async ({ sessionId }) =>
      guarded(() => {
        ctx.store().finishSession(sessionId);
        return { finished: true };
      }),

    'listening.results': async ({ sessionId }) => {
      const store = ctx.store();
      const session = requireSession(store, sessionId);
      const pairIds = new Set(
        session.trials.map((t) => String((t.presentation as { pairId?: unknown })?.pairId)),
      );
      const pairs = store.listPairs().filter((p) => pairIds.has(p.id));
      return sessionResults(session, pairViews(store, pairs), sessionSynthetic(store, sessionId));
    },

    'listening.export': async ({ sessionId, format }) => {
      const store = ctx.store();
      const session = requireSession(store, sessionId);
      const synthetic = sessionSynthetic(store, sessionId);
      if (format === 'csv')
        return {
          fileName: exportFileName(session, 'csv'),
          mimeType: 'text/csv',
          content: listeningCsv(session, synthetic),
        };
      const pairIds = new Set(
        session.trials.map((t) => String((t.presentation as { pairId?: unknown })?.pairId)),
      );
      const pairs = pairViews(
        store,
        store.listPairs().filter((p) => pairIds.has(p.id)),
      );
      return {
        fileName: exportFileName(session, 'json'),
        mimeType: 'application/json',
        content: listeningJson(session, sessionResults(session, pairs, synthetic)),
      };
    },
  };
}
