import path from 'node:path';
import {
  DECODER_STATE_INPUT_PREFIX,
  GRAPH_FILE_SUFFIXES,
  KV_NAME,
  type ElementType,
  type GraphName,
  type ModelFamily,
} from './graph-contract.ts';
import type { GraphInfo } from './inspect-graph.ts';

export type GraphInfos = Partial<Record<GraphName, GraphInfo>>;

export interface FamilyDetection {
  family: ModelFamily | null;
  /** One sentence saying which evidence decided it. */
  reason: string;
  /** Language codes the model speaks (multilingual family: its `[xx]` tags); empty otherwise. */
  languages: string[];
}

/**
 * Chatterbox multilingual language tags. The multilingual tokenizer.json holds them as tokens (`[en]`, `[fr]` ...);
 * the English tokenizer has none.
 */
export const MULTILINGUAL_LANGUAGES = [
  'ar', 'da', 'de', 'el', 'en', 'es', 'fi', 'fr', 'he', 'hi', 'it', 'ja',
  'ko', 'ms', 'nl', 'no', 'pl', 'pt', 'ru', 'sv', 'sw', 'tr', 'zh',
] as const; // prettier-ignore

/** How many distinct language tags a tokenizer must hold to count as multilingual (one stray `[en]` does not). */
export const MIN_LANGUAGE_TAGS = 2;

/**
 * Family from the graphs' declared inputs (never from folder names):
 * - turbo: the language model takes `position_ids`, or embed_tokens has no `exaggeration` input;
 * - otherwise original or multilingual (identical graphs), told apart by the tokenizer: multilingual when
 *   tokenizer.json contains at least MIN_LANGUAGE_TAGS of the `[xx]` language tags (vocab or added tokens).
 * Returns null when neither the language model nor embed_tokens could be read.
 */
export function detectFamily(graphs: GraphInfos, tokenizerJson: unknown): FamilyDetection {
  const names = (graph: GraphName) => graphs[graph]?.inputs.map((t) => t.name);
  return detectFamilyFromInputs(names('language_model'), names('embed_tokens'), tokenizerJson);
}

/**
 * The same rule from input names alone, for code that holds sessions rather than inspected graphs (the token
 * worker). `undefined` means the graph could not be read.
 */
export function detectFamilyFromInputs(
  lmInputs: readonly string[] | undefined,
  embedInputs: readonly string[] | undefined,
  tokenizerJson: unknown,
): FamilyDetection {
  if (!lmInputs && !embedInputs)
    return { family: null, reason: 'neither language_model nor embed_tokens could be read', languages: [] };
  if (lmInputs?.includes('position_ids'))
    return { family: 'turbo', reason: 'language_model takes position_ids', languages: [] };
  if (embedInputs && !embedInputs.includes('exaggeration'))
    return { family: 'turbo', reason: 'embed_tokens has no exaggeration input', languages: [] };
  const languages = languagesOfTokenizerJson(tokenizerJson);
  if (languages.length > 0)
    return {
      family: 'multilingual',
      reason: `tokenizer.json has ${languages.length} language tags (${languages
        .slice(0, 4)
        .map((l) => `[${l}]`)
        .join(', ')}${languages.length > 4 ? ' ...' : ''})`,
      languages,
    };
  return {
    family: 'original',
    reason:
      tokenizerJson === null || tokenizerJson === undefined
        ? 'graphs are original/multilingual and no tokenizer.json was read: assuming English'
        : 'graphs are original/multilingual and tokenizer.json has no language tags',
    languages: [],
  };
}

/**
 * The language codes a tokenizer.json speaks: its `[xx]` tags when it has at least MIN_LANGUAGE_TAGS of them (the
 * multilingual family), none otherwise (one stray tag does not make a model multilingual).
 */
export function languagesOfTokenizerJson(tokenizerJson: unknown): string[] {
  const tags = languageTags(tokenizerJson);
  return tags.length >= MIN_LANGUAGE_TAGS ? tags.map((tag) => tag.slice(1, -1)) : [];
}

