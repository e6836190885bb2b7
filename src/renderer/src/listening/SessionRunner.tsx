import { useCallback, useEffect, useRef, useState } from 'react';
import { isTextEntry, useKeyboardShortcuts } from '../hooks/keyboard.ts';
import type { BlindSession } from '../../../contract/methods/listening.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { AbxAnswer, CmosAnswer, MushraSliders } from './AnswerPanels.tsx';
import { KIND_LABEL } from './kinds.ts';
import { StimulusButtons } from './StimulusButtons.tsx';
import { TransportBar } from './TransportBar.tsx';
import { useStimulusPlayer } from './useStimulusPlayer.ts';

type Load =
  { state: 'loading' } | { state: 'ready'; session: BlindSession } | { state: 'failed'; error: Error };

const INSTRUCTIONS: Record<BlindSession['kind'], string> = {
  abx: 'Listen to A, B and X as often as you like. X is either A or B: say which.',
  'ab-cmos': 'Compare B with A: which sounds better, and by how much?',
  mushra:
    'Rate every sample against the open reference (ref) from 0 (bad) to 100 (excellent). One of them is the reference itself, hidden.',
};

/**
 * A blind session, trial by trial. Each answer is sent to the engine the moment it is given and the trial
 * advances only once it is stored; a reload asks the engine where to resume (its first unanswered trial).
 */
