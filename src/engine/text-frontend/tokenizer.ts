import fs from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { MultilingualTextSteps } from './language-steps.ts';

/**
 * Text -> token ids for the three Chatterbox families, and the prompt layout the language model expects.
 *
 * Verified against public code (upstream EnTokenizer/MTLTokenizer and the ONNX model cards' Python loops):
 * - original: `' '` is replaced by `[SPACE]` before encoding (upstream EnTokenizer.encode);
 * - multilingual: lowercase + NFKD, the language's step (zh Cangjie, ja kana, ko jamo; he and ru refused:
 *   language-steps.ts), then `[lang]` prepended, then `[SPACE]` (upstream MTLTokenizer.encode);
 * - prompt `[6563, 255, ...text..., 0, 6561, 6561]` and prefill positions `id >= 6561 ? 0 : index - 1`
 *   (onnx-community model cards: `np.where(input_ids >= START_SPEECH_TOKEN, 0, arange(len) - 1)`);
 * - turbo: the tokenizer.json's own template (GPT-2 BPE + post-processor) is used as is, and positions run
 *   0..n-1 over the whole prefill (conditioning rows included), then +1 per step (ResembleAI turbo model card).
 *   The turbo template itself could not be read here: we rely on tokenizer.json carrying it.
 */

/** Text-vocabulary ids (original/multilingual tokenizer.json; upstream T3 config uses the same constants). */
export const TEXT_TOKENS = { stop: 0, unk: 1, space: 2, start: 255 } as const;

/** Speech-vocabulary ids of the language model. */
export const SPEECH_TOKENS = {
  start: 6561,
  stop: 6562,
  /** Slot that embed_tokens replaces with the exaggeration embedding. */
  exaggerationSlot: 6563,
  /** Turbo decodes `[prompt, generated, 4299 x 3]`. */
  silence: 4299,
} as const;

export const SPACE_TOKEN = '[SPACE]';

export class TextTokenizer {
  readonly tokenizer: Tokenizer;
  /** The multilingual per-language steps; give it the model folder (for zh's Cangjie table) and `prepare` first. */
  languageSteps = new MultilingualTextSteps();

  constructor(tokenizer: Tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** `json` is the parsed tokenizer.json; `config` the parsed tokenizer_config.json when there is one. */
  static fromJson(json: object, config: object = {}): TextTokenizer {
    return new TextTokenizer(new Tokenizer(json, config));
  }

  static async fromFile(file: string): Promise<TextTokenizer> {
    return TextTokenizer.fromJson(JSON.parse(await fs.readFile(file, 'utf8')) as object);
  }

  tokenId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  /** Original (English) family: text ids only, no template. */
  encodeOriginalText(text: string): number[] {
    return this.encodeRaw(text.replaceAll(' ', SPACE_TOKEN));
  }

  /** Multilingual family: text ids only (language tag first), no template. */
  encodeMultilingualText(text: string, language: string): number[] {
    const tag = `[${language.toLowerCase()}]`;
    if (this.tokenId(tag) === undefined) throw new Error(`tokenizer.json has no language tag ${tag}`);
    const prepared = this.languageSteps.apply(text, language);
    return this.encodeRaw(prepared.replaceAll(' ', SPACE_TOKEN));
  }

  /** Turbo family: the full input_ids, with whatever template tokenizer.json's post-processor applies. */
  encodeTurbo(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: true }).ids;
  }

  /** Turbo family: the text's ids alone, without the template's end tokens. */
  encodeTurboText(text: string): number[] {
    return this.encodeRaw(text);
  }

  decode(ids: readonly number[]): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: false });
  }

  private encodeRaw(text: string): number[] {
    // No special tokens: the onnx-community tokenizer.json may carry the prompt template in its post-processor;
    // building it ourselves (buildOriginalPrompt) gives the same ids whether it does or not.
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }
}

/** `[6563, 255, ...textIds, 0, 6561, 6561]` (exaggeration slot, [START], text, [STOP], start-of-speech x2). */
export function buildOriginalPrompt(textIds: readonly number[]): number[] {
  return [
    SPEECH_TOKENS.exaggerationSlot,
    TEXT_TOKENS.start,
    ...textIds,
    TEXT_TOKENS.stop,
    SPEECH_TOKENS.start,
    SPEECH_TOKENS.start,
  ];
}

/** Prefill position ids for embed_tokens (original/multilingual): `id >= 6561 ? 0 : index - 1`. */
export function prefillPositionIds(promptIds: readonly number[]): number[] {
  return promptIds.map((id, index) => (id >= SPEECH_TOKENS.start ? 0 : index - 1));
}

/** Position id of the token generated at `step` (0-based) in the original family's decode loop. */
export function decodePositionId(step: number): number {
  return step + 1;
}

/** Turbo prefill positions: 0..totalLength-1 over conditioning rows + text (language_model's position_ids). */
export function turboPrefillPositionIds(totalLength: number): number[] {
  return Array.from({ length: totalLength }, (_, i) => i);
}
