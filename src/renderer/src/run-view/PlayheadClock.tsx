import { useEffect, useState } from 'react';
import type { BufferPlayer } from '../audio/buffer-player.ts';
import { clock } from '../components/format.ts';

/** The playhead position, following the AudioContext clock (its own component, so only it re-renders). */
export function PlayheadClock({
  player,
  testId = 'current-time',
}: {
  player: BufferPlayer;
  testId?: string;
}) {
  const [time, setTime] = useState(player.position());
  useEffect(() => {
    let frame = 0;
    const tick = () => {
      setTime(player.position());
      if (player.isPlaying) frame = requestAnimationFrame(tick);
    };
    const unsubscribe = player.subscribe(() => {
      cancelAnimationFrame(frame);
      tick();
    });
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
    };
  }, [player]);
  return (
    <span className="mono num" data-testid={testId} data-value={time.toFixed(6)}>
      {clock(time)}
    </span>
  );
}
