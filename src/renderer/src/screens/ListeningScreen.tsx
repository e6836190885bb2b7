import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { EngineError } from '../components/EngineError.tsx';
import { dateTime } from '../components/format.ts';
import { SyntheticBadge } from '../components/SyntheticBadge.tsx';
import { useEngineQuery } from '../hooks/useEngineQuery.ts';
import { KIND_LABEL } from '../listening/kinds.ts';
import { NewSessionForm } from '../listening/NewSessionForm.tsx';
import { SessionResults } from '../listening/SessionResults.tsx';
import { SessionRunner } from '../listening/SessionRunner.tsx';
import '../listening/listening.css';

function SessionList() {
  const sessions = useEngineQuery('listening.list', {});
  if (sessions.state === 'failed')
    return <EngineError error={sessions.error} title="Could not list sessions." onRetry={sessions.reload} />;
  const list = sessions.data ?? [];
  return (
    <section className="card" data-testid="session-list">
      <h2>Sessions</h2>
      {list.length === 0 ? (
        <p className="muted">No listening sessions yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Listener</th>
              <th className="num">Answered</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <td>
                  <Link href={`/listening/${s.id}`}>{s.name}</Link>{' '}
                  <SyntheticBadge synthetic={s.synthetic} compact />
                </td>
                <td>{KIND_LABEL[s.kind]}</td>
                <td>{s.listener || '—'}</td>
                <td className="num">
                  {s.answered} / {s.total}
                </td>
                <td className="muted small">{dateTime(s.createdAt)}</td>
                <td>
                  {s.finishedAt ? (
                    <span className="badge ok">finished</span>
                  ) : s.answered === s.total ? (
                    <span className="badge warn">answered, not finished</span>
                  ) : (
                    <span className="badge off">in progress</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One session: the blind test while it runs, the unblinded results once it is finished. */
function Session({ sessionId }: { sessionId: string }) {
  const state = useEngineQuery('listening.session', { sessionId });
  const [finished, setFinished] = useState(false);
  const [showResults, setShowResults] = useState(false);
  const onFinished = useCallback(() => setFinished(true), []);
  if (state.state === 'failed')
    return <EngineError error={state.error} title="Could not open the session." onRetry={state.reload} />;
  if (!state.data) return <p className="muted">Opening the session…</p>;
  const done = finished || state.data.finishedAt !== null;
  return (
    <div className="stack">
      <div className="row small">
        <Link href="/listening">← all sessions</Link>
        <span className="spacer" />
        {!done && !showResults && (
          <button className="ghost small" onClick={() => setShowResults(true)} data-testid="peek-results">
            Show results now (unblinds)
          </button>
        )}
      </div>
      {done || showResults ? (
        <SessionResults sessionId={sessionId} />
      ) : (
        <SessionRunner sessionId={sessionId} onFinished={onFinished} />
      )}
    </div>
  );
}

export function ListeningScreen({ sessionId }: { sessionId?: string }) {
  return (
    <div className="stack" data-testid="listening-screen">
      {sessionId ? (
        <Session key={sessionId} sessionId={sessionId} />
      ) : (
        <>
          <NewSessionForm />
          <SessionList />
        </>
      )}
    </div>
  );
}
