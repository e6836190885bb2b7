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

const pad = (n: number) => String(n).padStart(2, '0');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Local "Dec 06 04:13:22". Built by hand, not with Intl: the first Intl call in a page initialises ICU, which
 * took 50-65 ms in headless Chromium here, all of it on the way to a screen's first paint.
 */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${MONTHS[d.getMonth()]} ${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** 10000 -> "10,000" (by hand for the same reason as dateTime: no ICU start-up before the first paint). */
export function count(value: number): string {
  const [whole, fraction] = String(Math.abs(value)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Local "2026-12-06 03:22:47": to the second, in a fixed width that fits a table column. */
export function compactDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/**
 * The full timestamp for a tooltip: local date and time with zone, then the stored UTC ISO. Uses Intl, so call it
 * when the tooltip is wanted (on hover), not while rendering a screen's first rows.
 */
export function fullDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const local = d.toLocaleString(undefined, {
    dateStyle: 'full',
    timeStyle: 'long',
  });
  return `${local} (${iso})`;
}
