import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { PairView, RunBrief } from '../../../contract/methods/listening.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { EngineError } from '../components/EngineError.tsx';
import { exportZip } from '../components/export-zip.ts';
import { dateTime, fixed, ms, shortId } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { readableValue } from './differences.ts';
import { PRESELECT_KEY } from './NewSessionForm.tsx';
import { StimulusButtons } from './StimulusButtons.tsx';
import { TransportBar } from './TransportBar.tsx';
import { useStimulusPlayer } from './useStimulusPlayer.ts';

/** A text field that saves when it loses focus (or on Enter), so editing never needs a separate button. */
function InlineEdit({
  value,
  placeholder,
  multiline = false,
  onSave,
  testId,
}: {
  value: string;
  placeholder: string;
  multiline?: boolean;
  onSave: (value: string) => Promise<unknown>;
  testId: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const save = () => {
    if (text !== value) void onSave(text);
  };
  return multiline ? (
    <textarea
      className="inline-edit small"
      rows={text ? 2 : 1}
      value={text}
      placeholder={placeholder}
      onChange={(e) => setText(e.target.value)}
      onBlur={save}
      data-testid={testId}
    />
  ) : (
    <input
      className="inline-edit"
      value={text}
      placeholder={placeholder}
      onChange={(e) => setText(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
      data-testid={testId}
    />
  );
}

function Side({ letter, run }: { letter: 'A' | 'B'; run: RunBrief }) {
  return (
    <div className="pair-side small">
      <div>
        <span className="side-letter">{letter}</span>
        <Link href={`/runs/${run.id}`} className="mono">
          {shortId(run.id)}
        </Link>{' '}
        <SyntheticBadge synthetic={run.synthetic} compact />
      </div>
      <div>{run.strategy}</div>
      <div className="muted num">
        click {fixed(run.medianClickScore, 2)} · TTFA {ms(run.ttfaMs)} ms · SNR {fixed(run.snrDb, 1)} dB
      </div>
    </div>
  );
}

/** Side-by-side audition: one AudioContext, instant A/B switching at the same position. */
function Audition({ pairId }: { pairId: string }) {
  const engine = useEngine();
  const [kind, setKind] = useState<'stream' | 'reference'>('stream');
  const player = useStimulusPlayer(`${pairId}:${kind}`, ['A', 'B'], (side) =>
    engine.call('pairs.audio', { pairId, side: side as 'A' | 'B', kind }),
  );
  return (
    <div className="stack" data-testid="audition">
      <div className="row small">
        <label className="row">
          <input type="radio" checked={kind === 'stream'} onChange={() => setKind('stream')} /> streamed
        </label>
        <label className="row">
          <input type="radio" checked={kind === 'reference'} onChange={() => setKind('reference')} /> offline
          reference
        </label>
      </div>
      {player.error && <EngineError error={player.error} title="Could not load the audio." />}
      <StimulusButtons player={player} keys={['A', 'B']} />
      <TransportBar player={player} />
    </div>
  );
}

export function PairCard({ pair, onChanged }: { pair: PairView; onChanged: () => void }) {
  const engine = useEngine();
  const [, navigate] = useLocation();
  const [audition, setAudition] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <div className="pair-card" data-testid="pair-card" data-pair-id={pair.id}>
      <div className="stack" style={{ gap: 8 }}>
        <div className="row">
          <InlineEdit
            value={pair.label}
            placeholder="Unlabelled pair (click to label)"
            onSave={(label) =>
              act(() => engine.call('pairs.update', { pairId: pair.id, label }).then(onChanged))
            }
            testId="pair-label-edit"
          />
          <SyntheticBadge synthetic={pair.synthetic} />
          <span className="muted small" style={{ whiteSpace: 'nowrap' }}>
            {dateTime(pair.createdAt)}
          </span>
        </div>
        <div className="pair-sides">
          <Side letter="A" run={pair.a} />
          <Side letter="B" run={pair.b} />
        </div>
        <div className="pair-diff muted">
          {pair.differences.length === 0
            ? 'Identical configurations (a repeat).'
            : pair.differences.map((d) => (
                <span key={d.path} className="diff-item">
                  <code>{d.path}</code> {readableValue(d.a)} → {readableValue(d.b)}
                </span>
              ))}
        </div>
        <InlineEdit
          value={pair.note}
          placeholder="Add a note…"
          multiline
          onSave={(note) => act(() => engine.call('pairs.update', { pairId: pair.id, note }).then(onChanged))}
          testId="pair-note-edit"
        />
        {audition && <Audition pairId={pair.id} />}
        {exported && (
          <p className="small muted mono" style={{ margin: 0 }}>
            {exported}
          </p>
        )}
        {error && <EngineError error={error} title="That did not work." />}
      </div>
      <div className="pair-actions">
        <button
          onClick={() => setAudition((v) => !v)}
          className={audition ? 'active' : ''}
          data-testid="audition-pair"
        >
          {audition ? 'Hide player' : 'Audition A/B'}
        </button>
        <button
          onClick={() => {
            sessionStorage.setItem(PRESELECT_KEY, JSON.stringify([pair.id]));
            navigate('/listening');
          }}
          data-testid="listen-pair"
        >
          Blind test…
        </button>
        <button
          onClick={() =>
            act(async () => {
              const outcome = await exportZip(engine, { kind: 'pair', pairId: pair.id });
              if (outcome)
                setExported(
                  `${outcome.saved === 'dialog' ? 'Saved' : 'Downloaded'} ${outcome.where}: ${outcome.entries.join(', ')}`,
                );
            })
          }
          data-testid="export-pair"
        >
          Export zip
        </button>
        <button
          className="danger"
          onClick={() => act(() => engine.call('pairs.delete', { pairId: pair.id }).then(onChanged))}
        >
          Delete
        </button>
      </div>
    </div>
  );
}
