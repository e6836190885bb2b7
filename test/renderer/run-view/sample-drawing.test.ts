import { describe, expect, it } from 'vitest';
import { drawWave, waveDrawMode } from '../../../src/renderer/src/run-view/sample-drawing.ts';
import { describeProviders } from '../../../src/renderer/src/run-view/providers.ts';
import { describeMissingAudio } from '../../../src/renderer/src/run-view/audio-absence.ts';

/** Records what drawWave asks of a 2-D context, enough to tell an envelope from drawn samples. */
function recordingContext(width: number, height: number) {
  const calls: { op: string; args: number[] }[] = [];
  const record =
    (op: string) =>
    (...args: number[]) => {
      calls.push({ op, args });
    };
  const ctx = {
    canvas: { width, height },
    fillStyle: '#123456',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    fillRect: record('fillRect'),
    beginPath: record('beginPath'),
    moveTo: record('moveTo'),
    lineTo: record('lineTo'),
    stroke: record('stroke'),
    arc: record('arc'),
    fill: record('fill'),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

describe('waveform drawing at sample zoom', () => {
  it('draws an envelope while there are more samples than pixels, and the samples once there are fewer', () => {
    expect(waveDrawMode(24_000, 1000, true)).toBe('envelope');
    expect(waveDrawMode(1000, 1000, true)).toBe('lines');
    expect(waveDrawMode(500, 1000, true)).toBe('lines');
    expect(waveDrawMode(333, 1000, true)).toBe('dots');
    // An envelope standing in for the audio is never drawn as if its values were samples.
    expect(waveDrawMode(100, 1000, false)).toBe('envelope');
  });

  it('puts a dot on every sample at its value, so a step between two samples shows as a step', () => {
    // A step from +0.5 to -0.5 between samples 3 and 4 (a discontinuity at a chunk boundary), 6 px per sample.
    const samples = Float32Array.from([0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, -0.5]);
    const { ctx, calls } = recordingContext(48, 100);
    expect(drawWave([samples], ctx, true)).toBe('dots');
    const dots = calls.filter((c) => c.op === 'arc').map((c) => ({ x: c.args[0], y: c.args[1] }));
    expect(dots).toHaveLength(8);
    expect(dots.map((d) => d.x)).toEqual([3, 9, 15, 21, 27, 33, 39, 45]);
    expect(dots.map((d) => d.y)).toEqual([25, 25, 25, 25, 75, 75, 75, 75]);
    // The line through the samples goes straight from the last high sample to the first low one.
    const line = calls.filter((c) => c.op === 'lineTo').slice(1);
    expect(line[2]!.args).toEqual([21, 25]);
    expect(line[3]!.args).toEqual([27, 75]);
    expect(calls.some((c) => c.op === 'fillRect')).toBe(false);
  });

  it('zoomed out, fills each pixel column from the min to the max of its samples', () => {
    const samples = new Float32Array(400);
    for (let i = 0; i < 400; i++) samples[i] = i % 2 ? 0.25 : -0.25;
    const { ctx, calls } = recordingContext(100, 100);
    expect(drawWave([samples], ctx, true)).toBe('envelope');
    const rects = calls.filter((c) => c.op === 'fillRect');
    expect(rects).toHaveLength(100);
    expect(rects[0]!.args).toEqual([0, 37.5, 1, 25]);
    expect(calls.some((c) => c.op === 'arc')).toBe(false);
  });
});

describe('run view labels', () => {
  it('names the provider of each graph', () => {
    expect(
      describeProviders({
        speech_encoder: 'cpu',
        embed_tokens: 'cpu',
        language_model: 'cuda',
        conditional_decoder: 'cpu',
      }),
    ).toBe('speech_encoder: cpu · embed_tokens: cpu · language_model: cuda · conditional_decoder: cpu');
    expect(describeProviders({})).toBe('providers not recorded');
  });

  it('says why a run has no audio in the words of its status', () => {
    expect(describeMissingAudio('running', 'x')).toMatch(
      /still running: its audio is stored when it finishes/,
    );
    expect(describeMissingAudio('cancelled', 'x')).toMatch(/cancelled before it finished/);
    expect(describeMissingAudio('finished', 'no rows')).toMatch(/missing from the database: no rows/);
  });
});
