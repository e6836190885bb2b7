import { useState } from 'react';
import type { ExportTarget } from '../../../contract/methods/exports.ts';
import { useEngine } from '../connection/EngineContext.tsx';
import { exportZip } from './export-zip.ts';

/** One button that saves runs, a pair or a session as a zip of WAVs and JSON, and says where it went. */
export function ExportZipButton({
  target,
  label = 'Export zip (WAV + JSON)',
  testId,
}: {
  target: ExportTarget;
  label?: string;
  testId: string;
}) {
  const engine = useEngine();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const outcome = await exportZip(engine, target);
      if (outcome) {
        const files = outcome.entries.map((f) => f.split('/').at(-1)).join(', ');
        const verb = outcome.saved === 'dialog' ? 'Saved' : 'Downloaded';
        setMessage({ ok: true, text: `${verb} ${outcome.where}: ${files}` });
      }
    } catch (error) {
      setMessage({ ok: false, text: `Export failed: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="export-zip">
      <button disabled={busy} onClick={() => void run()} data-testid={testId}>
        {busy ? 'Exporting…' : label}
      </button>
      {message && (
        <span
          className={message.ok ? 'small muted mono export-zip-message' : 'field-error'}
          role="status"
          data-testid={`${testId}-message`}
        >
          {message.text}
        </span>
      )}
    </span>
  );
}