/** `[xx]` language tags present in a tokenizer.json (model vocab or added tokens), sorted. */
export function languageTags(tokenizerJson: unknown): string[] {
  if (!tokenizerJson || typeof tokenizerJson !== 'object') return [];
  const json = tokenizerJson as { model?: { vocab?: unknown }; added_tokens?: unknown };
  const tokens = new Set<string>();
  const vocab = json.model?.vocab;
  if (vocab && typeof vocab === 'object' && !Array.isArray(vocab))
    for (const key of Object.keys(vocab)) tokens.add(key);
  if (Array.isArray(json.added_tokens))
    for (const t of json.added_tokens as { content?: unknown }[])
      if (typeof t?.content === 'string') tokens.add(t.content);
  return MULTILINGUAL_LANGUAGES.filter((lang) => tokens.has(`[${lang}]`)).map((l) => `[${l}]`);
}

export interface ModelVariant {
  /** Per-graph precision label: fp32, fp16, q4, q4f16, quantized, or unknown. */
  graphDtypes: Partial<Record<GraphName, string>>;
  /** dtype of the language model's KV cache inputs; null when they could not be read or disagree. */
  kvDtype: 'float32' | 'float16' | null;
  /** Layers counted from the language model's `past_key_values.N.key` inputs. */
  layers: number | null;
  /** The decoder has `cache_*` state inputs (see graph-contract.ts). */
  statefulDecoder: boolean;
}

export function detectVariant(graphs: GraphInfos): ModelVariant {
  const graphDtypes: Partial<Record<GraphName, string>> = {};
  for (const [name, info] of Object.entries(graphs) as [GraphName, GraphInfo][])
    graphDtypes[name] = precisionLabel(info);
  const lm = graphs.language_model;
  let kvDtype: ModelVariant['kvDtype'] = null;
  let layers: number | null = null;
  if (lm) {
    const past = lm.inputs.filter((t) => KV_NAME.exec(t.name)?.[1] === 'past_key_values');
    const types = new Set(past.map((t) => t.type));
    const only = types.size === 1 ? [...types][0] : undefined;
    kvDtype = only === 'float32' || only === 'float16' ? only : null;
    const keyLayers = past.filter((t) => t.name.endsWith('.key')).length;
    layers = past.length > 0 ? keyLayers : null;
  }
  const decoder = graphs.conditional_decoder;
  const statefulDecoder = !!decoder?.inputs.some((t) => t.name.startsWith(DECODER_STATE_INPUT_PREFIX));
  return { graphDtypes, kvDtype, layers, statefulDecoder };
}

const SUFFIX_LABELS: Readonly<Record<string, string>> = {
  _fp16: 'fp16',
  _quantized: 'quantized',
  _q4: 'q4',
  _q4f16: 'q4f16',
};

/**
 * Precision of one graph. The hub's file suffix says it best; Seamlab's downloader saves graphs under the canonical
 * name but keeps the sidecar's original name, so the sidecar's suffix is read too. Without a suffix, the graph's
 * contents decide: MatMulNBits = 4-bit (q4, or q4f16 with float16 weights), integer quantization ops = quantized,
 * mostly float16 initializers = fp16, else fp32.
 */
export function precisionLabel(info: GraphInfo): string {
  const names = [path.basename(info.file, '.onnx'), ...info.externalDataFiles.map((f) => path.basename(f))];
  for (const name of names) {
    const stem = name.replace(/\.onnx(_data)?$/, '');
    for (const suffix of GRAPH_FILE_SUFFIXES)
      if (suffix && stem.endsWith(suffix)) return SUFFIX_LABELS[suffix] ?? 'unknown';
  }
  if (info.source === 'session') return 'unknown';
  const ops = new Set(info.opTypes);
  const count = (t: ElementType): number => info.initializerTypes[t] ?? 0;
  const mostlyHalf = count('float16') > count('float32');
  if (ops.has('MatMulNBits')) return mostlyHalf ? 'q4f16' : 'q4';
  if (ops.has('MatMulInteger') || ops.has('DynamicQuantizeLinear') || ops.has('QLinearMatMul'))
    return 'quantized';
  if (mostlyHalf) return 'fp16';
  return 'fp32';
}
