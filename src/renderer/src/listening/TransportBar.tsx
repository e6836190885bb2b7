import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { clock } from '../components/format.ts';
import type { StimulusPlayer } from './useStimulusPlayer.ts';

/**
 * A neutral timeline for blind tests: playhead, click to seek, drag to set a loop region. It deliberately draws
 * no waveform: in ABX, X's waveform would give the answer away by eye.
 */
export function TransportBar({ player }: { player: StimulusPlayer }) {
  const track = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState(0);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const duration = player.duration;

  useEffect(() => {
    let frame = 0;
    const tick = () => {
      setPosition(player.position());
      if (player.playing) frame = requestAnimationFrame(tick);
    };
    tick();
    return () => cancelAnimationFrame(frame);
  }, [player, player.playing, player.selected, player.loop]);

  const timeAt = (event: PointerEvent<HTMLDivElement>) => {
    const rect = (track.current as HTMLDivElement).getBoundingClientRect();
    return Math.min(Math.max(0, (event.clientX - rect.left) / rect.width), 1) * duration;
  };
  const pct = (seconds: number) => `${duration > 0 ? (seconds / duration) * 100 : 0}%`;
  const loop = drag
    ? { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) }
    : player.loop;

  return (
    <div className="transport">
      <div
        ref={track}
        className="transport-track"
        data-testid="transport-track"
        onPointerDown={(e) => {
          if (!duration) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          const t = timeAt(e);
          setDrag({ from: t, to: t });
        }}
        onPointerMove={(e) => {
          if (drag) setDrag({ ...drag, to: timeAt(e) });
        }}
        onPointerUp={(e) => {
          if (!drag) return;
          const to = timeAt(e);
          // A drag of less than 50 ms is a click: seek there.
          if (Math.abs(to - drag.from) < 0.05) player.seek(to);
          else {
            const region = { start: Math.min(drag.from, to), end: Math.max(drag.from, to) };
            player.setLoop(region);
            // Start inside the loop, so the first pass is already the region.
            const now = player.position();
            if (now < region.start || now > region.end) player.seek(region.start);
          }
          setDrag(null);
        }}
        title="Click to seek; drag to loop a region"
      >
        {loop && (
          <div
            className="transport-loop"
            data-testid="loop-region"
            style={{ left: pct(loop.start), width: pct(loop.end - loop.start) }}
          />
        )}
        <div className="transport-fill" style={{ width: pct(position) }} />
        <div className="transport-head" style={{ left: pct(position) }} />
      </div>
      <div className="row small muted num">
        <span data-testid="transport-time">
          {clock(position)} / {clock(duration)}
        </span>
        {player.loop && (
          <>
            <span>
              · loop {clock(player.loop.start)}–{clock(player.loop.end)}
            </span>
            <button className="ghost small" onClick={() => player.setLoop(null)} data-testid="clear-loop">
              clear loop <kbd>L</kbd>
            </button>
          </>
        )}
      </div>
    </div>
  );
}
