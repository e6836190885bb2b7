/**
 * One AudioContext for the whole UI: live playback, the run view and A/B switching all schedule on the same
 * clock, and browsers limit how many contexts a page may hold. Created on first use; resumed from user gestures.
 */
let context: AudioContext | null = null;

export function audioContext(): AudioContext {
  if (!context || context.state === 'closed') context = new AudioContext({ latencyHint: 'interactive' });
  return context;
}

/** Call from a click/keypress handler: browsers only start audio after a gesture. */
export function resumeAudio(): Promise<void> {
  const ctx = audioContext();
  return ctx.state === 'suspended' ? ctx.resume() : Promise.resolve();
}

/** Float samples at their own rate as an AudioBuffer (the context resamples on playback, not on display). */
export function toAudioBuffer(samples: Float32Array, sampleRate: number): AudioBuffer {
  const buffer = audioContext().createBuffer(1, Math.max(1, samples.length), sampleRate);
  buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
  return buffer;
}
