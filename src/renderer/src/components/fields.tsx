import { createContext, useCallback, useContext, useEffect, useId, useState, type ReactNode } from 'react';

type ReportValidity = (fieldId: string, invalid: boolean) => void;

/**
 * Number fields report whether their text is a valid value, so a form can refuse to submit while one is not
 * (the field itself keeps the last valid value, never a clamped one). Without a provider nothing is reported.
 */
const FieldValidityContext = createContext<ReportValidity | null>(null);
export const FieldValidityProvider = FieldValidityContext.Provider;

/** How many number fields below the provider hold text that is no valid value, and the reporter to provide. */
export function useInvalidFields(): [number, ReportValidity] {
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(() => new Set());
  const report = useCallback<ReportValidity>(
    (fieldId, bad) =>
      setInvalid((previous) => {
        if (previous.has(fieldId) === bad) return previous;
        const next = new Set(previous);
        if (bad) next.add(fieldId);
        else next.delete(fieldId);
        return next;
      }),
    [],
  );
  return [invalid.size, report];
}

/** Reports a field's validity to the enclosing form while it is mounted. */
export function useReportValidity(invalid: boolean): void {
  const report = useContext(FieldValidityContext);
  const fieldId = useId();
  useEffect(() => {
    report?.(fieldId, invalid);
  }, [report, fieldId, invalid]);
  useEffect(() => () => report?.(fieldId, false), [report, fieldId]);
}

/** Whether `text` is a number the field accepts (empty text is handled by the caller). */
export function acceptsNumber(
  text: string,
  { min, max, integer = false }: { min?: number; max?: number; integer?: boolean },
): boolean {
  const parsed = Number(text);
  return (
    text.trim() !== '' &&
    Number.isFinite(parsed) &&
    (!integer || Number.isInteger(parsed)) &&
    (min === undefined || parsed >= min) &&
    (max === undefined || parsed <= max)
  );
}

/** The friendly rule shown under a number field whose text is no valid value. */
export function numberRule({
  min,
  max,
  integer = false,
}: {
  min?: number;
  max?: number;
  integer?: boolean;
}): string {
  const kind = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

/**
 * Number input that keeps what the user is typing ("", "1", "16") as text. It reports a number to the form only
 * when the text is a valid one (in range), never clamps, and shows its rule once the user leaves the field (blur),
 * so clearing "10" and typing "6" gives 6. While the text is invalid the form is told (FieldValidityProvider) and
 * keeps the last valid value.
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
  const [blurred, setBlurred] = useState(false);
  useEffect(() => {
    // Follow outside changes (presets) unless the text already means this value.
    setText((current) => (Number(current) === value && current.trim() !== '' ? current : String(value)));
  }, [value]);
  const invalid = !acceptsNumber(text, { min, max, integer });
  // Reported only while the text is not the form's value: an invalid value the form holds (an old stored draft)
  // is the form's own schema's to name, and counting it here too would count one field twice.
  const holdsFormValue = text.trim() !== '' && Number(text) === value;
  useReportValidity(invalid && !disabled && !holdsFormValue);
  const shown = invalid && blurred;
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
        aria-invalid={shown}
        disabled={disabled}
        data-testid={testId}
        onBlur={() => setBlurred(true)}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (acceptsNumber(next, { min, max, integer })) onChange(Number(next));
        }}
      />
      {shown && (
        <span className="field-error" data-testid={testId ? `${testId}-error` : undefined}>
          {numberRule({ min, max, integer })}
        </span>
      )}
    </label>
  );
}

/** Option labels longer than this do not fit one form-grid column (150 px at 13 px type), so the select takes two. */
const LONG_OPTION_CHARS = 16;

/**
 * A labelled select. One whose longest option would be cut off in one grid column ("none (naive conca") spans two,
 * and the chosen option is also its tooltip.
 */
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
  const spansTwo = wide || options.some((option) => option.label.length > LONG_OPTION_CHARS);
  const chosen = options.find((option) => option.value === value)?.label;
  return (
    <label className="field" title={title} style={spansTwo ? { gridColumn: 'span 2' } : undefined}>
      <span>{label}</span>
      <select
        value={value}
        title={chosen}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value as T)}
      >
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
