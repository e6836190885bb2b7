import { useRef, useState, type ReactNode } from 'react';
import { isAudioFile, notAudioMessage } from './audio-file.ts';

/** Receives the dropped audio file's name and bytes (the voice picker imports and selects it). */
export type DroppedAudio = (fileName: string, bytes: Uint8Array) => void;

/** Whether a drag carries files (not text or a link dragged from the page). */
const carriesFiles = (event: React.DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

/**
 * Makes everything inside it a drop target for one audio file, imported as the voice. While a file is dragged over
 * it an overlay says what dropping will do; a dropped file that is not audio gets a message naming it. (The desktop
 * window's navigation guard already keeps a drop from replacing the app; this gives the drop a meaning.)
 */
export function VoiceDropZone({
  onAudio,
  children,
  className,
  testId,
}: {
  onAudio: DroppedAudio;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const [dragging, setDragging] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // dragenter/dragleave fire for every child crossed: count them so the overlay stays until the pointer leaves.
  const depth = useRef(0);

  return (
    <div
      className={`${className ?? ''} voice-drop-zone${dragging ? ' dragging' : ''}`}
      data-testid={testId}
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = Array.from(event.dataTransfer.files);
        const file = files.find(isAudioFile);
        if (!file) {
          setMessage(files[0] ? notAudioMessage(files[0]) : 'Nothing to import: drop an audio file.');
          return;
        }
        setMessage(files.length > 1 ? `Imported “${file.name}” only: one voice per drop.` : null);
        void file.arrayBuffer().then(
          (buffer) => onAudio(file.name, new Uint8Array(buffer)),
          (error: Error) => setMessage(`Could not read “${file.name}”: ${error.message}`),
        );
      }}
    >
      {message && (
        <div className="note-box small drop-message" role="alert" data-testid="drop-message">
          <span>{message}</span>
          <button className="small ghost" onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {children}
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden>
          <div>
            <strong>Drop an audio file to use it as the voice</strong>
            <span className="muted small">WAV, FLAC, MP3, OGG, Opus or M4A; about 10 s of clean speech</span>
          </div>
        </div>
      )}
    </div>
  );
}
