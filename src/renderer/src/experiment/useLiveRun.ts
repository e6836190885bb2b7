import { useCallback, useEffect, useRef, useState } from 'react';
import { decodeFloat32, type RunConfig, type RunEvent } from '../../../contract/index.ts';
import { audioContext, resumeAudio } from '../audio/audio-context.ts';
import { LivePlayer, type LivePlayerStats } from '../audio/live-player.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { foldRunEvent, isDone, newLiveRun, type LiveRun } from './live-run.ts';

export interface LiveRunControls {
  run: LiveRun | null;
  player: LivePlayerStats | null;
  startError: Error | null;
  start: (config: RunConfig, save: boolean, concurrent?: boolean) => Promise<void>;
  cancel: () => void;
  /** Leaves the finished run's panel (the run itself stays in the library). */
  clear: () => void;
}

/**
 * Starts a run and follows it: folds its `run.event`s into a LiveRun and plays its chunks as they arrive.
 * Events are collected from before `runs.start` is sent, because the first ones may overtake its reply.
 */
export function useLiveRun(): LiveRunControls {
  const engine = useEngine();
  const [run, setRun] = useState<LiveRun | null>(null);
  const [player, setPlayer] = useState<LivePlayerStats | null>(null);
  const [startError, setStartError] = useState<Error | null>(null);
  const livePlayer = useRef<LivePlayer | null>(null);
  const unsubscribe = useRef<(() => void) | null>(null);
  const runIdRef = useRef<string | null>(null);
  const startRequested = useRef(false);

  const stopFollowing = useCallback(() => {
    unsubscribe.current?.();
    unsubscribe.current = null;
  }, []);

  // Leaving the screen stops playback and the subscription; the run itself goes on in the engine.
  useEffect(
    () => () => {
      stopFollowing();
      livePlayer.current?.stop();
    },
    [stopFollowing],
  );

  // A run already in the engine (started before a reload or a screen switch) is re-attached: its events so far
  // are replayed from runs.active, then followed. Both transports deliver in order, so every event that reached
  // this page before the reply is in it and every later one comes after it: following starts at the reply.
  useEffect(() => {
    let cancelled = false;
    engine
      .call('runs.active', {})
      .then(({ runs }) => {
        const active = runs.find((r) => r.state === 'running') ?? runs[0];
        // The user pressed Run meanwhile (or left): that run is followed by start(), not this one.
        if (cancelled || !active || startRequested.current) return;
        runIdRef.current = active.runId;
        const now = performance.now();
        let state: LiveRun = { ...newLiveRun(active.runId, now), reattached: true, config: active.config };
        if (active.state === 'queued') state = { ...state, status: 'queued', queuePosition: active.position };
        for (const event of active.events) state = foldRunEvent(state, event, now);
        setRun(state);
        if (!isDone(state)) unsubscribe.current = engine.on('run.event', (event) => handleRef.current(event));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [engine]);

  // The meter and gap counter follow the audio clock, not events.
  const activeRunId = run?.runId;
  useEffect(() => {
    if (!activeRunId) return;
    const timer = setInterval(() => {
      const stats = livePlayer.current?.stats() ?? null;
      setPlayer(stats);
    }, 100);
    return () => clearInterval(timer);
  }, [activeRunId]);

  const handle = useCallback(
    (event: RunEvent) => {
      if (event.runId !== runIdRef.current) return;
      if (event.type === 'chunk') {
        livePlayer.current?.push(decodeFloat32(event.audio.float32), event.audio.sampleRate);
      }
      if (event.type === 'finished') livePlayer.current?.finish();
      if (event.type === 'failed' || event.type === 'cancelled') livePlayer.current?.finish();
      const now = performance.now();
      setRun((current) => (current ? foldRunEvent(current, event, now) : current));
      if (event.type === 'finished' || event.type === 'failed' || event.type === 'cancelled') stopFollowing();
    },
    [stopFollowing],
  );

  const handleRef = useRef(handle);
  handleRef.current = handle;

  const start = useCallback(
    async (config: RunConfig, save: boolean, concurrent = false) => {
      startRequested.current = true;
      stopFollowing();
      livePlayer.current?.stop();
      setStartError(null);
      // Inside the click: browsers start audio only from a user gesture.
      void resumeAudio();
      const requestedAt = performance.now();
      const early: RunEvent[] = [];
      runIdRef.current = null;
      unsubscribe.current = engine.on('run.event', (event) => {
        if (runIdRef.current === null) early.push(event);
        else handle(event);
      });
      livePlayer.current = new LivePlayer(audioContext(), {
        jitterBufferMs: config.playback.jitterBufferMs,
        gatherThenPlay: config.playback.mode === 'gather-then-play',
      });
      try {
        const { runId } = await engine.call('runs.start', { config, save, concurrent });
        runIdRef.current = runId;
        setRun(newLiveRun(runId, requestedAt));
        for (const event of early) handle(event);
      } catch (error) {
        stopFollowing();
        livePlayer.current?.stop();
        livePlayer.current = null;
        setRun(null);
        setStartError(error as Error);
      }
    },
    [engine, handle, stopFollowing],
  );

  const cancel = useCallback(() => {
    const runId = runIdRef.current;
    livePlayer.current?.stop();
    if (runId) void engine.call('runs.cancel', { runId }).catch(() => undefined);
  }, [engine]);

  const clear = useCallback(() => {
    stopFollowing();
    livePlayer.current?.stop();
    livePlayer.current = null;
    runIdRef.current = null;
    setRun(null);
    setPlayer(null);
  }, [stopFollowing]);

  return { run, player, startError, start, cancel, clear };
}
