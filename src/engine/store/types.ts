import type { RunConfig } from '../../contract/run-config.ts';
import type { RunMetrics, RunSummary } from '../../contract/run-result.ts';
import type { AudioKind } from './audio-blob.ts';

export type RunStatus = RunSummary['status'];

/**
 * A stored run. RunSummary requires metrics and a sample rate, which a run that failed or was interrupted
 * before finishing does not have: those come back with `metrics: null` and `sampleRate: null`. A finished run
 * is exactly a RunSummary (validated with RunSummarySchema on read).
 */
export type StoredRun = Omit<RunSummary, 'metrics' | 'sampleRate'> & {
  metrics: RunMetrics | null;
  sampleRate: number | null;
  finishedAt: string | null;
};

export interface RunAudioInput {
  stream: Float32Array;
  reference: Float32Array;
  /** Repeated offline decodes (noise floor), stored as kind 'reference-repeat' with repeat index 0.. */
  repeats?: Float32Array[];
}

export interface StoredAudio {
  kind: AudioKind;
  repeatIndex: number;
  sampleRate: number;
  samples: Float32Array;
  sha256: string;
}

export interface SweepLink {
  sweepId: string;
  pointIndex: number;
  /** The grid point's knob values, e.g. { "boundary.overlapTokens": 3, "boundary.shape": "hann" }. */
  point: Record<string, unknown>;
  repeatIndex: number;
}

export interface Sweep {
  id: string;
  name: string;
  createdAt: string;
  grid: unknown;
  baseConfig: RunConfig | null;
  repeats: number;
}

export interface SweepPointAggregate {
  pointIndex: number;
  point: Record<string, unknown>;
  /** Finished runs at this point with a value for the metric. */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1); 0 for a single repeat, null for none. */
  std: number | null;
  min: number | null;
  max: number | null;
  median: number | null;
}

export interface SamplePair {
  id: string;
  runA: string;
  runB: string;
  label: string;
  note: string;
  createdAt: string;
}

export interface RunNote {
  id: number;
  runId: string;
  body: string;
  createdAt: string;
}

export const ListeningKinds = ['abx', 'ab-cmos', 'mushra'] as const;
export type ListeningKind = (typeof ListeningKinds)[number];

export interface StimulusInput {
  /** The name the trial uses for it: 'A', 'B', 'X', 'ref', 'anchor', 'c1'... */
  key: string;
  /** What it is, hidden from the listener: 'condition', 'hidden-reference', 'anchor', ... */
  role: string;
  /** The run whose audio it plays; null only for generated material not stored as a run. */
  runId: string | null;
  audioKind: AudioKind | 'anchor';
  repeatIndex?: number;
}

export interface TrialInput {
  /** The randomised presentation (order, sides, which of A/B is X) exactly as shown: stored for audit. */
  presentation: unknown;
  stimuli: StimulusInput[];
}

export interface CreateSessionInput {
  id?: string;
  kind: ListeningKind;
  name: string;
  listener?: string;
  design: unknown;
  trials: TrialInput[];
}

export interface RatingInput {
  sessionId: string;
  trialIndex: number;
  stimulus: string;
  score?: number | null;
  answer?: string | null;
  correct?: boolean | null;
  timeMs: number;
  replays: number;
  listeningMs: number;
  comment?: string;
}

export interface Rating {
  id: number;
  sessionId: string;
  trialIndex: number;
  stimulus: string;
  score: number | null;
  answer: string | null;
  correct: boolean | null;
  timeMs: number;
  replays: number;
  listeningMs: number;
  comment: string;
  createdAt: string;
}

export interface Trial {
  index: number;
  presentation: unknown;
  stimuli: Required<StimulusInput>[];
  ratings: Rating[];
}

export interface ListeningSession {
  id: string;
  kind: ListeningKind;
  name: string;
  listener: string;
  design: unknown;
  createdAt: string;
  finishedAt: string | null;
  trials: Trial[];
}
