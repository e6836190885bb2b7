import {
  BoundarySchema,
  CrossfadeShapeSchema,
  PipelineSchema,
  ScheduleSchema,
  TextSourceSchema,
  type BoundaryConfig,
  type PipelineConfig,
  type RunConfig,
  type ScheduleConfig,
  type TextSourceConfig,
} from '../../../contract/index.ts';
import { NumberField, SelectField } from '../components/fields.tsx';
import { DefaultableNumberField, SamplerFields } from './SamplerFields.tsx';

type Update = (change: Partial<RunConfig>) => void;

/** Field errors by dotted path (from RunConfigSchema, said in words by friendly-errors.ts), shown under their axis. */
export type FieldErrors = Record<string, string>;

function Errors({ errors, prefix }: { errors: FieldErrors; prefix: string }) {
  const mine = Object.entries(errors).filter(([path]) => path === prefix || path.startsWith(`${prefix}.`));
  if (!mine.length) return null;
  return (
    <div className="field-error" data-testid={`errors-${prefix}`}>
      {mine.map(([path, message]) => (
        <div key={path}>{message}</div>
      ))}
    </div>
  );
}

export function TextSourceFields({
  value,
  onChange,
}: {
  value: TextSourceConfig;
  onChange: (v: TextSourceConfig) => void;
}) {
  return (
    <>
      <SelectField
        label="Text source"
        testId="text-source-mode"
        value={value.mode}
        title="How text reaches synthesis: all at once, per sentence, in length-bounded segments, or streamed from an LLM."
        options={[
          { value: 'whole', label: 'whole text' },
          { value: 'sentences', label: 'sentences' },
          { value: 'segments', label: 'segments (min/max chars)' },
          { value: 'llm-stream', label: 'live LLM stream (replay)' },
        ]}
        onChange={(mode) => onChange(TextSourceSchema.parse({ mode }))}
      />
      {value.mode === 'sentences' && (
        <NumberField
          label="Merge fragments under"
          unit="chars"
          integer
          min={0}
          max={1000}
          value={value.minChars}
          onChange={(minChars) => onChange({ ...value, minChars })}
        />
      )}
      {value.mode === 'segments' && (
        <>
          <NumberField
            label="Min segment"
            unit="chars"
            integer
            min={1}
            max={2000}
            value={value.minChars}
            onChange={(minChars) => onChange({ ...value, minChars })}
          />
          <NumberField
            label="Max segment"
            unit="chars"
            integer
            min={1}
            max={4000}
            value={value.maxChars}
            onChange={(maxChars) => onChange({ ...value, maxChars })}
          />
        </>
      )}
      {value.mode === 'llm-stream' && (
        <>
          <NumberField
            label="Text rate"
            unit="tokens/s"
            min={0.1}
            max={10000}
            value={value.tokensPerSecond}
            onChange={(tokensPerSecond) => onChange({ ...value, tokensPerSecond })}
            testId="llm-rate"
          />
          <NumberField
            label="Jitter"
            unit="ms"
            min={0}
            max={10000}
            value={value.jitterMs}
            onChange={(jitterMs) => onChange({ ...value, jitterMs })}
          />
          <NumberField
            label="First-token delay"
            unit="ms"
            min={0}
            max={60000}
            value={value.firstTokenDelayMs}
            onChange={(firstTokenDelayMs) => onChange({ ...value, firstTokenDelayMs })}
          />
          <NumberField
            label="Segment threshold"
            unit="chars"
            integer
            min={1}
            max={2000}
            value={value.thresholdChars}
            onChange={(thresholdChars) => onChange({ ...value, thresholdChars })}
          />
          <label
            className="field"
            title="A recorded stream ([{t, text}] JSON) on the engine's machine; empty = synthesise one from the text."
          >
            <span>
              Recorded stream <span className="unit">(path, optional)</span>
            </span>
            <input
              value={value.recordingPath ?? ''}
              placeholder="synthetic from text"
              onChange={(event) => {
                const path = event.target.value.trim();
                const { recordingPath: _drop, ...rest } = value;
                onChange(path ? { ...rest, recordingPath: path } : rest);
              }}
            />
          </label>
        </>
      )}
    </>
  );
}

