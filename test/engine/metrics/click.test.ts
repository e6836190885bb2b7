import { describe, expect, it } from 'vitest';
import { AUDIBLE_CLICK_SCORE, clickScore } from '../../../src/engine/metrics/index.ts';
import { concat, SR, tone, voice } from './signals.ts';

describe('clickScore', () => {
  it.each([
    [100, 12_000],
    [200, 12_345],
    [440, 5_000],
    [1_000, 18_001],
    [3_000, 9_999],
  ])('a continuous %d Hz sine scores well below 5 at sample %d', (frequency, boundary) => {
    const score = clickScore(tone(frequency, SR), boundary, SR);
    // A sine's largest step is sqrt(2) times the std of its steps.
    expect(score).toBeGreaterThan(1.3);
    expect(score).toBeLessThan(1.6);
  });

  it('a continuous voiced signal with a pitch glide scores below 5 everywhere', () => {
    const audio = voice((i) => 110 + 60 * (i / SR), SR);
    for (let b = 1_500; b < SR - 1_500; b += 997)
      expect(clickScore(audio, b, SR)).toBeLessThan(AUDIBLE_CLICK_SCORE);
  });

  // At 200 Hz, amplitude 0.5, the sine's steps have std 0.5 * 2 sin(pi 200 / 24000) / sqrt(2) = 0.0185, so a
  // jump of h scores about h / 0.0185.
  it.each([
    ['a quarter-period phase jump at a zero crossing (h = 0.5)', tone(200, 12_000), 0, Math.PI / 2, 24, 32],
    [
      'a half-period phase jump at a crest (h = 1.0)',
      tone(200, 12_000, 0.5, Math.PI / 2),
      0,
      (3 * Math.PI) / 2,
      50,
      58,
    ],
    ['a DC step of 0.25', tone(200, 12_000), 0.25, 0, 12, 16],
    ['a jump from a crest to silence (h = 0.5)', tone(200, 12_000, 0.5, Math.PI / 2), -1, 0, 24, 45],
  ])('%s scores well above 5', (_name, before, offset, phase, low, high) => {
    const after =
      offset === -1 ? new Float32Array(12_000) : tone(200, 12_000, 0.5, phase).map((x) => x + offset);
    const score = clickScore(concat(before, after), 12_000, SR);
    expect(score).toBeGreaterThan(low);
    expect(score).toBeLessThan(high);
  });

  it('a half-period phase jump at a zero crossing is a kink, not a jump: no click', () => {
    const audio = concat(tone(200, 12_000), tone(200, 12_000, 0.5, Math.PI));
    expect(clickScore(audio, 12_000, SR)).toBeLessThan(2);
  });

  it('peaks at the jump and falls back to the sine level away from it', () => {
    const jumpAt = 12_000;
    const audio = concat(tone(200, jumpAt), tone(200, SR - jumpAt, 0.5, Math.PI / 2));
    const scan: [number, number][] = [];
    for (let b = jumpAt - 2_400; b <= jumpAt + 2_400; b += 40) scan.push([b, clickScore(audio, b, SR)]);
    const [bestAt, best] = scan.reduce((a, c) => (c[1] > a[1] ? c : a));
    expect(Math.abs(bestAt - jumpAt)).toBeLessThanOrEqual(120); // inside the +-5 ms window
    expect(best).toBeGreaterThan(24);
    // Once the jump is outside the +-5 ms window it only inflates the yardstick: no click is reported.
    for (const [b, score] of scan)
      if (Math.abs(b - jumpAt) > 130) expect(score).toBeLessThan(AUDIBLE_CLICK_SCORE);
  });

  it('is the largest step in +-5 ms over the std of the steps in +-50 ms outside that window', () => {
    const audio = concat(tone(200, 12_000, 0.5, Math.PI / 2), tone(200, 12_000, 0.5, (3 * Math.PI) / 2));
    const b = 12_000;
    const steps = (from: number, to: number): number[] =>
      Array.from({ length: to - from + 1 }, (_, k) => audio[from + k]! - audio[from + k - 1]!);
    const peak = Math.max(...steps(b - 120, b + 120).map(Math.abs));
    const outside = [...steps(b - 1_200, b - 121), ...steps(b + 121, b + 1_200)];
    const mean = outside.reduce((a, x) => a + x, 0) / outside.length;
    const std = Math.sqrt(outside.reduce((a, x) => a + (x - mean) ** 2, 0) / outside.length);
    expect(clickScore(audio, b, SR)).toBeCloseTo(peak / std, 6);
    // Had the window stayed in the yardstick, the click would have lowered its own score.
    const all = steps(b - 1_200, b + 1_200);
    const stdAll = Math.sqrt(all.reduce((a, x) => a + x * x, 0) / all.length);
    expect(peak / stdAll).toBeLessThan(0.75 * (peak / std));
  });

  it('digital silence scores 0, and a one-step (1/32768) jump out of it stays below 5', () => {
    expect(clickScore(new Float32Array(SR), 12_000, SR)).toBe(0);
    const step = new Float32Array(SR).fill(1 / 32_768, 12_000);
    expect(clickScore(step, 12_000, SR)).toBeCloseTo(1, 5);
    const loud = new Float32Array(SR).fill(0.01, 12_000);
    expect(clickScore(loud, 12_000, SR)).toBeGreaterThan(300);
  });

  it('takes the sample rate as a parameter (the +-5 ms window scales with it)', () => {
    const audio = concat(tone(200, 8_000, 0.5, 0, 16_000), tone(200, 8_000, 0.5, Math.PI / 2, 16_000));
    expect(clickScore(audio, 8_000, 16_000)).toBeGreaterThan(15);
    expect(clickScore(audio, 8_000 + 60, 16_000)).toBeGreaterThan(15); // 3.75 ms away: inside
    expect(clickScore(audio, 8_000 + 120, 16_000)).toBeLessThan(AUDIBLE_CLICK_SCORE); // 7.5 ms away: outside
  });
});
