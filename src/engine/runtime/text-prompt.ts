import {
  buildOriginalPrompt,
  normalizePunctuation,
  prefillPositionIds,
  TextTokenizer,
} from '../text-frontend/index.ts';

export { TextTokenizer };

/** What the token generator needs from a text: the templated ids, their positions and where the text sits. */
export interface PreparedPrompt {
  normalizedText: string;
  inputIds: BigInt64Array;
  positionIds: BigInt64Array;
  /** [start, end) of the text ids inside inputIds (zeroed in the unconditional CFG row). */
  textSpan: [number, number];
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
  const textIds = tokenizer.encodeOriginalText(normalizedText);
  const ids = buildOriginalPrompt(textIds);
  // Template: [6563, 255, ...text..., 0, 6561, 6561]; the text starts after the exaggeration slot and [START].
  const textStart = 2;
  return {
    normalizedText,
    inputIds: BigInt64Array.from(ids, (id) => BigInt(id)),
    positionIds: BigInt64Array.from(prefillPositionIds(ids), (p) => BigInt(p)),
    textSpan: [textStart, textStart + textIds.length],
    textTokenCount: textIds.length,
  };
}
