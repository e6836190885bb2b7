import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { ContractError, type ResultOf, type RunConfig } from '../../../contract/index.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { FieldValidityProvider, NumberField, useInvalidFields } from '../components/fields.tsx';
import { readExperimentDraft } from '../experiment/experiment-draft.ts';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { usePersistentState } from '../hooks/usePersistentState.ts';

/** Knobs offered in the form (the engine accepts these and every config path; it validates every point). */
export const FORM_KNOBS: { name: string; label: string; example: string }[] = [
  { name: 'overlap', label: 'overlap tokens (overlap-add)', example: '0..6' },
  { name: 'crossfade-ms', label: 'crossfade ms (overlap-add)', example: '10,20,40' },
  { name: 'shape', label: 'crossfade shape', example: 'linear,equal-power,hann,hamming' },
  { name: 'chunk-tokens', label: 'tokens per chunk', example: '5..25:5' },
  { name: 'first-chunk', label: 'first chunk tokens', example: '4,8,12' },
  { name: 'context-tokens', label: 'context tokens K (context)', example: '0..40:10' },
  { name: 'lookahead', label: 'look-ahead tokens (context)', example: '0..3' },
  { name: 'fade-ms', label: 'fade ms (context)', example: '0,10,20' },
  { name: 'queue-depth', label: 'queue depth (parallel)', example: '1..4' },
  { name: 'jitter-ms', label: 'jitter buffer ms', example: '0..400:100' },
  { name: 'temperature', label: 'sampler temperature', example: '0..1:0.25' },
  { name: 'top-p', label: 'top-p', example: '0.8..1:0.1' },
  { name: 'cfg-weight', label: 'guidance weight', example: '0..1:0.5' },
  { name: 'seed', label: 'seed', example: '1..5' },
  { name: 'boundary', label: 'boundary treatment', example: 'none,overlap-add,context' },
  { name: 'pipeline', label: 'pipeline', example: 'sequential,parallel' },
  { name: 'schedule', label: 'chunk schedule', example: 'fixed,first-then-fixed,growing' },
  { name: 'text-source', label: 'text source', example: 'whole,sentences,segments' },
  { name: 'model', label: 'model', example: 'fixture,fixture-stateful' },
];

export interface FormState {
  name: string;
  model: string;
  voice: string;
  language: string;
  text: string;
  boundary: string;
  pipeline: string;
  chunkTokens: number;
  seed: number;
  knob1: string;
  values1: string;
  knob2: string;
  values2: string;
  repeats: number;
  varySeed: boolean;
}

const INITIAL: FormState = {
  name: '',
  model: 'fixture',
  voice: 'default',
  language: 'en',
  text: 'Hello my big long beautiful world.',
  boundary: '',
  pipeline: '',
  chunkTokens: 10,
  seed: 1,
  knob1: 'overlap',
  values1: '0..4',
  knob2: '',
  values2: '',
  repeats: 1,
  varySeed: false,
};

/** Where the form keeps what was typed while you visit other screens. */
export const SWEEP_FORM_KEY = 'seamlab.sweeps.form';

const revive = (stored: unknown): FormState | undefined =>
  stored && typeof stored === 'object' ? { ...INITIAL, ...(stored as Partial<FormState>) } : undefined;

/**
 * The sweep's base taken from an Experiment screen configuration: its text, voice, model, language, chunk size and
 * seed. Its boundary and pipeline are kept unless they are the defaults (none, sequential): left empty, they follow
 * the swept knob, so sweeping overlap from a naive experiment still gives overlap-add points.
 */
export function seedFromExperiment(config: RunConfig): Partial<FormState> {
  return {
    text: config.text,
    voice: config.voice,
    model: config.model,
    language: config.language,
    chunkTokens: config.schedule.kind === 'growing' ? INITIAL.chunkTokens : config.schedule.tokens,
    seed: config.seed,
    boundary: config.boundary.kind === 'none' ? '' : config.boundary.kind,
    pipeline: config.pipeline.kind === 'sequential' ? '' : config.pipeline.kind,
  };
}

/** Puts the Experiment screen's settings into the sweep form's draft, so the Sweeps screen opens with them. */
export function seedSweepForm(config: RunConfig): void {
  try {
    const stored = revive(JSON.parse(localStorage.getItem(SWEEP_FORM_KEY) ?? 'null')) ?? INITIAL;
    localStorage.setItem(SWEEP_FORM_KEY, JSON.stringify({ ...stored, ...seedFromExperiment(config) }));
  } catch {
    // Storage disabled: the form opens with what it has.
  }
}

