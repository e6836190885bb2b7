/** Number formatting with units: every number on screen says what it counts. */

export function fixed(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function seconds(value: number, digits = 3): string {
  return `${value.toFixed(digits)} s`;
}

/** mm:ss.mmm for positions in audio. */
export function clock(secondsValue: number): string {
  const s = Math.max(0, secondsValue);
  const minutes = Math.floor(s / 60);
  const rest = s - minutes * 60;
  return `${minutes}:${rest.toFixed(3).padStart(6, '0')}`;
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(0)} %`;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function dateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local "2026-12-06 03:22:47": to the second, in a fixed width that fits a table column. */
export function compactDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** The full timestamp for a tooltip: local date and time with milliseconds and zone, then the stored UTC ISO. */
export function fullDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const local = d.toLocaleString(undefined, {
    dateStyle: 'full',
    timeStyle: 'long',
  });
  return `${local} (${iso})`;
}
