/**
 * The MUSHRA low anchor: the reference low-passed at 3.5 kHz (ITU-R BS.1534). A linear-phase windowed-sinc FIR
 * (Blackman window) applied with its group delay removed, so the anchor stays sample-aligned with the reference
 * and switching between them keeps the position. With 255 taps at 24 kHz the transition band is about 500 Hz
 * wide and the stopband below -70 dB.
 */

export const ANCHOR_CUTOFF_HZ = 3500;
export const ANCHOR_TAPS = 255;

/** Windowed-sinc low-pass kernel, normalised to unity gain at DC; `taps` must be odd (integer delay). */
export function lowPassKernel(cutoffHz: number, sampleRate: number, taps = ANCHOR_TAPS): Float64Array {
  if (!Number.isInteger(taps) || taps < 3 || taps % 2 === 0)
    throw new Error(`a linear-phase low-pass needs an odd number of taps, got ${taps}`);
  if (!(cutoffHz > 0 && cutoffHz < sampleRate / 2))
    throw new Error(`cutoff ${cutoffHz} Hz must lie between 0 and Nyquist (${sampleRate / 2} Hz)`);
  const fc = cutoffHz / sampleRate;
  const middle = (taps - 1) / 2;
  const kernel = new Float64Array(taps);
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const m = i - middle;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const phase = (2 * Math.PI * i) / (taps - 1);
    const blackman = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    kernel[i] = sinc * blackman;
    sum += kernel[i] as number;
  }
  for (let i = 0; i < taps; i++) kernel[i] = (kernel[i] as number) / sum;
  return kernel;
}

/** |H(f)| of a kernel, for tests and for documenting the anchor. */
export function kernelGain(kernel: Float64Array, frequencyHz: number, sampleRate: number): number {
  let re = 0;
  let im = 0;
  const w = (2 * Math.PI * frequencyHz) / sampleRate;
  for (let i = 0; i < kernel.length; i++) {
    re += (kernel[i] as number) * Math.cos(w * i);
    im -= (kernel[i] as number) * Math.sin(w * i);
  }
  return Math.hypot(re, im);
}

/** Convolves with the (symmetric) kernel centred on each sample: zero phase, same length, zeros beyond the ends. */
export function filterZeroPhase(signal: Float32Array, kernel: Float64Array): Float32Array {
  const out = new Float32Array(signal.length);
  const half = (kernel.length - 1) / 2;
  for (let n = 0; n < signal.length; n++) {
    let acc = 0;
    const from = Math.max(-half, -n);
    const to = Math.min(half, signal.length - 1 - n);
    for (let m = from; m <= to; m++) acc += (kernel[m + half] as number) * (signal[n + m] as number);
    out[n] = acc;
  }
  return out;
}

/** The low anchor of a reference signal. */
export function lowAnchor(reference: Float32Array, sampleRate: number): Float32Array {
  return filterZeroPhase(reference, lowPassKernel(ANCHOR_CUTOFF_HZ, sampleRate));
}
