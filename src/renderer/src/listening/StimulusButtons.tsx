import type { StimulusPlayer } from './useStimulusPlayer.ts';

/** Big play buttons, one per stimulus; the one playing is highlighted. Labels are keys only (blinded). */
export function StimulusButtons({
  player,
  keys,
  labels = {},
  hotkeys = {},
}: {
  player: StimulusPlayer;
  keys: readonly string[];
  labels?: Record<string, string>;
  hotkeys?: Record<string, string>;
}) {
  return (
    <div className="stimulus-buttons">
      {keys.map((key) => {
        const active = player.selected === key;
        return (
          <button
            key={key}
            className={`stimulus${active ? ' selected' : ''}${active && player.playing ? ' playing' : ''}`}
            disabled={player.state !== 'ready'}
            onClick={() => (active && player.playing ? player.toggle() : player.play(key))}
            data-testid={`play-${key}`}
            aria-pressed={active && player.playing}
          >
            <span className="stimulus-name">{labels[key] ?? key}</span>
            <kbd>{hotkeys[key] ?? key.toUpperCase()}</kbd>
          </button>
        );
      })}
      <button
        className="ghost"
        disabled={player.state !== 'ready'}
        onClick={() => player.toggle()}
        data-testid="play-pause"
      >
        {player.playing ? 'Pause' : 'Play'} <kbd>Space</kbd>
      </button>
    </div>
  );
}
