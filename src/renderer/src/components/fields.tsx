import { useEffect, useState, type ReactNode } from 'react';

/**
 * Number input that keeps what the user is typing ("0.", "-", "") as text and reports a number only when the text
 * is one; out-of-range values are shown as invalid rather than silently clamped.
 */
export function NumberField({
  label,
  value,
  onChange,
  unit,
  min,
  max,
  step,
  integer = false,
  title,
  testId,
  disabled,
}: {
  label: ReactNode;
  value: number;
  onChange: (value: number) => void;
  unit?: string;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  title?: string;
  testId?: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    // Follow outside changes (presets) unless the text already means this value.
    setText((current) => (Number(current) === value && current.trim() !== '' ? current : String(value)));
  }, [value]);
  const parsed = Number(text);
  const invalid =
    text.trim() === '' ||
    !Number.isFinite(parsed) ||
    (integer && !Number.isInteger(parsed)) ||
    (min !== undefined && parsed < min) ||
    (max !== undefined && parsed > max);
  return (
    <label className="field" title={title}>
      <span>
        {label} {unit && <span className="unit">({unit})</span>}
      </span>
      <input
        type="number"
        value={text}
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        aria-invalid={invalid}
        disabled={disabled}
        data-testid={testId}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && Number.isFinite(next)) onChange(next);
        }}
      />
      {invalid && (
        <span className="field-error">
          {integer ? 'a whole number' : 'a number'}
          {min !== undefined && max !== undefined ? ` from ${min} to ${max}` : ''}
        </span>
      )}
    </label>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  title,
  testId,
  wide = false,
}: {
  wide?: boolean;
  label: ReactNode;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  title?: string;
  testId?: string;
}) {
  return (
    <label className="field" title={title} style={wide ? { gridColumn: 'span 2' } : undefined}>
      <span>{label}</span>
      <select value={value} data-testid={testId} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  title,
  testId,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  title?: string;
  testId?: string;
}) {
  return (
    <label className="row" title={title} style={{ gap: 6, alignSelf: 'end', paddingBottom: 4 }}>
      <input
        type="checkbox"
        checked={checked}
        data-testid={testId}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span>{label}</span>
    </label>
  );
}
