import { describe, expect, test } from 'vitest';
import { preferredDtype } from '../../../src/engine/models/download/preferred-dtype.ts';

const ALL = ['fp32', 'fp16', 'q4', 'q4f16'];

describe('preferredDtype', () => {
  test('half precision for GPU providers, 4-bit weights for the CPU', () => {
    expect(['cuda', 'webgpu', 'dml', 'tensorrt'].map((p) => preferredDtype(p, ALL, 'fp32'))).toEqual([
      'fp16',
      'fp16',
      'fp16',
      'fp16',
    ]);
    expect(preferredDtype('cpu', ALL, 'fp16')).toBe('q4');
  });

  test('falls back along the provider order, then to the manifest default', () => {
    expect(preferredDtype('cuda', ['fp32', 'q4f16'], 'fp32')).toBe('q4f16');
    expect(preferredDtype('cpu', ['fp16', 'fp32'], 'fp16')).toBe('fp32');
    expect(preferredDtype('cpu', ['fp16'], 'fp16')).toBe('fp16');
  });

  test('an unknown provider is named in the error', () => {
    expect(() => preferredDtype('cdua', ALL, 'fp32')).toThrow('unknown provider "cdua"');
  });
});