export function definitionOf(form: FormState) {
  const base: Record<string, unknown> = {
    model: form.model.trim() || 'fixture',
    voice: form.voice || 'default',
    text: form.text,
    seed: form.seed,
    schedule: { tokens: form.chunkTokens },
  };
  // Left empty, a kind follows the swept knob (overlap -> overlap-add, queue-depth -> parallel), else the default.
  if (form.language && form.language !== 'en') base.language = form.language;
  if (form.boundary) base.boundary = { kind: form.boundary };
  if (form.pipeline) base.pipeline = { kind: form.pipeline };
  const params = [`${form.knob1}=${form.values1.trim()}`];
  if (form.knob2 && form.values2.trim()) params.push(`${form.knob2}=${form.values2.trim()}`);
  return { base, params, repeats: form.repeats, varySeed: form.varySeed };
}

type Plan =
  | { state: 'idle' }
  | { state: 'ok'; plan: ResultOf<'sweeps.plan'> }
  | { state: 'invalid'; problems: string[] };

function KnobFields({
  index,
  knob,
  values,
  optional,
  onChange,
}: {
  index: number;
  knob: string;
  values: string;
  optional: boolean;
  onChange: (knob: string, values: string) => void;
}) {
  const known = FORM_KNOBS.find((k) => k.name === knob);
  const example = known?.example ?? '';
  return (
    <div className="knob-fields">
      <label className="field">
        <span>Knob {index}</span>
        <select
          value={knob}
          onChange={(e) =>
            onChange(
              e.target.value,
              e.target.value ? (FORM_KNOBS.find((k) => k.name === e.target.value)?.example ?? '') : '',
            )
          }
          data-testid={`knob${index}`}
        >
          {optional && <option value="">(none)</option>}
          {FORM_KNOBS.map((k) => (
            <option key={k.name} value={k.name} title={k.label}>
              {k.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Values</span>
        <input
          value={values}
          disabled={!knob}
          placeholder={example}
          onChange={(e) => onChange(knob, e.target.value)}
          className="mono"
          data-testid={`values${index}`}
        />
      </label>
      {known && <span className="muted small knob-help">{known.label}</span>}
    </div>
  );
}

/** Define one or two knobs over ranges (the CLI's grammar), check the grid, start it. */
export function SweepForm() {
  const engine = useEngine();
  const [, navigate] = useLocation();
  // A first visit starts from the Experiment screen's settings; after that the form keeps what was typed.
  const firstForm = useMemo(() => ({ ...INITIAL, ...seedFromExperiment(readExperimentDraft()) }), []);
  const [form, setForm] = usePersistentState<FormState>(SWEEP_FORM_KEY, firstForm, revive);
  const [invalidFields, reportValidity] = useInvalidFields();
  const voices = useEngineQuery('voices.list', {});
  const [plan, setPlan] = useState<Plan>({ state: 'idle' });
  const [error, setError] = useState<Error | null>(null);
  const [starting, setStarting] = useState(false);
  const status = useEngineQuery('engine.status', {});
  const definition = useMemo(() => definitionOf(form), [form]);
  const key = JSON.stringify(definition);
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      engine.call('sweeps.plan', JSON.parse(key) as ReturnType<typeof definitionOf>).then(
        (result) => live && setPlan({ state: 'ok', plan: result }),
        (e: Error) => {
          if (!live) return;
          const problems =
            e instanceof ContractError && e.details && typeof e.details === 'object'
              ? (e.details as { problems?: string[] }).problems
              : undefined;
          setPlan({ state: 'invalid', problems: problems ?? [e.message] });
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, key]);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const { sweepId } = await engine.call('sweeps.start', {
        ...definition,
        name: form.name.trim() || undefined,
      });
      navigate(`/sweeps/${sweepId}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setStarting(false);
    }
  };

  const models = status.data?.models ?? [];
  const voiceList = voices.data?.voices ?? [];
  return (
    <FieldValidityProvider value={reportValidity}>
      <section className="card stack" data-testid="sweep-form">
        <div className="row">
          <h2 style={{ margin: 0 }}>New sweep</h2>
          <span className="spacer" />
          <button
            className="small"
            title="Text, voice, model, language, chunk size, seed, boundary and pipeline from the Experiment screen"
            onClick={() => set(seedFromExperiment(readExperimentDraft()))}
            data-testid="sweep-from-experiment"
          >
            Use the Experiment settings
          </button>
        </div>
        <label className="field">
          <span>Text</span>
          <textarea
            rows={2}
            value={form.text}
            onChange={(e) => set({ text: e.target.value })}
            data-testid="sweep-text"
          />
        </label>
        <div className="form-grid">
          {/* Two columns: model ids with "(synthetic)" are longer than one column shows. */}
          <label className="field" style={{ gridColumn: 'span 2' }}>
            <span>Model</span>
            <select
              value={form.model}
              onChange={(e) => set({ model: e.target.value })}
              data-testid="sweep-model"
            >
              {!models.some((m) => m.id === form.model) && <option value={form.model}>{form.model}</option>}
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id}
                  {m.synthetic ? ' (synthetic)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Voice</span>
            <select
              value={form.voice}
              onChange={(e) => set({ voice: e.target.value })}
              data-testid="sweep-voice"
            >
              {!voiceList.some((v) => v.name === form.voice) && (
                <option value={form.voice}>{form.voice}</option>
              )}
              {voiceList.map((v) => (
                <option key={v.path} value={v.name}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Boundary</span>
            <select
              value={form.boundary}
              onChange={(e) => set({ boundary: e.target.value })}
              data-testid="sweep-boundary"
            >
              <option value="">follows the knob</option>
              <option value="none">none (naive)</option>
              <option value="overlap-add">overlap-add</option>
              <option value="context">context re-decode</option>
              <option value="stateful">stateful</option>
            </select>
          </label>
          <label className="field">
            <span>Pipeline</span>
            <select value={form.pipeline} onChange={(e) => set({ pipeline: e.target.value })}>
              <option value="" title="sequential unless the knob needs parallel">
                follows the knob
              </option>
              <option value="sequential">sequential</option>
              <option value="parallel">parallel</option>
            </select>
          </label>
          <NumberField
            label="Tokens per chunk"
            integer
            min={1}
            max={4096}
            value={form.chunkTokens}
            testId="sweep-chunk-tokens"
            onChange={(chunkTokens) => set({ chunkTokens })}
          />
          <NumberField
            label="Seed"
            integer
            min={0}
            max={2 ** 31 - 1}
            value={form.seed}
            testId="sweep-seed"
            onChange={(seed) => set({ seed })}
          />
        </div>
        <div className="knob-grid">
          <KnobFields
            index={1}
            knob={form.knob1}
            values={form.values1}
            optional={false}
            onChange={(knob1, values1) => set({ knob1, values1 })}
          />
          <KnobFields
            index={2}
            knob={form.knob2}
            values={form.values2}
            optional
            onChange={(knob2, values2) => set({ knob2, values2 })}
          />
        </div>
        <div className="form-grid">
          <NumberField
            label="Repeats per point"
            integer
            min={1}
            max={100}
            value={form.repeats}
            testId="sweep-repeats"
            onChange={(repeats) => set({ repeats })}
          />
          <label
            className="checkbox-field"
            title="Repeat r runs with seed + r: spread from sampling, not only from timing"
          >
            <input
              type="checkbox"
              checked={form.varySeed}
              onChange={(e) => set({ varySeed: e.target.checked })}
              data-testid="sweep-vary-seed"
            />
            <span>repeats vary the seed</span>
          </label>
          <label className="field">
            <span>Name</span>
            <input
              value={form.name}
              placeholder="made from the knobs"
              onChange={(e) => set({ name: e.target.value })}
            />
          </label>
        </div>
        <p className="muted small" style={{ margin: 0 }}>
          Values: <code>0..6</code> (inclusive), <code>0..1:0.25</code> (step), <code>10,20,40</code> (list),
          or names such as <code>linear,hann</code>. Every grid point is checked before anything runs.
        </p>
        <div className="sweep-plan" data-testid="sweep-plan">
          {plan.state === 'ok' && (
            <>
              <strong>{plan.plan.title}</strong>: {plan.plan.points.length} point
              {plan.plan.points.length === 1 ? '' : 's'} × {form.repeats} ={' '}
              <strong data-testid="sweep-total">{plan.plan.total}</strong> runs, one after another.
              {plan.plan.notes.map((n) => (
                <div key={n} className="muted small">
                  {n}
                </div>
              ))}
            </>
          )}
          {plan.state === 'invalid' && (
            <div className="error-box small" data-testid="sweep-problems">
              <strong>This grid cannot run:</strong>
              <ul>
                {plan.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
        {error && <EngineError error={error} title="The sweep did not start." />}
        <div>
          <button
            className="primary"
            disabled={plan.state !== 'ok' || starting || invalidFields > 0}
            onClick={() => void start()}
            data-testid="start-sweep"
          >
            {plan.state === 'ok'
              ? `Run ${plan.plan.total} run${plan.plan.total === 1 ? '' : 's'}`
              : 'Run sweep'}
          </button>
        </div>
      </section>
    </FieldValidityProvider>
  );
}