export function SessionRunner({ sessionId, onFinished }: { sessionId: string; onFinished: () => void }) {
  const engine = useEngine();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [trialIndex, setTrialIndex] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [savedNote, setSavedNote] = useState('');
  const shownAt = useRef(performance.now());

  const refresh = useCallback(
    (moveTo?: 'next') =>
      engine.call('listening.session', { sessionId }).then(
        (session) => {
          setLoad({ state: 'ready', session });
          setTrialIndex((current) => (moveTo === 'next' || current === null ? session.nextTrial : current));
          return session;
        },
        (error: Error) => {
          setLoad({ state: 'failed', error });
          return null;
        },
      ),
    [engine, sessionId],
  );

  useEffect(() => {
    setTrialIndex(null);
    void refresh('next');
  }, [refresh]);

  const session = load.state === 'ready' ? load.session : null;
  const trial = session && trialIndex !== null ? session.trials[trialIndex] : undefined;
  const keys = trial?.keys ?? [];
  const player = useStimulusPlayer(`${sessionId}:${trialIndex ?? 'none'}`, keys, (key) =>
    engine.call('listening.audio', { sessionId, trialIndex: trialIndex as number, key }),
  );

  useEffect(() => {
    shownAt.current = performance.now();
    setSavedNote('');
  }, [trialIndex]);

  const finish = useCallback(async () => {
    setSaving(true);
    setSaveError(null);
    try {
      await engine.call('listening.finish', { sessionId });
      onFinished();
    } catch (error) {
      setSaveError(error as Error);
    } finally {
      setSaving(false);
    }
  }, [engine, sessionId, onFinished]);

  const submit = useCallback(
    async (stimulus: string, value: { answer?: string; score?: number }, advance: boolean) => {
      if (!session || trialIndex === null) return;
      setSaving(true);
      setSaveError(null);
      try {
        const { replays, listeningMs } = player.stats();
        const result = await engine.call('listening.answer', {
          sessionId,
          trialIndex,
          stimulus,
          ...value,
          timeMs: Math.round(performance.now() - shownAt.current),
          replays,
          listeningMs,
        });
        setSavedNote(`saved · ${result.answered} of ${result.total} trials answered`);
        if (advance && result.trialComplete) {
          player.setLoop(null);
          await refresh('next');
        } else await refresh();
      } catch (error) {
        setSaveError(error as Error);
      } finally {
        setSaving(false);
      }
    },
    [engine, player, refresh, session, sessionId, trialIndex],
  );

  // Keyboard: stimuli by their letters, answers by digits (see the hints on the buttons). A layout effect, so
  // the listener that sees the player ready is in place by the time the enabled buttons are painted; with a
  // plain effect a key pressed in between went to the previous listener, which still saw it loading.
  useKeyboardShortcuts((event) => {
    if (!session || !trial) return;
    if (isTextEntry(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    const lower = key.toLowerCase();
    if (key === ' ') {
      event.preventDefault();
      player.toggle();
      return;
    }
    if (lower === 'l') return player.setLoop(null);
    if (saving || player.state !== 'ready') return;
    if (session.kind === 'abx') {
      if (event.shiftKey && (lower === 'a' || lower === 'b'))
        return void submit('X', { answer: lower.toUpperCase() }, true);
      if (key === '1' || key === '2') return void submit('X', { answer: key === '1' ? 'A' : 'B' }, true);
      if (['a', 'b', 'x'].includes(lower)) return player.play(lower.toUpperCase());
    } else if (session.kind === 'ab-cmos') {
      if (/^[1-7]$/.test(key)) return void submit('B', { score: Number(key) - 4 }, true);
      if (lower === 'a' || lower === 'b') return player.play(lower.toUpperCase());
    } else {
      const rated = trial.rate;
      if (lower === 'r') return player.play('ref');
      if (/^[1-9]$/.test(key) && rated[Number(key) - 1]) return player.play(rated[Number(key) - 1] as string);
      if (key === 'Enter' && trial.answered) {
        player.setLoop(null);
        void refresh('next');
      }
    }
  });

  if (load.state === 'loading') return <p className="muted">Loading the session…</p>;
  if (load.state === 'failed')
    return (
      <EngineError
        error={load.error}
        title="Could not open the session."
        onRetry={() => void refresh('next')}
      />
    );
  const s = load.session;
  if (!trial)
    return (
      <section className="card stack" data-testid="session-complete">
        <h2>All {s.trials.length} trials answered</h2>
        <p className="muted" style={{ margin: 0 }}>
          Every answer is stored. Finishing the session unblinds it: the results show which run was which.
        </p>
        <div>
          <button
            className="primary"
            disabled={saving}
            onClick={() => void finish()}
            data-testid="finish-session"
          >
            Finish and show results
          </button>
        </div>
        {saveError && <EngineError error={saveError} title="Could not finish the session." />}
      </section>
    );

  const latest = trial.answers;
  return (
    <section className="card stack listening-trial" data-testid="listening-trial" data-trial={trial.index}>
      <div className="row">
        <h2 style={{ margin: 0 }}>{s.name}</h2>
        <span className="pill">{KIND_LABEL[s.kind]}</span>
        <SyntheticBadge synthetic={s.synthetic} />
        <span className="spacer" />
        <span className="muted num" data-testid="trial-counter">
          Trial {trial.index + 1} of {s.trials.length}
        </span>
      </div>
      <div className="meter" title={`${s.answered} of ${s.trials.length} answered`}>
        <div style={{ width: `${(s.answered / s.trials.length) * 100}%` }} />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {INSTRUCTIONS[s.kind]} Conditions are hidden; their order is randomised and recorded.
      </p>
      {player.state === 'failed' && player.error && (
        <EngineError error={player.error} title="Could not load this trial's audio." />
      )}
      {s.kind === 'mushra' ? (
        <StimulusButtons
          player={player}
          keys={['ref']}
          labels={{ ref: 'Reference' }}
          hotkeys={{ ref: 'R' }}
        />
      ) : (
        <StimulusButtons player={player} keys={keys} />
      )}
      <TransportBar player={player} />
      {s.kind === 'abx' && (
        <AbxAnswer
          disabled={saving || player.state !== 'ready'}
          previous={latest.X?.answer ?? null}
          onAnswer={(answer) => void submit('X', { answer }, true)}
        />
      )}
      {s.kind === 'ab-cmos' && (
        <CmosAnswer
          disabled={saving || player.state !== 'ready'}
          previous={latest.B?.score ?? null}
          onAnswer={(score) => void submit('B', { score }, true)}
        />
      )}
      {s.kind === 'mushra' && (
        <>
          <MushraSliders
            key={`${sessionId}:${trial.index}`}
            keys={trial.rate}
            saved={Object.fromEntries(trial.rate.map((k) => [k, latest[k]?.score ?? null]))}
            selected={player.selected}
            disabled={player.state !== 'ready'}
            onPlay={(key) => player.play(key)}
            onSave={(key, score) => void submit(key, { score }, false)}
          />
          <div className="row">
            <button
              className="primary"
              disabled={!trial.answered || saving}
              onClick={() => {
                player.setLoop(null);
                void refresh('next');
              }}
              data-testid="next-trial"
            >
              Next trial <kbd>Enter</kbd>
            </button>
            {!trial.answered && <span className="muted small">Rate every sample to go on.</span>}
          </div>
        </>
      )}
      <div className="row small">
        <span className="muted" data-testid="save-status">
          {saving ? 'saving…' : savedNote}
        </span>
        <span className="spacer" />
        <span className="muted">
          Keys:{' '}
          {s.kind === 'mushra'
            ? 'R, 1–4 play'
            : s.kind === 'abx'
              ? 'A, B, X play · 1/2 answer'
              : 'A, B play · 1–7 answer'}{' '}
          · Space play/pause · drag the bar to loop · L clears the loop
        </span>
      </div>
      {saveError && <EngineError error={saveError} title="The answer was not saved." />}
    </section>
  );
}
