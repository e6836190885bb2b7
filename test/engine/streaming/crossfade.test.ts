import { describe, expect, it } from 'vitest';
import {
  CROSSFADE_SHAPES,
  crossfade,
  crossfadeCurve,
  fadeIn,
  fadeOut,
} from '../../../src/engine/streaming/crossfade.ts';

const signal = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.05) * 0.7 + 0.1);

describe('crossfadeCurve', () => {
  it('linear and hann gains sum to 1, equal-power squares sum to 1', () => {
    for (const length of [1, 2, 7, 1200]) {
      for (const shape of ['linear', 'hann'] as const) {
        const { fadeIn: gIn, fadeOut: gOut } = crossfadeCurve(length, shape);
        for (let i = 0; i < length; i++) expect(gIn[i]! + gOut[i]!).toBeCloseTo(1, 6);
      }
      const { fadeIn: gIn, fadeOut: gOut } = crossfadeCurve(length, 'equal-power');
      for (let i = 0; i < length; i++) expect(gIn[i]! ** 2 + gOut[i]! ** 2).toBeCloseTo(1, 6);
    }
  });

  it('rises monotonically from near 0 to near 1 and mirrors the fade-out', () => {
    for (const shape of CROSSFADE_SHAPES) {
      const { fadeIn: gIn, fadeOut: gOut } = crossfadeCurve(100, shape);
      for (let i = 1; i < 100; i++) expect(gIn[i]!).toBeGreaterThan(gIn[i - 1]!);
      for (let i = 0; i < 100; i++) expect(gOut[i]).toBeCloseTo(gIn[99 - i]!, 6);
    }
    const linear = crossfadeCurve(3, 'linear');
    expect(Array.from(linear.fadeIn)).toEqual([0.25, 0.5, 0.75]);
  });

  it('hamming is numpy.hamming(2L): rising half fades in, falling half fades out', () => {
    // numpy.hamming(4) = [0.08, 0.77, 0.77, 0.08]
    const small = crossfadeCurve(2, 'hamming');
    expect(Array.from(small.fadeIn).map((g) => +g.toFixed(6))).toEqual([0.08, 0.77]);
    expect(Array.from(small.fadeOut).map((g) => +g.toFixed(6))).toEqual([0.77, 0.08]);
    // CosyVoice's 3840-sample window: 0.08 pedestal at both ends, gains summing to about 1.08.
    const cosy = crossfadeCurve(3840, 'hamming');
    expect(cosy.fadeIn[0]).toBeCloseTo(0.08, 6);
    expect(cosy.fadeIn[3839]).toBeCloseTo(1, 5);
    expect(cosy.fadeOut[3839]).toBeCloseTo(0.08, 6);
    expect(cosy.fadeIn[1920]! + cosy.fadeOut[1920]!).toBeCloseTo(1.08, 3);
  });

  it('gives empty curves for length 0 and rejects negative or fractional lengths', () => {
    expect(crossfadeCurve(0, 'hann').fadeIn).toHaveLength(0);
    expect(() => crossfadeCurve(-1, 'hann')).toThrow(/>= 0/);
    expect(() => crossfadeCurve(2.5, 'hann')).toThrow(/whole number/);
  });
});

describe('crossfade', () => {
  it('returns the signal itself when both sides are the same signal (sum-to-one shapes)', () => {
    const x = signal(500);
    for (const shape of ['linear', 'hann'] as const) {
      const out = crossfade(x, x, 500, shape);
      for (let i = 0; i < 500; i++) expect(out[i]).toBeCloseTo(x[i]!, 6);
    }
  });

  it('blends the tail END of the outgoing audio with the START of the incoming one', () => {
    const tail = Float32Array.from([9, 9, 1, 1, 1]);
    const head = Float32Array.from([0, 0, 0, 5, 5]);
    // linear over 3 samples: out gains 0.75, 0.5, 0.25
    expect(Array.from(crossfade(tail, head, 3, 'linear'))).toEqual([0.75, 0.5, 0.25]);
  });

  it('goes from the outgoing to the incoming signal', () => {
    const one = new Float32Array(1000).fill(1);
    const zero = new Float32Array(1000);
    const out = crossfade(one, zero, 1000, 'equal-power');
    expect(out[0]).toBeGreaterThan(0.99);
    expect(out[999]).toBeLessThan(0.01);
  });

  it('handles length 0 and refuses lengths beyond the audio available', () => {
    expect(crossfade(signal(3), signal(3), 0, 'linear')).toHaveLength(0);
    expect(() => crossfade(signal(10), signal(4), 5, 'hann')).toThrow(
      /length 5 exceeds the audio available \(tail 10, head 4 samples\)/,
    );
  });
});

describe('fadeIn / fadeOut', () => {
  it('scale only the requested edge and leave the input untouched', () => {
    const x = new Float32Array(10).fill(2);
    const a = fadeIn(x, 3, 'linear');
    expect(Array.from(a)).toEqual([0.5, 1, 1.5, 2, 2, 2, 2, 2, 2, 2]);
    const b = fadeOut(x, 3, 'linear');
    expect(Array.from(b)).toEqual([2, 2, 2, 2, 2, 2, 2, 1.5, 1, 0.5]);
    expect(Array.from(x)).toEqual(new Array(10).fill(2));
    expect(Array.from(fadeIn(x, 0))).toEqual(Array.from(x));
  });

  it('refuses a fade longer than the audio', () => {
    expect(() => fadeIn(new Float32Array(4), 5)).toThrow(/length 5 exceeds the 4 samples available/);
    expect(() => fadeOut(new Float32Array(4), 5)).toThrow(/length 5 exceeds the 4 samples available/);
  });
});
