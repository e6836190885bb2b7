/** The fields of a `seamlab bench model` report the Status screen reads (src/cli/bench/model.ts writes them). */
export const SAMPLE_REPORT = {
  suite: 'model',
  at: '2026-12-05T10:00:00.000Z',
  appVersion: '0.1.0',
  machine: { cpus: 16, cpuModel: 'AMD EPYC', platform: 'linux' },
  quick: false,
  host: { gpus: [{ name: 'NVIDIA H100', driver: '550.1', memoryMiB: 81559 }] },
  models: {
    chatterbox: {
      synthetic: false,
      providers: { language_model: 'cuda', conditional_decoder: 'cuda' },
      lmStepMs: { median: 9.5, p90: 11 },
      stepSplitMs: { total: 9.5, nativeRun: 7.1, bindingCopies: 1.9, gcMean: 0.2, loopOutsideRun: 0.5 },
      latency: { phrase: 'Hello my big long beautiful world', runs: 3, ttfaS: 0.41, rtf: 0.38 },
      dtypes: { kv: 'float16' },
    },
  },
};
