import {
  BoundarySchema,
  PipelineSchema,
  RunConfigSchema,
  ScheduleSchema,
  TextSourceSchema,
  type RunConfig,
} from '../../../contract/index.ts';

/** The seeds' test phrase first, then longer texts that cross sentence and segment boundaries. */
export const TEXT_PRESETS = [
  { id: 'seed', label: 'Seed phrase', text: 'Hello my big long beautiful world' },
  {
    id: 'paragraph',
    label: 'Three sentences',
    text: 'Hello my big long beautiful world. The morning light spilled across the valley, warming the stones by the river. We walked on, talking quietly about nothing at all.',
  },
  {
    id: 'numbers',
    label: 'Abbreviations & numbers',
    text: 'Dr. Smith arrived at 5 p.m. with $3.50 in change... "Is that all?" she asked. He smiled: e.g. a coffee, perhaps two. The train left at 6.45 exactly.',
  },
  {
    id: 'long',
    label: 'Long passage',
    text:
      'Streaming speech has to start before the whole sentence is known, so the audio arrives in pieces. ' +
      'Every place where two pieces meet is a chance for a click, a jump in pitch, or a moment of silence. ' +
      'Overlapping the pieces and fading between them hides some of these seams, at the cost of extra work. ' +
      'Carrying the decoder state across the seam removes them entirely, when the model allows it. ' +
      'The only way to know which trade-off sounds best is to listen carefully, and to measure every boundary. ' +
      'That is what this workbench is for.',
  },
] as const;

export const DEFAULT_TEXT = TEXT_PRESETS[0].text;

export function defaultConfig(): RunConfig {
  return RunConfigSchema.parse({ text: DEFAULT_TEXT });
}

/** The axes a preset sets; everything else (text, voice, sampler, seed...) stays as the user left it. */
type PresetAxes = Pick<RunConfig, 'textSource' | 'schedule' | 'boundary' | 'pipeline'> & { model?: string };

/** Experiment A's treatment, also the parallel pipeline's: 3 shared tokens, 50 ms Hann crossfade. */
const overlapAdd3 = () =>
  BoundarySchema.parse({ kind: 'overlap-add', overlapTokens: 3, crossfadeMs: 50, shape: 'hann' });

const base = (): PresetAxes => ({
  textSource: TextSourceSchema.parse({ mode: 'whole' }),
  schedule: ScheduleSchema.parse({ kind: 'fixed', tokens: 25 }),
  boundary: BoundarySchema.parse({ kind: 'none' }),
  pipeline: PipelineSchema.parse({ kind: 'sequential' }),
});

/** The seed experiments (issue 6, item 1), plus the naive baseline they are measured against. */
export const EXPERIMENT_PRESETS: readonly {
  id: string;
  label: string;
  description: string;
  axes: () => PresetAxes;
}[] = [
  {
    id: 'naive',
    label: 'Naive baseline',
    description: 'Each chunk decoded alone, audio concatenated: shows the artifacts.',
    axes: base,
  },
  {
    id: 'overlap-add',
    label: 'Overlap-add 3 tokens',
    description:
      'Experiment A: each window decodes 3 shared tokens; the shared audio is crossfaded (Hann, 50 ms).',
    axes: () => ({
      ...base(),
      boundary: overlapAdd3(),
    }),
  },
  {
    id: 'parallel',
    label: 'Parallel pipeline',
    description: 'Experiment B: token generation and decoding in separate workers with a queue of 2.',
    axes: () => ({
      ...base(),
      boundary: overlapAdd3(),
      pipeline: PipelineSchema.parse({ kind: 'parallel', queueDepth: 2 }),
    }),
  },
  {
    id: 'cached-context',
    label: 'Cached context',
    description:
      'Experiment C: carry the decoder state across chunks (needs the cache-capable fixture-stateful).',
    axes: () => ({
      ...base(),
      boundary: BoundarySchema.parse({ kind: 'stateful' }),
      model: 'fixture-stateful',
    }),
  },
  {
    id: 'context-redecode',
    label: 'Context re-decode',
    description:
      'Experiment C on stock decoders: re-decode the last 50 tokens as context, keep 3 look-ahead, fade 20 ms.',
    axes: () => ({
      ...base(),
      boundary: BoundarySchema.parse({ kind: 'context', contextTokens: 50, lookaheadTokens: 3, fadeMs: 20 }),
    }),
  },
  {
    id: 'sentences',
    label: 'Sentence-level',
    description:
      'Split the text at sentence ends (fragments under 10 characters merged) and synthesise each.',
    axes: () => ({ ...base(), textSource: TextSourceSchema.parse({ mode: 'sentences', minChars: 10 }) }),
  },
  {
    id: 'llm-stream',
    label: 'LLM stream',
    description:
      'Text arrives token by token (20 tokens/s); segments of ~50 characters start synthesis early.',
    axes: () => ({
      ...base(),
      textSource: TextSourceSchema.parse({ mode: 'llm-stream', tokensPerSecond: 20, thresholdChars: 50 }),
      pipeline: PipelineSchema.parse({ kind: 'parallel', queueDepth: 2 }),
    }),
  },
];

/** Applies a preset to a draft: the preset's axes, and its model when it needs one. */
export function applyPreset(draft: RunConfig, presetId: string): RunConfig {
  const preset = EXPERIMENT_PRESETS.find((p) => p.id === presetId);
  if (!preset) return draft;
  const { model, ...axes } = preset.axes();
  const nextModel = model ?? (draft.model === 'fixture-stateful' ? 'fixture' : draft.model);
  return { ...draft, ...axes, model: nextModel };
}

/** Which preset (if any) a draft currently matches, for highlighting. */
export function matchingPreset(draft: RunConfig): string | null {
  for (const preset of EXPERIMENT_PRESETS) {
    const { model, ...axes } = preset.axes();
    const same = (Object.keys(axes) as (keyof typeof axes)[]).every(
      (key) => JSON.stringify(axes[key]) === JSON.stringify(draft[key]),
    );
    if (same && (model === undefined || model === draft.model)) return preset.id;
  }
  return null;
}
