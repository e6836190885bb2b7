import { TextTokenizer } from '../text-frontend/tokenizer.ts';

/** GPT-2's `<|endoftext|>` id, the one Turbo's embed_tokens graph reads as a start-of-speech placeholder. */
export const TURBO_END_OF_TEXT_ID = 50256;
export const TURBO_END_OF_TEXT = '<|endoftext|>';
/** How many end-of-text ids the template must append. */
export const TURBO_PLACEHOLDERS = 2;
/** The sentence the template is probed with: plain words, so no added token can be confused with the ends. */
const PROBE_TEXT = 'Hello there.';

/**
 * Why a Turbo tokenizer.json cannot drive the Turbo export, or null when it can.
 *
 * The ResembleAI chatterbox-turbo-ONNX model card tokenizes with `tokenizer(text)["input_ids"]` and feeds those ids
 * straight to embed_tokens, never adding a start-of-speech token itself (unlike upstream's PyTorch
 * `T3.inference_turbo`, which appends `speech_emb(6561)`, t3.py:407-413). The export's embed_tokens therefore relies on
 * the template: its post-processor appends two `<|endoftext|>` (50256) ids, which the graph embeds as speech-start
 * placeholders (the ids before them as GPT-2 text). A tokenizer.json whose template appends anything else would run
 * without error and silently condition the language model on the wrong rows, so it is refused on load.
 */
export function turboTemplateProblem(tokenizerJson: unknown, file: string): string | null {
  if (typeof tokenizerJson !== 'object' || tokenizerJson === null) return null; // reported elsewhere
  let tokenizer: TextTokenizer;
  try {
    tokenizer = TextTokenizer.fromJson(tokenizerJson);
  } catch (error) {
    return `${file} cannot be loaded as a tokenizer: ${(error as Error).message}`;
  }
  const expected = Array<number>(TURBO_PLACEHOLDERS).fill(TURBO_END_OF_TEXT_ID);
  const why =
    `the Turbo embed_tokens graph reads the last ${TURBO_PLACEHOLDERS} prompt ids as start-of-speech ` +
    `placeholders and expects them to be ${TURBO_END_OF_TEXT} (${expected.join(', ')})`;
  const endId = tokenizer.tokenId(TURBO_END_OF_TEXT);
  if (endId !== TURBO_END_OF_TEXT_ID)
    return (
      `${file}: ${TURBO_END_OF_TEXT} has id ${endId ?? 'none'}, not ${TURBO_END_OF_TEXT_ID}; ${why}, ` +
      'so this is not the Turbo GPT-2 tokenizer'
    );
  const text = tokenizer.encodeTurboText(PROBE_TEXT);
  const prompt = tokenizer.encodeTurbo(PROBE_TEXT);
  const appended = prompt.slice(text.length);
  const sameText = text.every((id, i) => prompt[i] === id);
  if (sameText && appended.length === expected.length && appended.every((id, i) => id === expected[i]))
    return null;
  return (
    `${file}: its template (post_processor) must end the prompt with ${TURBO_PLACEHOLDERS} ${TURBO_END_OF_TEXT} ids ` +
    `because ${why}; for "${PROBE_TEXT}" it gives [${prompt.join(', ')}] where [${[...text, ...expected].join(', ')}] ` +
    'was expected. Use the tokenizer.json shipped with the Turbo export.'
  );
}
