import { useEffect, useRef, useState } from 'react';
import { decodeFloat32 } from '../../../contract/index.ts';
import { ENVELOPE_BUCKETS } from '../../../contract/methods/library.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { callOnce } from './prefetch.ts';

export interface RunAudio {
  samples: Float32Array;
  sampleRate: number;
}

/** Runs up to this long arrive in one piece; longer ones are drawn from an envelope first, then fetched in pieces. */
export const PROGRESSIVE_AFTER_S = 60;
/** Samples per piece of a long run (10 s at 24 kHz: ~1.3 MB of base64, decoded in a few ms between frames). */
const PIECE_SAMPLES = 10 * 24_000;
/** A long run's samples start arriving this long after its envelope at the latest, even if no one said to. */
const PIECES_AT_THE_LATEST_MS = 1500;

export type AudioLoad =
  | { state: 'loading' }
  | {
      state: 'ready';
      sampleRate: number;
      durationS: number;
      /** Interleaved max/min envelope, while the full audio is still arriving (long runs only). */
      envelope: Float32Array | null;
      /** The exact samples, once all of them have arrived. */
      audio: RunAudio | null;
      /** Share of the full audio received, 0..1. */
      progress: number;
    }
  | { state: 'missing'; message: string };

/**
 * A stored run's stream or reference audio for display and playback. Short runs come in one call. Long ones (a
 * 10-minute run is 77 MB of base64) are shown at once from a min/max envelope and then fetched in 10 s pieces,
 * so the view is interactive in well under a second and the page never freezes on one huge message.
 */
export function useRunAudio(
  runId: string | null,
  kind: 'stream' | 'reference',
  /** Bump to fetch again (a run that was still running has stored its audio since). */
  attempt = 0,
  /**
   * For a long run: whether its samples may start arriving now. The run view says so once its waveform is drawn
   * from the envelope, so decoding the first 1.3 MB piece does not compete with that first drawing.
   */
  piecesWanted = true,
): AudioLoad {
  const engine = useEngine();
  const [load, setLoad] = useState<AudioLoad>({ state: 'loading' });
  const gate = useRef({ open: piecesWanted, waiting: [] as (() => void)[] });
  useEffect(() => {
    if (!piecesWanted || gate.current.open) return;
    gate.current.open = true;
    for (const resume of gate.current.waiting.splice(0)) resume();
  }, [piecesWanted]);
  useEffect(() => {
    if (!runId) return;
    let live = true;
    setLoad({ state: 'loading' });
    (async () => {
      const peaks = await callOnce(engine, 'runs.peaks', { id: runId, kind, buckets: ENVELOPE_BUCKETS });
      const { sampleCount, sampleRate } = peaks;
      const durationS = sampleCount / sampleRate;
      if (durationS <= PROGRESSIVE_AFTER_S) {
        const { audio } = await engine.call('runs.audio', { id: runId, kind });
        if (live)
          setLoad({
            state: 'ready',
            sampleRate,
            durationS,
            envelope: null,
            audio: { samples: decodeFloat32(audio.float32), sampleRate: audio.sampleRate },
            progress: 1,
          });
        return;
      }
      const envelope = decodeFloat32(peaks.peaks.float32);
      if (!live) return;
      setLoad({ state: 'ready', sampleRate, durationS, envelope, audio: null, progress: 0 });
      if (!gate.current.open)
        await new Promise<void>((resume) => {
          gate.current.waiting.push(resume);
          setTimeout(resume, PIECES_AT_THE_LATEST_MS);
        });
      const samples = new Float32Array(sampleCount);
      let shownTenth = 0;
      for (let offset = 0; offset < sampleCount && live; offset += PIECE_SAMPLES) {
        const piece = await engine.call('runs.audio', { id: runId, kind, offset, length: PIECE_SAMPLES });
        samples.set(decodeFloat32(piece.audio.float32), offset);
        const progress = Math.min(1, (offset + PIECE_SAMPLES) / sampleCount);
        // Progress in tenths: every update re-renders the run view, and 60 of them per track kept the page
        // busy enough to delay a key press by a fifth of a second while a long run was still arriving.
        const tenth = Math.floor(progress * 10);
        if (live && progress < 1 && tenth !== shownTenth) {
          shownTenth = tenth;
          setLoad({ state: 'ready', sampleRate, durationS, envelope, audio: null, progress: tenth / 10 });
        }
      }
      if (live)
        setLoad({
          state: 'ready',
          sampleRate,
          durationS,
          envelope,
          audio: { samples, sampleRate },
          progress: 1,
        });
    })().catch((error: Error) => {
      if (live) setLoad({ state: 'missing', message: error.message });
    });
    return () => {
      live = false;
    };
  }, [engine, runId, kind, attempt]);
  return load;
}
