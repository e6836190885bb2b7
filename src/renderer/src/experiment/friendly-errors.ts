import type { z } from 'zod';

/**
 * Field errors of the Experiment form in words a user reads, by the issue's dotted path: never the raw zod path
 * and message ("boundary.overlapTokens: Too small: expected number to be >=0"). The path stays the key, so each
 * message is shown under the axis it belongs to.
 */

/** The form's label for each path a schema issue can name. */
const LABELS: Record<string, string> = {
  text: 'Text',
  voice: 'Voice',
  model: 'Model',
  language: 'Language',
  'textSource.minChars': 'Min segment',
  'textSource.maxChars': 'Max segment',
  'textSource.tokensPerSecond': 'Text rate',
  'textSource.jitterMs': 'Jitter',
  'textSource.firstTokenDelayMs': 'First-token delay',
  'textSource.thresholdChars': 'Segment threshold',
  'schedule.tokens': 'Tokens per chunk',
  'schedule.first': 'First chunk',
  'schedule.sizes': 'Sizes',
  'boundary.overlapTokens': 'Overlap',
  'boundary.crossfadeMs': 'Crossfade',
  'boundary.contextTokens': 'Context K',
  'boundary.lookaheadTokens': 'Look-ahead hold-back',
  'boundary.fadeMs': 'Fade-in',
  'pipeline.queueDepth': 'Queue depth',
  'playback.jitterBufferMs': 'Jitter buffer',
  'sampler.temperature': 'Temperature',
  'sampler.topK': 'Top-k',
  'sampler.topP': 'Top-p',
  'sampler.minP': 'Min-p',
  'sampler.repetitionPenalty': 'Repetition penalty',
  'sampler.cfgWeight': 'Guidance (CFG) weight',
  seed: 'Seed',
  exaggeration: 'Exaggeration',
  maxNewTokens: 'Max new tokens',
  noiseFloorRepeats: 'Noise-floor repeats',
  'runtime.intraOpThreads': 'Threads',
};

/** Cross-field rules (the schema's refinements), said with the form's labels. */
const RULES: Record<string, string> = {
  'boundary.crossfadeMs': 'The crossfade must fit inside the overlap: at most 40 ms per overlap token.',
  'textSource.minChars': 'Min segment must not be longer than max segment.',
};

/** A label for a path the table does not know: its last part, split into words ("queueDepth" -> "Queue depth"). */
function labelFor(path: string): string {
  const known = LABELS[path] ?? LABELS[path.replace(/\.\d+$/, '')];
  if (known) return known;
  const last =
    path
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .at(-1) ?? 'This setting';
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function bound(issue: { inclusive?: boolean }, strictWord: string, inclusiveWord: string): string {
  return issue.inclusive === false ? strictWord : inclusiveWord;
}

/** zod's own messages start like this; a schema's hand-written message (a model limit and why) is kept. */
const GENERATED = /^(Too small|Too big|Invalid|Expected)/;

/** A schema's own message after the label, unless it already starts with it ("text is empty" -> "Text is empty"). */
function ownMessage(label: string, message: string): string {
  if (message.toLowerCase().startsWith(label.toLowerCase()))
    return message.charAt(0).toUpperCase() + message.slice(1);
  return `${label}: ${message}`;
}

/** One issue as a sentence: the field's label and what it must be. */
export function friendlyMessage(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  const label = labelFor(path);
  if (issue.code === 'custom') return RULES[path] ?? ownMessage(label, issue.message);
  if (!GENERATED.test(issue.message)) return ownMessage(label, issue.message);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return `${label} is empty.`;
      if (issue.origin === 'array') return `${label} needs at least ${String(issue.minimum)}.`;
      return `${label} must be ${bound(issue, 'more than', 'at least')} ${String(issue.minimum)}.`;
    case 'too_big':
      if (issue.origin === 'string') return `${label} is longer than ${String(issue.maximum)} characters.`;
      if (issue.origin === 'array') return `${label} takes at most ${String(issue.maximum)}.`;
      return `${label} must be ${bound(issue, 'less than', 'at most')} ${String(issue.maximum)}.`;
    case 'invalid_type':
      return issue.expected === 'int'
        ? `${label} must be a whole number.`
        : `${label} must be a ${issue.expected}.`;
    case 'invalid_value':
      return `${label} must be one of: ${issue.values.map(String).join(', ')}.`;
    default:
      return `${label} is not valid.`;
  }
}

/** Issues keyed by dotted path, each said once in words (the first issue of a path wins). */
export function friendlyFieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || 'config';
    errors[path] ??= friendlyMessage(issue);
  }
  return errors;
}
