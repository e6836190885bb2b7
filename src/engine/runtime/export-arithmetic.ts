/**
 * The length arithmetic of the onnx-community Chatterbox exports, worked out from the conversion script that made
 * them (VladOS95-cyber/onnx_conversion_scripts `chatterbox/chatterbox_to_onnx_conversion_script.py`) and the
 * upstream code it copies (resemble-ai/chatterbox `models/s3tokenizer/s3tokenizer.py`, `models/s3gen/s3gen.py`).
 * The fixture's speech_encoder and conditional_decoder reproduce exactly these numbers, and the decode path checks
 * every real decoder's output against `decoderOutputSamples`.
 */

/** `DEC_COND_LEN = 10 * S3GEN_SR`: speech_encoder crops the clip to 10 s before both framings below. */
export const DECODER_PROMPT_MAX_SAMPLES = 240_000;
/** `ENC_COND_LEN = 6 * S3_SR` (at 16 kHz): the language model's conditioning tokens see the first 6 s only. */
export const LM_PROMPT_MAX_SECONDS = 6;
/** S3Gen's mel hop at 24 kHz (`mel_spectrogram(hop_size=480)`), and the decoder's samples per mel frame. */
export const SAMPLES_PER_MEL_FRAME = 480;
/** Two mel frames per speech token (S3Gen `token_mel_ratio`). */
export const MEL_FRAMES_PER_TOKEN = 2;

/**
 * T, the `speaker_features` frame count for a clip of `samples` samples at 24 kHz.
 *
 * `PrepareConditionalsModel.mel_spectrogram`: reflect-pad (n_fft - hop) / 2 = 720 on both sides, then
 * `torch.stft(n_fft=1920, hop_length=480, center=False)`, whose frame count is
 * floor((L + 1440 - 1920) / 480) + 1 = floor(L / 480), with L = min(samples, 240000).
 */
export function promptMelFrames(samples: number): number {
  return Math.floor(Math.min(samples, DECODER_PROMPT_MAX_SAMPLES) / SAMPLES_PER_MEL_FRAME);
}

/**
 * P, the `audio_tokens` count for a clip of `samples` samples at 24 kHz.
 *
 * `prompt_token = self.s3(self.resampler(ref_wav_24), max_len=None)`, with ref_wav_24 the 10 s crop:
 * 1. `torchaudio.transforms.Resample(24000, 16000)` returns ceil(2 L / 3) samples (`_apply_sinc_resample_kernel`
 *    cuts to `ceil(new_freq * length / orig_freq)`);
 * 2. `S3Tokenizer.log_mel_spectrogram`: `torch.stft(n_fft=400, hop=160)` centred gives 1 + floor(L16 / 160)
 *    frames and `stft[..., :-1, :]` drops the last, so M = floor(L16 / 160) mel frames;
 * 3. `AudioEncoderV2`: two Conv1d(kernel 3, stride 2, padding 1), each (x + 2 - 2 - 1) // 2 + 1 = ceil(x / 2),
 *    so P = ceil(ceil(M / 2) / 2) = ceil(M / 4).
 */
export function promptTokenCount(samples: number): number {
  const cropped = Math.min(samples, DECODER_PROMPT_MAX_SAMPLES);
  const at16k = Math.ceil((2 * cropped) / 3);
  const melFrames = Math.floor(at16k / 160);
  return Math.ceil(Math.ceil(melFrames / 2) / 2);
}

/**
 * Samples the stock conditional_decoder returns for P prompt tokens, T prompt frames and N new tokens: the flow
 * encoder makes 2 (P + N) mel frames, `flow_forward` strips the T prompt frames (`mel_len1 = prompt_feat.shape[1]`),
 * and HiFT renders 480 samples per remaining frame.
 */
export function decoderOutputSamples(promptTokens: number, promptFrames: number, newTokens: number): number {
  return (MEL_FRAMES_PER_TOKEN * (promptTokens + newTokens) - promptFrames) * SAMPLES_PER_MEL_FRAME;
}
