import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { VoiceInfo } from '../../../contract/methods/library.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { AUDIO_ACCEPT } from './audio-file.ts';
import { importVoiceBytes, recordingToWav } from './voice-import.ts';
import type { DroppedAudio } from './VoiceDropZone.tsx';

type Busy = { kind: 'idle' } | { kind: 'importing' } | { kind: 'recording'; startedAt: number };

/**
 * Pick a voice from the library, import an audio file, or record one from the microphone; rename or remove an
 * imported one. Imports are checked for `model`'s family (level and length of sound; Turbo needs more than 5 s).
 * `importer` receives the picker's import, so a file dropped anywhere on the screen is imported here, with the
 * same progress, checks and messages as the Import button.
 */
export function VoicePicker({
  value,
  onChange,
  model,
  importer,
}: {
  value: string;
  onChange: (voice: string) => void;
  model?: string;
  importer?: RefObject<DroppedAudio | null>;
}) {
  const engine = useEngine();
  const [voices, setVoices] = useState<VoiceInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>({ kind: 'idle' });
  const [now, setNow] = useState(Date.now());
  const recorder = useRef<MediaRecorder | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(
    () =>
      engine.call('voices.list', {}).then(
        ({ voices }) => setVoices(voices),
        (e: Error) => setError(`Could not list voices: ${e.message}`),
      ),
    [engine],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (busy.kind !== 'recording') return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [busy.kind]);

  // A recording in progress is stopped (and its microphone released) when the picker goes away.
  useEffect(
    () => () => {
      const active = recorder.current;
      if (active && active.state !== 'inactive') active.stop();
    },
    [],
  );

  const importBytes = async (fileName: string, bytes: Uint8Array) => {
    setBusy({ kind: 'importing' });
    setError(null);
    try {
      const voice = await importVoiceBytes(engine, fileName, bytes, model);
      await refresh();
      onChange(voice.name);
    } catch (e) {
      setError(`Import failed: ${(e as Error).message}`);
    } finally {
      setBusy({ kind: 'idle' });
    }
  };

  useEffect(() => {
    if (!importer) return;
    importer.current = (fileName, bytes) => void importBytes(fileName, bytes);
    return () => {
      importer.current = null;
    };
  });

  const startRecording = async () => {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError('This browser cannot record audio here (microphone access needs https or localhost).');
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const chunks: Blob[] = [];
      const media = new MediaRecorder(stream);
      media.ondataavailable = (event) => chunks.push(event.data);
      media.onstop = () => {
        for (const track of stream.getTracks()) track.stop();
        recorder.current = null;
        const blob = new Blob(chunks, { type: media.mimeType });
        recordingToWav(blob).then(
          (wav) =>
            importBytes(`recording-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.wav`, wav),
          (e: Error) => {
            setBusy({ kind: 'idle' });
            setError(`Could not decode the recording: ${e.message}`);
          },
        );
      };
      recorder.current = media;
      media.start();
      setBusy({ kind: 'recording', startedAt: Date.now() });
    } catch (e) {
      setError(
        `Microphone unavailable: ${(e as Error).message}. Allow microphone access, or import a file instead.`,
      );
    }
  };

  const known = voices?.some((v) => v.name === value) ?? true;
  const own = voices?.find((v) => v.name === value && !v.builtIn);

  const rename = async (newName: string) => {
    setError(null);
    try {
      const { voice } = await engine.call('voices.rename', { name: value, newName });
      setRenaming(null);
      await refresh();
      onChange(voice.name);
    } catch (e) {
      setError(`Rename failed: ${(e as Error).message}`);
    }
  };

  const remove = async () => {
    setError(null);
    setConfirmRemove(false);
    try {
      await engine.call('voices.remove', { name: value });
      await refresh();
      onChange('default');
    } catch (e) {
      setError(`Remove failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className="stack" style={{ gap: 6 }}>
      {/* Wraps the buttons under the select rather than cutting its label in a narrow column. */}
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <label className="field" style={{ flex: '1 1 200px' }}>
          <span>Voice</span>
          <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="voice-select">
            {!known && <option value={value}>{value} (not in the library)</option>}
            {(voices ?? []).map((voice) => (
              <option key={voice.path} value={voice.name}>
                {voice.name}
                {voice.builtIn ? ' (built in)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          onClick={() => fileInput.current?.click()}
          disabled={busy.kind !== 'idle'}
          style={{ alignSelf: 'end' }}
          title="Import a WAV/FLAC/MP3/OGG file as a voice (about 10 s of clean speech works best)"
        >
          Import file…
        </button>
        {busy.kind === 'recording' ? (
          <button className="danger" style={{ alignSelf: 'end' }} onClick={() => recorder.current?.stop()}>
            ■ Stop ({((now - busy.startedAt) / 1000).toFixed(0)} s)
          </button>
        ) : (
          <button
            style={{ alignSelf: 'end' }}
            onClick={() => void startRecording()}
            disabled={busy.kind !== 'idle'}
            title="Record a voice from the microphone (aim for about 10 s)"
          >
            ● Record
          </button>
        )}
        <input
          ref={fileInput}
          type="file"
          accept={AUDIO_ACCEPT}
          hidden
          data-testid="voice-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file)
              void file.arrayBuffer().then((buffer) => importBytes(file.name, new Uint8Array(buffer)));
          }}
        />
      </div>
      {own && renaming === null && (
        <div className="row small">
          <button className="small" data-testid="voice-rename" onClick={() => setRenaming(own.name)}>
            Rename…
          </button>
          {confirmRemove ? (
            <>
              <button
                className="small danger"
                data-testid="voice-remove-confirm"
                onClick={() => void remove()}
              >
                Remove “{own.name}” for good
              </button>
              <button className="small ghost" onClick={() => setConfirmRemove(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button className="small" data-testid="voice-remove" onClick={() => setConfirmRemove(true)}>
              Remove
            </button>
          )}
        </div>
      )}
      {own && renaming !== null && (
        <form
          className="row small"
          onSubmit={(event) => {
            event.preventDefault();
            void rename(renaming);
          }}
        >
          <input
            aria-label="New voice name"
            value={renaming}
            onChange={(event) => setRenaming(event.target.value)}
            data-testid="voice-rename-input"
            autoFocus
          />
          <button className="small primary" type="submit" data-testid="voice-rename-save">
            Save name
          </button>
          <button className="small ghost" type="button" onClick={() => setRenaming(null)}>
            Cancel
          </button>
        </form>
      )}
      {busy.kind === 'importing' && (
        <span className="muted small" data-testid="voice-importing">
          Importing…
        </span>
      )}
      {error && (
        <span className="field-error" role="alert" data-testid="voice-error">
          {error}
        </span>
      )}
    </div>
  );
}
