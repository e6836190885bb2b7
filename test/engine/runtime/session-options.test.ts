import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { kvResidencyFor, sessionOptionsFor } from '../../../src/engine/runtime/session-options.ts';

const settings = { intraOpThreads: 0, graphOptimizationLevel: 'all' as const };
const lm = {
  graph: 'language_model',
  outputNames: ['logits', 'present.0.key', 'present.0.value', 'present.1.key', 'present.1.value'],
};

describe('sessionOptionsFor', () => {
  test('WebGPU keeps the language model present.* on the device and returns the logits to the host', () => {
    const options = sessionOptionsFor('webgpu', settings, lm);
    expect(options.executionProviders).toEqual([{ name: 'webgpu', preferredLayout: 'NCHW' }]);
    expect(options.preferredOutputLocation).toEqual({
      'present.0.key': 'gpu-buffer',
      'present.0.value': 'gpu-buffer',
      'present.1.key': 'gpu-buffer',
      'present.1.value': 'gpu-buffer',
    });
  });

  test('other graphs on WebGPU, and every graph on CUDA and CPU, keep outputs on the host', () => {
    const decoder = { graph: 'conditional_decoder', outputNames: ['waveform'] };
    expect(sessionOptionsFor('webgpu', settings, decoder).preferredOutputLocation).toBeUndefined();
    const cuda = sessionOptionsFor('cuda', settings, lm);
    expect(cuda.executionProviders).toEqual([{ name: 'cuda', deviceId: 0 }]);
    expect(cuda.preferredOutputLocation).toBeUndefined();
    const cpu = sessionOptionsFor('cpu', settings, lm);
    expect(cpu.executionProviders).toEqual(['cpu']);
    expect(cpu.preferredOutputLocation).toBeUndefined();
    expect([kvResidencyFor('webgpu'), kvResidencyFor('cuda'), kvResidencyFor('cpu')]).toEqual([
      'device',
      'host',
      'host',
    ]);
  });

  test('carries the thread and optimisation settings, and profiling only when asked', () => {
    const plain = sessionOptionsFor('cpu', { intraOpThreads: 3, graphOptimizationLevel: 'basic' }, lm);
    expect(plain).toMatchObject({ intraOpNumThreads: 3, graphOptimizationLevel: 'basic' });
    expect(plain.enableProfiling).toBeUndefined();
    expect(sessionOptionsFor('cpu', settings).intraOpNumThreads).toBeUndefined();
    const profiled = sessionOptionsFor('cpu', { ...settings, profileDir: '/tmp/p' }, lm);
    expect(profiled.enableProfiling).toBe(true);
    expect(profiled.profileFilePrefix).toBe(path.join('/tmp/p', 'language_model'));
  });
});