function ScheduleFields({
  value,
  onChange,
}: {
  value: ScheduleConfig;
  onChange: (v: ScheduleConfig) => void;
}) {
  return (
    <>
      <SelectField
        label="Chunk schedule"
        testId="schedule-kind"
        value={value.kind}
        title="Speech tokens per decoded chunk (25 tokens = 1 s of audio)."
        options={[
          { value: 'fixed', label: 'fixed N' },
          { value: 'first-then-fixed', label: 'small first, then N' },
          { value: 'growing', label: 'growing (25, 50, 100…)' },
        ]}
        onChange={(kind) => onChange(ScheduleSchema.parse({ kind }))}
      />
      {value.kind !== 'growing' && (
        <NumberField
          label="Tokens per chunk"
          unit="tokens"
          integer
          min={1}
          max={4096}
          value={value.tokens}
          testId="schedule-tokens"
          onChange={(tokens) => onChange({ ...value, tokens })}
        />
      )}
      {value.kind === 'first-then-fixed' && (
        <NumberField
          label="First chunk"
          unit="tokens"
          integer
          min={1}
          max={4096}
          value={value.first}
          onChange={(first) => onChange({ ...value, first })}
        />
      )}
      {value.kind === 'growing' && (
        <label className="field">
          <span>
            Sizes <span className="unit">(tokens, comma-separated)</span>
          </span>
          <input
            defaultValue={value.sizes.join(', ')}
            onChange={(event) => {
              const sizes = event.target.value
                .split(/[,\s]+/)
                .filter(Boolean)
                .map(Number);
              if (sizes.length && sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 4096))
                onChange({ ...value, sizes });
            }}
          />
        </label>
      )}
    </>
  );
}

function BoundaryFields({
  value,
  onChange,
}: {
  value: BoundaryConfig;
  onChange: (v: BoundaryConfig) => void;
}) {
  return (
    <>
      <SelectField
        label="Boundary treatment"
        testId="boundary-kind"
        value={value.kind}
        options={[
          { value: 'none', label: 'none (naive concat)' },
          { value: 'overlap-add', label: 'overlap-add + crossfade' },
          { value: 'context', label: 'context re-decode' },
          { value: 'stateful', label: 'stateful decoder' },
        ]}
        onChange={(kind) => onChange(BoundarySchema.parse({ kind }))}
      />
      {value.kind === 'overlap-add' && (
        <>
          <NumberField
            label="Overlap"
            unit="tokens"
            integer
            min={0}
            max={8}
            value={value.overlapTokens}
            testId="overlap-tokens"
            onChange={(overlapTokens) => onChange({ ...value, overlapTokens })}
          />
          <NumberField
            label="Crossfade"
            unit="ms"
            min={0}
            max={320}
            value={value.crossfadeMs}
            title="At most the overlap (overlap tokens × 40 ms)."
            onChange={(crossfadeMs) => onChange({ ...value, crossfadeMs })}
          />
          <SelectField
            label="Shape"
            value={value.shape}
            options={CrossfadeShapeSchema.options.map((s) => ({ value: s, label: s }))}
            onChange={(shape) => onChange({ ...value, shape })}
          />
        </>
      )}
      {value.kind === 'context' && (
        <>
          <NumberField
            label="Context K"
            unit="tokens"
            integer
            min={0}
            max={4096}
            value={value.contextTokens}
            onChange={(contextTokens) => onChange({ ...value, contextTokens })}
          />
          <NumberField
            label="Look-ahead hold-back"
            unit="tokens"
            integer
            min={0}
            max={3}
            value={value.lookaheadTokens}
            onChange={(lookaheadTokens) => onChange({ ...value, lookaheadTokens })}
          />
          <NumberField
            label="Fade-in"
            unit="ms"
            min={0}
            max={200}
            value={value.fadeMs}
            onChange={(fadeMs) => onChange({ ...value, fadeMs })}
          />
        </>
      )}
      {value.kind === 'stateful' && (
        <p className="muted small" style={{ gridColumn: '1 / -1', margin: 0 }}>
          Needs a cache-capable decoder (the synthetic <span className="mono">fixture-stateful</span>, or a
          streaming re-export).
        </p>
      )}
    </>
  );
}

