import { useState } from 'react';
import type { RunNote } from '../../../contract/methods/library.ts';
import { dateTime } from '../components/format.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { ExportZipButton } from '../components/ExportZipButton.tsx';

/** Tags, notes and export of one run; every change is saved at once. */
export function Annotations({
  runId,
  tags: initialTags,
  notes: initialNotes,
}: {
  runId: string;
  tags: string[];
  notes: RunNote[];
}) {
  const engine = useEngine();
  const [tags, setTags] = useState(initialTags);
  const [notes, setNotes] = useState(initialNotes);
  const [tagText, setTagText] = useState('');
  const [noteText, setNoteText] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const report = (promise: Promise<unknown>, success?: string) =>
    promise.then(
      () => success && setMessage({ ok: true, text: success }),
      (error: Error) => setMessage({ ok: false, text: error.message }),
    );

  const addTag = () => {
    const names = tagText
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!names.length) return;
    void report(
      engine.call('runs.tag', { id: runId, add: names }).then((r) => {
        setTags(r.tags);
        setTagText('');
      }),
    );
  };

  return (
    <div className="stack" data-testid="annotations">
      <div>
        <h3>Tags</h3>
        <div className="row">
          {tags.map((tag) => (
            <span key={tag} className="tag" data-testid="run-tag">
              {tag}
              <button
                title={`remove ${tag}`}
                onClick={() =>
                  void report(
                    engine.call('runs.tag', { id: runId, remove: [tag] }).then((r) => setTags(r.tags)),
                  )
                }
              >
                ×
              </button>
            </span>
          ))}
          <input
            placeholder="add tags (comma-separated)"
            value={tagText}
            data-testid="tag-input"
            onChange={(e) => setTagText(e.target.value)}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Enter') addTag();
            }}
          />
          <button onClick={addTag}>Add</button>
        </div>
      </div>
      <div>
        <h3>Notes</h3>
        <ul className="plain stack" style={{ gap: 6 }}>
          {notes.map((note) => (
            <li key={note.id} className="row" data-testid="run-note" style={{ alignItems: 'start' }}>
              <span style={{ flex: 1, whiteSpace: 'pre-wrap' }}>{note.body}</span>
              <span className="muted small">{dateTime(note.createdAt)}</span>
              <button
                className="ghost small"
                onClick={() =>
                  void report(
                    engine.call('runs.note', { id: runId, deleteId: note.id }).then((r) => setNotes(r.notes)),
                  )
                }
              >
                delete
              </button>
            </li>
          ))}
        </ul>
        <textarea
          rows={2}
          placeholder="What did you hear? (saved with the run and its exports)"
          value={noteText}
          data-testid="note-input"
          onKeyDown={(e) => e.stopPropagation()}
          onChange={(e) => setNoteText(e.target.value)}
        />
        <button
          disabled={!noteText.trim()}
          onClick={() =>
            void report(
              engine.call('runs.note', { id: runId, body: noteText }).then((r) => {
                setNotes(r.notes);
                setNoteText('');
              }),
            )
          }
        >
          Add note
        </button>
      </div>
      <div>
        <h3>Export</h3>
        <div className="row">
          <ExportZipButton target={{ kind: 'runs', ids: [runId] }} testId="export-button" />
        </div>
        <p className="muted small" style={{ margin: '4px 0 0' }}>
          One zip: stream and offline reference as float32 WAV, plus a JSON sidecar with the full
          configuration, metrics and provenance (fixture runs are labelled “synthetic test model”).
        </p>
      </div>
      {message && (
        <p className={message.ok ? 'small' : 'field-error'} role="status" data-testid="annotation-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
