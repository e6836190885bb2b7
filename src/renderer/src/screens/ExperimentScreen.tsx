import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import {
  RunConfigSchema,
  TextSourceSchema,
  type EngineStatus,
  type RunConfig,
} from '../../../contract/index.ts';
import type { ModelChoice } from '../../../contract/methods/library.ts';
import { EngineError } from '../components/EngineError.tsx';
import { FieldValidityProvider, NumberField, SelectField, useInvalidFields } from '../components/fields.tsx';
import { useEngine } from '../connection/EngineContext.tsx';
import { AxesForm, type FieldErrors } from '../experiment/ConfigForm.tsx';
import { EXPERIMENT_DRAFT_KEY, reviveExperimentDraft } from '../experiment/experiment-draft.ts';
import { friendlyFieldErrors } from '../experiment/friendly-errors.ts';
import { LiveRunPanel } from '../experiment/LiveRunPanel.tsx';
import { isDone } from '../experiment/live-run.ts';
import {
  applyPreset,
  defaultConfig,
  EXPERIMENT_PRESETS,
  matchingPreset,
  TEXT_PRESETS,
} from '../experiment/presets.ts';
import { ModelWarmthBadge } from '../experiment/ModelWarmthBadge.tsx';
import { useLiveRun } from '../experiment/useLiveRun.ts';
import { useTextBudget } from '../experiment/useTextBudget.ts';
import { VoiceDropZone, type DroppedAudio } from '../experiment/VoiceDropZone.tsx';
import { VoicePicker } from '../experiment/VoicePicker.tsx';
import { usePersistentState } from '../hooks/usePersistentState.ts';
import { seedSweepForm } from '../sweeps/SweepForm.tsx';
import { useKeyboardShortcuts } from '../hooks/keyboard.ts';

function fieldErrors(draft: RunConfig): FieldErrors {
  const parsed = RunConfigSchema.safeParse(draft);
  if (parsed.success) return {};
  return friendlyFieldErrors(parsed.error.issues);
}

/**
 * The Experiment screen: text, voice, model and every axis of a run, presets for the seed experiments, and the
 * run itself with live progress and streaming playback. The draft lives in localStorage, so neither an engine
 * error nor a reload loses it.
 */
