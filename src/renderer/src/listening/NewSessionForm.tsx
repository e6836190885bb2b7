import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { ListeningKindName } from '../../../contract/methods/listening.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { FieldValidityProvider, NumberField, useInvalidFields } from '../components/fields.tsx';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { usePersistentState } from '../hooks/usePersistentState.ts';
import { DEFAULT_TRIALS, KIND_LABEL } from './kinds.ts';

/** Pairs the Pairs screen asked to test ("Listen" on a pair): handed over once, through sessionStorage. */
export const PRESELECT_KEY = 'seamlab.listening.preselect';

function takePreselected(): string[] {
  try {
    const raw = sessionStorage.getItem(PRESELECT_KEY);
    sessionStorage.removeItem(PRESELECT_KEY);
    const ids = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(ids) ? ids.map(String) : [];
  } catch {
    return [];
  }
}

const KIND_HELP: Record<ListeningKindName, string> = {
  abx: 'Is the difference audible at all? X is randomly A or B; significance by an exact binomial test.',
  'ab-cmos': 'Which of two strategies sounds better, -3..+3; sides randomised and the sign corrected.',
  mushra:
    'Both runs rated 0..100 against the offline decode, with the hidden reference and a 3.5 kHz low-pass anchor.',
};

/** What the form keeps while you visit other screens (the pairs chosen come fresh from the Pairs screen). */
interface SessionDraft {
  kind: ListeningKindName;
  name: string;
  listener: string;
  trials: number;
}

const INITIAL_DRAFT: SessionDraft = { kind: 'abx', name: '', listener: '', trials: DEFAULT_TRIALS.abx };

function reviveDraft(stored: unknown): SessionDraft | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const draft = { ...INITIAL_DRAFT, ...(stored as Partial<SessionDraft>) };
  return draft.kind in KIND_LABEL && Number.isInteger(draft.trials) ? draft : undefined;
}

export function NewSessionForm() {
  const engine = useEngine();
  const [, navigate] = useLocation();
  const pairs = useEngineQuery('pairs.list', {});
  const [draft, setDraft] = usePersistentState('seamlab.listening.new-session', INITIAL_DRAFT, reviveDraft);
  const { kind, name, listener, trials } = draft;
  const set = (change: Partial<SessionDraft>) => setDraft((d) => ({ ...d, ...change }));
  const [invalidFields, reportValidity] = useInvalidFields();
  const [chosen, setChosen] = useState<string[]>(takePreselected);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await engine.call('listening.create', {
        kind,
        name: name.trim() || `${KIND_LABEL[kind]} ${new Date().toLocaleString()}`,
        listener: listener.trim() || undefined,
        pairIds: chosen,
        trialsPerPair: trials,
      });
      set({ name: '' }); // the next session gets its own name; kind, listener and trials carry over
      navigate(`/listening/${created.sessionId}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const list = pairs.data ?? [];
  return (
    <section className="card stack" data-testid="new-session">
      <h2 style={{ margin: 0 }}>New blind session</h2>
      <div className="kind-choice" role="radiogroup">
        {(Object.keys(KIND_LABEL) as ListeningKindName[]).map((k) => (
          <label key={k} className={`kind-option${kind === k ? ' active' : ''}`}>
            <input
              type="radio"
              name="kind"
              checked={kind === k}
              onChange={() => set({ kind: k, trials: DEFAULT_TRIALS[k] })}
              data-testid={`kind-${k}`}
            />
            <strong>{KIND_LABEL[k]}</strong>
            <span className="muted small">{KIND_HELP[k]}</span>
          </label>
        ))}
      </div>
      <div className="form-grid">
        <label className="field" style={{ gridColumn: 'span 2' }}>
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder="e.g. OLA 3 vs naive"
            data-testid="session-name"
          />
        </label>
        <label className="field">
          <span>Listener</span>
          <input
            value={listener}
            onChange={(e) => set({ listener: e.target.value })}
            placeholder="initials"
            data-testid="session-listener"
          />
        </label>
        <FieldValidityProvider value={reportValidity}>
          <NumberField
            label="Trials per pair"
            integer
            min={1}
            max={100}
            value={trials}
            onChange={(next) => set({ trials: next })}
            testId="session-trials"
          />
        </FieldValidityProvider>
      </div>
      <fieldset>
        <legend>Pairs ({chosen.length} chosen)</legend>
        {pairs.state === 'failed' && (
          <EngineError error={pairs.error} title="Could not list pairs." onRetry={pairs.reload} />
        )}
        {pairs.state !== 'failed' && list.length === 0 && (
          <p className="muted" style={{ margin: 0 }}>
            No pairs yet. Make one on the <Link href="/pairs">Pairs</Link> screen from two runs on the same
            text.
          </p>
        )}
        <ul className="plain pair-checklist">
          {list.map((p) => (
            <li key={p.id}>
              <label className="row">
                <input
                  type="checkbox"
                  checked={chosen.includes(p.id)}
                  onChange={(e) =>
                    setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((id) => id !== p.id)))
                  }
                  data-testid="choose-pair"
                />
                <span>{p.label || 'unlabelled pair'}</span>
                <SyntheticBadge synthetic={p.synthetic} compact />
                <span className="muted small">
                  {p.a.strategy} → {p.b.strategy}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {error && <EngineError error={error} title="Could not create the session." />}
      <div className="row">
        <button
          className="primary"
          disabled={busy || chosen.length === 0 || invalidFields > 0}
          onClick={() => void create()}
          data-testid="create-session"
        >
          Start {KIND_LABEL[kind]} · {chosen.length * trials} trials
        </button>
        <span className="muted small">Run names and settings stay hidden until the session is finished.</span>
      </div>
    </section>
  );
}
