import { useCallback, useEffect, useRef, useState } from 'react';
import { decodeFloat32, type EncodedAudio } from '../../../contract/index.ts';
import { audioContext, resumeAudio, toAudioBuffer } from '../audio/audio-context.ts';
import { BufferPlayer, type LoopRegion } from '../audio/buffer-player.ts';

export interface StimulusPlayer {
  state: 'loading' | 'ready' | 'failed';
  error: Error | null;
  selected: string | null;
  playing: boolean;
  duration: number;
  loop: LoopRegion | null;
  /** The playhead (s); read it in an animation frame, it is not state. */
  position(): number;
  /** Switches to `key` at the same position (short gain ramps) and plays. */
  play(key: string): void;
  toggle(): void;
  seek(seconds: number): void;
  setLoop(region: LoopRegion | null): void;
  /** Plays of any stimulus and total time audible in this trial, for the answer record. */
  stats(): { replays: number; listeningMs: number };
}

/**
 * Loads a trial's stimuli into one BufferPlayer on the shared AudioContext and keeps the listening record:
 * every play of a stimulus counts, whether it starts playback or switches to A, B or X while another is playing
 * (a listener comparing A and B switches far more often than they press play), and the time audio is actually
 * playing is summed.
 * `trialKey` changes for each trial: the player, its buffers and its record start over.
 */
export function useStimulusPlayer(
  trialKey: string,
  keys: readonly string[],
  load: (key: string) => Promise<EncodedAudio>,
): StimulusPlayer {
  const playerRef = useRef<BufferPlayer | null>(null);
  const record = useRef({ replays: 0, listeningMs: 0, since: null as number | null });
  const [view, setView] = useState({
    state: 'loading' as StimulusPlayer['state'],
    error: null as Error | null,
    selected: null as string | null,
    playing: false,
    duration: 0,
    loop: null as LoopRegion | null,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyList = keys.join('|');

  useEffect(() => {
    let live = true;
    const player = new BufferPlayer(audioContext());
    playerRef.current = player;
    record.current = { replays: 0, listeningMs: 0, since: null };
    setView({ state: 'loading', error: null, selected: null, playing: false, duration: 0, loop: null });
    const unsubscribe = player.subscribe(() => {
      const r = record.current;
      if (player.isPlaying && r.since === null) {
        r.since = performance.now();
      } else if (!player.isPlaying && r.since !== null) {
        r.listeningMs += performance.now() - r.since;
        r.since = null;
      }
      if (live)
        setView((v) => ({
          ...v,
          selected: player.selected,
          playing: player.isPlaying,
          duration: player.duration,
          loop: player.loopRegion,
        }));
    });
    const wanted = keyList.split('|').filter(Boolean);
    Promise.all(wanted.map((key) => loadRef.current(key).then((audio) => [key, audio] as const))).then(
      (loaded) => {
        if (!live) return;
        for (const [key, audio] of loaded)
          player.setBuffer(key, toAudioBuffer(decodeFloat32(audio.float32), audio.sampleRate));
        setView({
          state: 'ready',
          error: null,
          selected: player.selected,
          playing: false,
          duration: player.duration,
          loop: null,
        });
      },
      (error: Error) => {
        if (live) setView((v) => ({ ...v, state: 'failed', error }));
      },
    );
    return () => {
      live = false;
      unsubscribe();
      player.dispose();
      if (playerRef.current === player) playerRef.current = null;
    };
  }, [trialKey, keyList]);

  const play = useCallback((key: string) => {
    const player = playerRef.current;
    if (!player) return;
    void resumeAudio();
    // Pressing the stimulus already playing changes nothing and is not another play.
    if (player.isPlaying && player.selected === key) return;
    record.current.replays += 1;
    player.select(key);
    if (!player.isPlaying) player.play();
  }, []);
  const toggle = useCallback(() => {
    const player = playerRef.current;
    if (!player) return;
    void resumeAudio();
    if (!player.isPlaying) record.current.replays += 1;
    player.toggle();
  }, []);
  const seek = useCallback((seconds: number) => playerRef.current?.seek(seconds), []);
  const setLoop = useCallback((region: LoopRegion | null) => playerRef.current?.setLoop(region), []);
  const position = useCallback(() => playerRef.current?.position() ?? 0, []);
  const stats = useCallback(() => {
    const r = record.current;
    const running = r.since === null ? 0 : performance.now() - r.since;
    return { replays: r.replays, listeningMs: Math.round(r.listeningMs + running) };
  }, []);

  return { ...view, position, play, toggle, seek, setLoop, stats };
}
