/**
 * How the Run view's waveform draws its audio, as wavesurfer.js 8 `renderFunction` (it gets each canvas's slice of
 * the channel data and the canvas's 2-D context). Zoomed out, every pixel column shows the min..max of its samples
 * (the envelope, as wavesurfer's own line waveform does). Zoomed in past one sample per pixel, an envelope would
 * smear a step at a chunk boundary into a block, so the samples themselves are drawn as Audacity does: a line
 * through them, and a dot on each once they are far enough apart to tell apart.
 */

export type WaveDrawMode = 'envelope' | 'lines' | 'dots';

/** Device pixels between samples from which each sample also gets a dot (Audacity shows them at about this zoom). */
export const DOTS_FROM_PX_PER_SAMPLE = 3;

/**
 * The mode for `samples` values spread over `widthPx` device pixels. `exact` is false while the data is a min/max
 * envelope of the audio (long runs still arriving): its values are not samples, so it is never drawn as such.
 */
export function waveDrawMode(samples: number, widthPx: number, exact: boolean): WaveDrawMode {
  if (!exact || samples === 0 || samples > widthPx) return 'envelope';
  return widthPx / samples >= DOTS_FROM_PX_PER_SAMPLE ? 'dots' : 'lines';
}

/** Draws one canvas slice in `ctx.fillStyle` (wavesurfer sets it to the wave colour). Returns the mode used. */
export function drawWave(
  channels: readonly (Float32Array | number[])[],
  ctx: CanvasRenderingContext2D,
  exact: boolean,
): WaveDrawMode {
  const data = channels[0];
  const { width, height } = ctx.canvas;
  if (!data || width === 0) return 'envelope';
  const n = data.length;
  const half = height / 2;
  const y = (v: number) => half - Math.max(-1, Math.min(1, v)) * half;
  const mode = waveDrawMode(n, width, exact);
  if (mode === 'envelope') {
    // One column per device pixel: min..max of its samples, at least one pixel tall so silence shows a line.
    for (let x = 0; x < width; x++) {
      const from = Math.floor((x * n) / width);
      const to = Math.max(from + 1, Math.floor(((x + 1) * n) / width));
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = from; i < to && i < n; i++) {
        const v = data[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo === Infinity) continue;
      const top = y(hi);
      ctx.fillRect(x, top, 1, Math.max(1, y(lo) - top));
    }
    return mode;
  }
  // Sample i sits at the centre of its share of the slice.
  const step = width / n;
  const x = (i: number) => (i + 0.5) * step;
  // Device pixels per CSS pixel (wavesurfer sizes its canvases by it); not read from layout, which would force a
  // reflow per canvas.
  const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));
  ctx.strokeStyle = ctx.fillStyle;
  ctx.lineWidth = ratio;
  ctx.beginPath();
  ctx.moveTo(0, half);
  ctx.lineTo(width, half);
  ctx.globalAlpha = 0.35;
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    if (i === 0) ctx.moveTo(x(i), y(data[i]!));
    else ctx.lineTo(x(i), y(data[i]!));
  }
  ctx.stroke();
  if (mode === 'dots') {
    const radius = Math.min(3 * ratio, step / 3);
    for (let i = 0; i < n; i++) {
      ctx.beginPath();
      ctx.arc(x(i), y(data[i]!), radius, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  return mode;
}
