import { useEffect, useState } from 'react';
import { SAMPLER_PRESETS, type RunConfig, type SamplerPreset } from '../../../contract/index.ts';
import { acceptsNumber, numberRule, SelectField, useReportValidity } from '../components/fields.tsx';

type Sampler = RunConfig['sampler'];

/**
 * A number that may be left empty: empty means "the default for this model's family", which the engine fills in
 * once the model is loaded (and lists in the run's provenance). Typing keeps the text as is until it is a number.
 */
export function DefaultableNumberField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  integer = false,
  testId,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  testId?: string;
}) {
  const shown = value === undefined ? '' : String(value);
  const [text, setText] = useState(shown);
  const [blurred, setBlurred] = useState(false);
  useEffect(() => {
    // Follow outside changes (presets, loaded configs) unless the text already means this value.
    setText((current) => (current.trim() === shown || Number(current) === value ? current : shown));
  }, [value, shown]);
  const invalid = text.trim() !== '' && !acceptsNumber(text, { min, max, integer });
  useReportValidity(invalid && Number(text) !== value); // as NumberField: a value the form holds is its schema's
  return (
    <label className="field" title="Leave empty for the model family's default">
      <span>{label}</span>
      <input
        type="number"
        value={text}
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        placeholder="default"
        aria-invalid={invalid && blurred}
        data-testid={testId}
        onBlur={() => setBlurred(true)}
        onChange={(event) => {
          // Only a valid value (or empty, the default) reaches the form; the rule shows once the field is left.
          const raw = event.target.value;
          setText(raw);
          if (raw.trim() === '') onChange(undefined);
          else if (acceptsNumber(raw, { min, max, integer })) onChange(Number(raw));
        }}
      />
      {invalid && blurred && (
        <span className="field-error">{numberRule({ min, max, integer })}, or empty for the default</span>
      )}
    </label>
  );
}

const GREEDY_OPTIONS = [
  { value: 'default', label: 'preset default' },
  { value: 'on', label: 'on (argmax)' },
  { value: 'off', label: 'off (sample)' },
] as const;

/**
 * The sampler part of the Experiment form: a preset ("upstream defaults" or "model card") whose values, for the
 * model's family, fill every setting left empty.
 */
export function SamplerFields({
  sampler,
  onChange,
}: {
  sampler: Sampler;
  onChange: (next: Sampler) => void;
}) {
  const set = (change: Partial<Sampler>) => onChange({ ...sampler, ...change });
  const preset = SAMPLER_PRESETS.find((p) => p.id === sampler.preset);
  return (
    <>
      <SelectField
        label="Sampler preset"
        testId="sampler-preset"
        value={sampler.preset}
        title={preset?.description}
        options={SAMPLER_PRESETS.map((p) => ({ value: p.id, label: p.label }))}
        onChange={(id: SamplerPreset) => set({ preset: id })}
      />
      <DefaultableNumberField
        label="Temperature"
        min={0}
        max={5}
        step={0.05}
        testId="sampler-temperature"
        value={sampler.temperature}
        onChange={(temperature) => set({ temperature })}
      />
      <DefaultableNumberField
        label="Top-k (0 = off)"
        integer
        min={0}
        max={100000}
        value={sampler.topK}
        onChange={(topK) => set({ topK })}
      />
      <DefaultableNumberField
        label="Top-p"
        min={0.001}
        max={1}
        step={0.01}
        value={sampler.topP}
        onChange={(topP) => set({ topP })}
      />
      <DefaultableNumberField
        label="Min-p"
        min={0}
        max={1}
        step={0.01}
        value={sampler.minP}
        onChange={(minP) => set({ minP })}
      />
      <DefaultableNumberField
        label="Repetition penalty"
        min={0.01}
        max={10}
        step={0.05}
        value={sampler.repetitionPenalty}
        onChange={(repetitionPenalty) => set({ repetitionPenalty })}
      />
      <DefaultableNumberField
        label="Guidance (CFG) weight"
        min={0}
        max={10}
        step={0.1}
        testId="sampler-cfg"
        value={sampler.cfgWeight}
        onChange={(cfgWeight) => set({ cfgWeight })}
      />
      <SelectField
        label="Greedy"
        testId="sampler-greedy"
        value={sampler.greedy === undefined ? 'default' : sampler.greedy ? 'on' : 'off'}
        options={GREEDY_OPTIONS}
        onChange={(choice) => set({ greedy: choice === 'default' ? undefined : choice === 'on' })}
      />
    </>
  );
}