export function ExperimentScreen() {
  const engine = useEngine();
  const [, navigate] = useLocation();
  const [draft, setDraft] = usePersistentState<RunConfig>(
    EXPERIMENT_DRAFT_KEY,
    defaultConfig(),
    reviveExperimentDraft,
  );
  const [save, setSave] = usePersistentState<boolean>('seamlab.experiment.save', true, (v) =>
    typeof v === 'boolean' ? v : undefined,
  );
  const [models, setModels] = useState<ModelChoice[] | null>(null);
  const [providers, setProviders] = useState<EngineStatus['providers'] | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const live = useLiveRun();
  // Whether the run in the panel is being saved (the checkbox may change while it runs).
  const [runSaved, setRunSaved] = useState(save);

  useEffect(() => {
    engine.call('models.list', {}).then(({ models }) => setModels(models), setLoadError);
    engine.call('engine.status', {}).then(({ providers }) => setProviders(providers), setLoadError);
  }, [engine]);

  const update = useCallback(
    (change: Partial<RunConfig>) => setDraft((d) => ({ ...d, ...change })),
    [setDraft],
  );
  const budget = useTextBudget(draft);
  const errors = useMemo(() => {
    const found = fieldErrors(draft);
    // The model's limit, as the engine counted it: a whole-mode text it cannot take is refused here, not mid-run.
    if (budget && !budget.fits && budget.message) found.text ??= budget.message;
    return found;
  }, [draft, budget]);
  // Number fields whose text is no valid value yet (the draft keeps their last valid value meanwhile).
  const [invalidFields, reportValidity] = useInvalidFields();
  const problems = Object.keys(errors).length + invalidFields;
  const preset = matchingPreset(draft);
  const running = live.run !== null && !isDone(live.run);
  const model = models?.find((m) => m.id === draft.model);

  // A run just started is shown at once, even where the form is taller than the window (see revealLive).
  const liveColumn = useRef<HTMLDivElement>(null);
  const liveRunId = live.run?.runId;
  useEffect(() => revealLive(liveColumn.current, liveRunId), [liveRunId]);

  const run = useCallback(() => {
    const parsed = RunConfigSchema.safeParse(draft);
    if (!parsed.success || running || problems > 0) return;
    setRunSaved(save);
    void live.start(parsed.data, save);
  }, [draft, running, live, save, problems]);

  // Keyboard: Ctrl/Cmd+Enter runs, Escape cancels.
  useKeyboardShortcuts((event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === 'Escape' && running) live.cancel();
  });

  // The voice picker's import, for an audio file dropped anywhere on the screen.
  const importDropped = useRef<DroppedAudio | null>(null);
  const onDroppedAudio = useCallback<DroppedAudio>(
    (fileName, bytes) => importDropped.current?.(fileName, bytes),
    [],
  );

  const provider = draft.runtime.providers[0] ?? 'cpu';
  const providerOptions = (providers ?? [{ name: 'cpu', works: true, inBuild: true }])
    .filter((p) => p.inBuild)
    .map((p) => ({ value: p.name, label: p.works ? p.name : `${p.name} (unavailable here)` }));

  return (
    <FieldValidityProvider value={reportValidity}>
      <VoiceDropZone onAudio={onDroppedAudio} testId="experiment-drop-zone">
        <div className="split experiment-layout" data-testid="experiment-screen">
          <section className="card stack">
            <div className="row">
              <h2 style={{ margin: 0 }}>Experiment</h2>
              <span className="spacer" />
              <button
                className="ghost small"
                onClick={() => {
                  seedSweepForm(draft);
                  navigate('/sweeps');
                }}
                title="Open the Sweeps screen with this text, voice, model, chunk size and seed"
                data-testid="sweep-from-here"
              >
                Sweep these…
              </button>
              <button
                className="ghost small"
                onClick={() => setDraft({ ...defaultConfig(), text: draft.text, voice: draft.voice })}
                title="Reset every axis to its default (keeps the text and voice)"
              >
                Reset axes
              </button>
            </div>
            <div className="row">
              <button
                className="primary"
                onClick={run}
                disabled={running || problems > 0}
                data-testid="run-button"
              >
                ▶ Run <kbd>Ctrl+Enter</kbd>
              </button>
              <ModelWarmthBadge model={draft.model} />
              <label className="row small" style={{ gap: 4 }}>
                <input
                  type="checkbox"
                  checked={save}
                  onChange={(e) => setSave(e.target.checked)}
                  data-testid="save-run"
                />
                save to the run library
              </label>
              {problems > 0 && (
                <span className="field-error" data-testid="form-invalid">
                  Fix {problems} field{problems > 1 ? 's' : ''} first
                </span>
              )}
            </div>
            <div>
              <h3>Presets</h3>
              <div className="presets">
                {EXPERIMENT_PRESETS.map((p) => (
                  <button
                    key={p.id}
                    className={preset === p.id ? 'active' : ''}
                    title={p.description}
                    data-testid={`preset-${p.id}`}
                    onClick={() => setDraft((d) => applyPreset(d, p.id))}
                  >
                    {p.label}
                  </button>
                ))}
              </div>
              {preset && (
                <p className="muted small" style={{ margin: '6px 0 0' }}>
                  {EXPERIMENT_PRESETS.find((p) => p.id === preset)?.description}
                </p>
              )}
            </div>
            <fieldset>
              <legend>Text</legend>
              <div className="presets" style={{ marginBottom: 6 }}>
                {TEXT_PRESETS.map((t) => (
                  <button
                    key={t.id}
                    className={`small ${draft.text === t.text ? 'active' : ''}`}
                    onClick={() => update({ text: t.text })}
                    data-testid={`text-${t.id}`}
                  >
                    {t.label}
                  </button>
                ))}
              </div>
              <textarea
                rows={4}
                value={draft.text}
                data-testid="text-input"
                aria-invalid={errors.text !== undefined}
                onChange={(event) => update({ text: event.target.value })}
              />
              <div className="row small muted">
                <span>
                  {draft.text.length} characters
                  {budget ? ` · ${budget.textTokens} of ${budget.maxTextTokens} text tokens` : ''}
                </span>
                {errors.text && (
                  <span className="field-error" data-testid="text-error">
                    {errors.text}
                  </span>
                )}
              </div>
              {budget && !budget.fits && (
                <div className="row small" data-testid="text-too-long">
                  <span>Long text: synthesise it piece by piece instead.</span>
                  {(['sentences', 'segments'] as const).map((mode) => (
                    <button
                      key={mode}
                      className="small"
                      data-testid={`switch-to-${mode}`}
                      onClick={() => update({ textSource: TextSourceSchema.parse({ mode }) })}
                    >
                      Switch to {mode}
                    </button>
                  ))}
                </div>
              )}
            </fieldset>
            <fieldset>
              <legend>Voice, model &amp; provider</legend>
              <div className="stack" style={{ gap: 8 }}>
                <VoicePicker
                  value={draft.voice}
                  onChange={(voice) => update({ voice })}
                  model={draft.model}
                  importer={importDropped}
                />
                <div className="form-grid">
                  <SelectField
                    wide
                    label="Model"
                    testId="model-select"
                    value={draft.model}
                    options={(
                      models ?? [
                        {
                          id: draft.model,
                          synthetic: false,
                          variant: null,
                          statefulDecoder: false,
                          present: true,
                        },
                      ]
                    ).map((m) => ({
                      value: m.id,
                      // The variant is said under the select: in the option it was cut off at 1024 px.
                      label: m.synthetic ? `${m.id} (synthetic)` : m.id,
                    }))}
                    onChange={(id) =>
                      update({ model: id, language: languageFor(models, id, draft.language) })
                    }
                  />
                  {model && model.languages.length > 0 && (
                    <SelectField
                      label="Language"
                      testId="language-select"
                      value={draft.language}
                      options={model.languages.map((code) => ({ value: code, label: code }))}
                      title="The text's language: the multilingual model's [xx] tag is put before the text."
                      onChange={(language) => update({ language })}
                    />
                  )}
                  <SelectField
                    label="Execution provider"
                    value={provider}
                    options={providerOptions.length ? providerOptions : [{ value: 'cpu', label: 'cpu' }]}
                    title="The provider the graphs should run on; cpu is kept as the fallback."
                    onChange={(name) =>
                      update({
                        runtime: { ...draft.runtime, providers: name === 'cpu' ? ['cpu'] : [name, 'cpu'] },
                      })
                    }
                  />
                  <NumberField
                    label="Threads"
                    unit="0 = auto"
                    integer
                    min={0}
                    max={256}
                    value={draft.runtime.intraOpThreads}
                    onChange={(intraOpThreads) => update({ runtime: { ...draft.runtime, intraOpThreads } })}
                  />
                </div>
                {model?.synthetic && (
                  <p className="note-box small" style={{ margin: 0 }} data-testid="synthetic-note">
                    <strong>Synthetic test model{model.variant ? ` (${model.variant})` : ''}.</strong> The
                    fixture is generated, not real speech: its sound quality and absolute speed mean nothing.
                    Use it to compare strategies with each other.
                  </p>
                )}
                {draft.boundary.kind === 'stateful' && model && !model.statefulDecoder && (
                  <p className="field-error" style={{ margin: 0 }}>
                    {model.id} has no cache-capable decoder: the engine will refuse the stateful boundary.
                    Choose fixture-stateful.
                  </p>
                )}
              </div>
            </fieldset>
            <AxesForm draft={draft} update={update} errors={errors} />
            {loadError && (
              <EngineError error={loadError} title="Could not load the model and provider lists." />
            )}
            {live.startError && (
              <EngineError
                error={live.startError}
                title="The engine refused to start the run."
                testId="start-error"
              />
            )}
          </section>
          <div className="stack live-column" ref={liveColumn}>
            {live.run ? (
              <LiveRunPanel run={live.run} player={live.player} saved={runSaved} onCancel={live.cancel} />
            ) : (
              <section className="card">
                <h2>Live run</h2>
                <p className="muted">
                  Press <strong>Run</strong> to synthesise with these settings. Audio plays from the first
                  chunk; the panel shows tokens, chunks, a per-worker timeline, the buffer lead and every
                  playback gap.
                </p>
              </section>
            )}
          </div>
        </div>
      </VoiceDropZone>
    </FieldValidityProvider>
  );
}

/**
 * Brings the live panel of a new run into view. In two columns it is already there (the column is sticky); in
 * one column it sits below the form, out of sight on a short window, and scrolls in.
 */
function revealLive(column: HTMLElement | null, runId: string | undefined): void {
  if (!column || !runId) return;
  const { top, bottom } = column.getBoundingClientRect();
  if (top < 0 || bottom > window.innerHeight) column.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

/**
 * The language to keep when switching to model `id`: the current one if the model speaks it, else English, else
 * the model's first. English-only models get 'en' (the engine refuses anything else for them).
 */
function languageFor(models: readonly ModelChoice[] | null | undefined, id: string, current: string): string {
  const languages = models?.find((m) => m.id === id)?.languages ?? [];
  if (languages.length === 0) return 'en';
  if (languages.includes(current)) return current;
  return languages.includes('en') ? 'en' : languages[0]!;
}
