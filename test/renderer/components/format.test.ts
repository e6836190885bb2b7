import { describe, expect, it } from 'vitest';
import { compactDateTime, count, dateTime } from '../../../src/renderer/src/components/format.ts';

describe('hand-built number and date formats (no Intl before the first paint)', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [10_000, '10,000'],
    [1_234_567, '1,234,567'],
    [-45_000, '-45,000'],
    [1234.5, '1,234.5'],
  ])('count(%d) = %s', (value, expected) => {
    expect(count(value)).toBe(expected);
  });

  it('dateTime is the local month, day and time to the second', () => {
    const iso = '2026-03-09T07:05:03.120Z';
    const d = new Date(iso);
    const two = (n: number) => String(n).padStart(2, '0');
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
      d.getMonth()
    ];
    expect(dateTime(iso)).toBe(
      `${month} ${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`,
    );
    expect(compactDateTime(iso).endsWith(dateTime(iso).slice(7))).toBe(true);
  });

  it('leaves an unreadable timestamp as it is', () => {
    expect(dateTime('not a date')).toBe('not a date');
    expect(compactDateTime('not a date')).toBe('not a date');
  });
});