function PipelineFields({
  value,
  onChange,
}: {
  value: PipelineConfig;
  onChange: (v: PipelineConfig) => void;
}) {
  return (
    <>
      <SelectField
        label="Pipeline"
        testId="pipeline-kind"
        value={value.kind}
        title="Sequential: one thread stops generating to decode. Parallel: generation and decoding in separate workers joined by a bounded queue."
        options={[
          { value: 'sequential', label: 'sequential' },
          { value: 'parallel', label: 'parallel (workers + queue)' },
        ]}
        onChange={(kind) => onChange(PipelineSchema.parse({ kind }))}
      />
      {value.kind === 'parallel' && (
        <NumberField
          label="Queue depth"
          unit="chunks"
          integer
          min={1}
          max={64}
          value={value.queueDepth}
          onChange={(queueDepth) => onChange({ ...value, queueDepth })}
        />
      )}
    </>
  );
}

/** Every axis of RunConfigSchema except text, voice and model (those sit above with their pickers). */
export function AxesForm({
  draft,
  update,
  errors,
}: {
  draft: RunConfig;
  update: Update;
  errors: FieldErrors;
}) {
  const sampler = draft.sampler;
  return (
    <div className="stack">
      <fieldset>
        <legend>Text source &amp; schedule</legend>
        <div className="form-grid">
          <TextSourceFields value={draft.textSource} onChange={(textSource) => update({ textSource })} />
          <ScheduleFields value={draft.schedule} onChange={(schedule) => update({ schedule })} />
        </div>
        <Errors errors={errors} prefix="textSource" />
        <Errors errors={errors} prefix="schedule" />
      </fieldset>
      <fieldset>
        <legend>Boundary &amp; pipeline</legend>
        <div className="form-grid">
          <BoundaryFields value={draft.boundary} onChange={(boundary) => update({ boundary })} />
          <PipelineFields value={draft.pipeline} onChange={(pipeline) => update({ pipeline })} />
        </div>
        <Errors errors={errors} prefix="boundary" />
        <Errors errors={errors} prefix="pipeline" />
      </fieldset>
      <fieldset>
        <legend>Playback</legend>
        <div className="form-grid">
          <SelectField
            label="Mode"
            testId="playback-mode"
            value={draft.playback.mode}
            options={[
              { value: 'realtime', label: 'real time from first chunk' },
              { value: 'gather-then-play', label: 'gather everything, then play' },
            ]}
            onChange={(mode) => update({ playback: { ...draft.playback, mode } })}
          />
          <NumberField
            label="Jitter buffer"
            unit="ms"
            min={0}
            max={60000}
            testId="jitter-buffer"
            value={draft.playback.jitterBufferMs}
            title="Audio that must be buffered before playback starts: trades first-audio time against gaps."
            onChange={(jitterBufferMs) => update({ playback: { ...draft.playback, jitterBufferMs } })}
          />
        </div>
        <Errors errors={errors} prefix="playback" />
      </fieldset>
      <fieldset>
        <legend>Sampler &amp; model knobs</legend>
        <div className="form-grid">
          <SamplerFields sampler={sampler} onChange={(next) => update({ sampler: next })} />
          <NumberField
            label="Seed"
            integer
            min={0}
            max={2 ** 31 - 1}
            value={draft.seed}
            testId="seed"
            onChange={(seed) => update({ seed })}
          />
          <DefaultableNumberField
            label="Exaggeration"
            min={0}
            max={2}
            step={0.05}
            value={draft.exaggeration}
            onChange={(exaggeration) => update({ exaggeration })}
          />
          <DefaultableNumberField
            label="Max new tokens"
            integer
            min={1}
            max={4096}
            value={draft.maxNewTokens}
            onChange={(maxNewTokens) => update({ maxNewTokens })}
          />
          <NumberField
            label="Noise-floor repeats"
            integer
            min={0}
            max={10}
            value={draft.noiseFloorRepeats}
            title="Repeat the offline decode this many times to measure the noise floor of decoders with internal noise."
            onChange={(noiseFloorRepeats) => update({ noiseFloorRepeats })}
          />
        </div>
        {['sampler', 'seed', 'exaggeration', 'maxNewTokens', 'noiseFloorRepeats'].map((prefix) => (
          <Errors key={prefix} errors={errors} prefix={prefix} />
        ))}
      </fieldset>
    </div>
  );
}
