import { T3_LIMITS, TEXT_TOO_LONG, textTooLongMessage } from '../../contract/model-limits.ts';
import { MULTILINGUAL_LANGUAGES } from '../models/detect-family.ts';
import {
  buildOriginalPrompt,
  MULTILINGUAL_SENTENCE_ENDERS,
  normalizePunctuation,
  prefillPositionIds,
  TextTokenizer,
  turboPrefillPositionIds,
} from '../text-frontend/index.ts';

export { TextTokenizer };

/** What the token generator needs from a text: the templated ids, their positions and where the text sits. */
export interface PreparedPrompt {
  normalizedText: string;
  inputIds: BigInt64Array;
  positionIds: BigInt64Array;
  /** [start, end) of the text ids inside inputIds. */
  textSpan: [number, number];
  /**
   * [start, end) of the rows whose token embeddings upstream zeroes in the unconditional CFG row: [START] to [STOP]
   * inclusive (t3.py prepare_input_embeds; tts.py pads the text with them before T3 sees it).
   */
  guidanceSpan: [number, number];
  textTokenCount: number;
}

export function loadTextTokenizer(tokenizerJson: string): TextTokenizer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(tokenizerJson);
  } catch (error) {
    throw new Error(`tokenizer.json is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error('tokenizer.json does not hold an object');
  return TextTokenizer.fromJson(parsed);
}

/** Original family (model.md, loop steps 1-3): normalise, tokenize, apply the template, prefill positions. */
export function prepareOriginalPrompt(tokenizer: TextTokenizer, text: string): PreparedPrompt {
  const normalizedText = normalizePunctuation(text);
  return templatedPrompt(normalizedText, tokenizer.encodeOriginalText(normalizedText));
}

/** The language codes (`en`, `fr` ...) whose `[xx]` tag the tokenizer holds, sorted. */
export function tokenizerLanguages(tokenizer: TextTokenizer): string[] {
  return MULTILINGUAL_LANGUAGES.filter((language) => tokenizer.tokenId(`[${language}]`) !== undefined);
}

/**
 * A text longer than T3's text context. Refused before the prefill: past the position table the export indexes out
 * of range, and the fixture's prefill attention grows with the square of the length (20 000 characters grew the
 * process by gigabytes and then crashed onnxruntime natively, which is why the CLI used to exit without a word).
 */
export class TextTooLongError extends Error {
  readonly code = TEXT_TOO_LONG;
  readonly textTokens: number;
  readonly maxTextTokens: number;

  constructor(textTokens: number, maxTextTokens: number) {
    super(textTooLongMessage(textTokens, maxTextTokens));
    this.name = 'TextTooLongError';
    this.textTokens = textTokens;
    this.maxTextTokens = maxTextTokens;
  }
}

/** Throws TextTooLongError for a prompt whose text exceeds `maxTextTokens`; returns the prompt otherwise. */
export function assertTextFits(
  prompt: PreparedPrompt,
  maxTextTokens: number = T3_LIMITS.maxTextTokens,
): PreparedPrompt {
  if (prompt.textTokenCount > maxTextTokens) throw new TextTooLongError(prompt.textTokenCount, maxTextTokens);
  return prompt;
}

/** A language the model's tokenizer has no tag for: names the language and the ones it has. */
export class UnsupportedLanguageError extends Error {
  readonly language: string;
  readonly available: readonly string[];

  constructor(language: string, available: readonly string[]) {
    super(
      `language "${language}" is not supported by this model's tokenizer; available: ` +
        (available.length > 0 ? available.join(', ') : 'none (the tokenizer has no language tags)'),
    );
    this.name = 'UnsupportedLanguageError';
    this.language = language;
    this.available = available;
  }
}

/**
 * Multilingual family: as the original (upstream mtl_tts.py: punc_norm, then the tokenizer with the language id
 * lowercased, then [START]/[STOP] around the text and the same speech template), with the `[lang]` tag as the
 * first text token. `language` is an ISO code the tokenizer must hold a tag for.
 */
export function prepareMultilingualPrompt(
  tokenizer: TextTokenizer,
  text: string,
  language: string,
): PreparedPrompt {
  const code = language.toLowerCase();
  const available = tokenizerLanguages(tokenizer);
  if (!available.includes(code)) throw new UnsupportedLanguageError(language, available);
  const normalizedText = normalizePunctuation(text, MULTILINGUAL_SENTENCE_ENDERS);
  return templatedPrompt(normalizedText, tokenizer.encodeMultilingualText(normalizedText, code));
}

/**
 * Turbo family (upstream tts_turbo.py): punc_norm as the original family, then the GPT-2 tokenizer with its own
 * template (tokenizer.json's post-processor appends the end tokens). Paralinguistic tags such as `[laugh]` are added
 * tokens of that tokenizer, so they pass through as single ids. embed_tokens takes no positions; the language
 * model's position_ids are laid out by the token generator over conditioning rows + prompt.
 */
export function prepareTurboPrompt(tokenizer: TextTokenizer, text: string): PreparedPrompt {
  const normalizedText = normalizePunctuation(text);
  const ids = tokenizer.encodeTurbo(normalizedText);
  const textTokenCount = tokenizer.encodeTurboText(normalizedText).length;
  return {
    normalizedText,
    inputIds: BigInt64Array.from(ids, (id) => BigInt(id)),
    positionIds: BigInt64Array.from(turboPrefillPositionIds(ids.length), (p) => BigInt(p)),
    // The template appends its end tokens after the text. Turbo has no guidance; the span is the text.
    textSpan: [0, textTokenCount],
    guidanceSpan: [0, textTokenCount],
    textTokenCount,
  };
}

function templatedPrompt(normalizedText: string, textIds: number[]): PreparedPrompt {
  const ids = buildOriginalPrompt(textIds);
  // Template: [6563, 255, ...text..., 0, 6561, 6561]; the text starts after the exaggeration slot and [START].
  const textStart = 2;
  return {
    normalizedText,
    inputIds: BigInt64Array.from(ids, (id) => BigInt(id)),
    positionIds: BigInt64Array.from(prefillPositionIds(ids), (p) => BigInt(p)),
    textSpan: [textStart, textStart + textIds.length],
    guidanceSpan: [textStart - 1, textStart + textIds.length + 1],
    textTokenCount: textIds.length,
  };
}
