import { describe, expect, test } from 'vitest';
import { parseNvidiaSmi } from '../../../src/cli/bench/gpu-info.ts';

describe('parseNvidiaSmi', () => {
  test('one GPU per line: name, driver, memory in MiB', () => {
    const text = 'NVIDIA GeForce RTX 4090, 550.54.14, 24564\nNVIDIA A100-SXM4-80GB, 550.54.14, 81920\n';
    expect(parseNvidiaSmi(text)).toEqual([
      { name: 'NVIDIA GeForce RTX 4090', driver: '550.54.14', memoryMiB: 24564 },
      { name: 'NVIDIA A100-SXM4-80GB', driver: '550.54.14', memoryMiB: 81920 },
    ]);
  });

  test('missing fields become null, empty output no GPU', () => {
    expect(parseNvidiaSmi('Tesla T4\n')).toEqual([{ name: 'Tesla T4', driver: null, memoryMiB: null }]);
    expect(parseNvidiaSmi('\n')).toEqual([]);
  });
});
