/**
 * What a Chatterbox T3 can take, from upstream resemble-ai/chatterbox src/chatterbox/models/t3/modules/t3_config.py
 * (`max_text_tokens = 2048`, `max_speech_tokens = 4096`) and t3.py, which sizes the learned position embeddings
 * from them: `text_pos_emb = LearnedPositionEmbeddings(max_text_tokens + 2)` (the text plus [START] and [STOP])
 * and `speech_pos_emb = LearnedPositionEmbeddings(max_speech_tokens + 2 + 2)`. The ONNX exports carry the same
 * tables inside `embed_tokens`, so a longer text or more speech tokens index past their end. The limits hold per
 * utterance: the `sentences`, `segments` and `llm-stream` text sources synthesise each piece on its own.
 */
export const T3_LIMITS = {
  /** Text tokens of one utterance (without the template's [START]/[STOP]). */
  maxTextTokens: 2048,
  /** Speech tokens one utterance may generate. */
  maxSpeechTokens: 4096,
} as const;

/**
 * Speech tokens one run may generate over all its utterances: 30 minutes of audio at 25 tokens per second, well
 * above what the form's 20 000 characters take when spoken (about 22 minutes). Seamlab's bound, not upstream's: a
 * run keeps its stream, its offline reference and up to two repeat decodes in memory (960 float32 samples per token
 * each), so this caps a run's audio at about 700 MB where a text source of many utterances that never reach their
 * stop token could otherwise grow without end.
 */
export const MAX_RUN_SPEECH_TOKENS = 45_000;

/** The sentence a refused text gets: the count, the limit, why, and what to do instead. */
export function textTooLongMessage(
  textTokens: number,
  maxTextTokens: number = T3_LIMITS.maxTextTokens,
): string {
  return (
    `the text is ${textTokens} tokens for this model's tokenizer, but Chatterbox's T3 takes at most ` +
    `${maxTextTokens} text tokens per utterance (its text position embedding has ${maxTextTokens} + 2 rows, ` +
    `upstream t3_config.py max_text_tokens); use the "sentences" or "segments" text source, which synthesises ` +
    `the text piece by piece`
  );
}

/** Error code of a text refused for its length (contract errors and failed-run events carry it). */
export const TEXT_TOO_LONG = 'text_too_long';
