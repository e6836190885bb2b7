/** Speech-token ids of the original Chatterbox family (model.md). */
export const START_OF_SPEECH = 6561;
export const STOP_OF_SPEECH = 6562;
/** Speech tokens proper are 0..6560; 25 per second, 960 samples each at 24 kHz. */
export const SPEECH_VOCAB = 6561;
export const SAMPLES_PER_TOKEN = 960;
export const SAMPLE_RATE = 24_000;
export const TOKENS_PER_SECOND = 25;
/** Turbo decodes `[prompt, generated, 4299 x3]`: 4299 is its silence token. */
export const TURBO_SILENCE_TOKEN = 4299;
