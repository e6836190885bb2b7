import { useEffect, useState } from 'react';

/** A toast with an Undo button that counts down to `until` (ms epoch), then disappears. */
export function UndoToast({
  message,
  until,
  onUndo,
  onExpire,
}: {
  message: string;
  until: number;
  onUndo: () => void;
  onExpire: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (now >= until) onExpire();
  }, [now, until, onExpire]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span>{message}</span>
      <button onClick={onUndo} data-testid="undo-button">
        Undo ({left} s)
      </button>
    </div>
  );
}
