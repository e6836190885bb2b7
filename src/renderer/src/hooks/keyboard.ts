import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * True when a key event comes from somewhere the user types text (shortcuts must not steal typing). Checkboxes,
 * radios and buttons do not count: the workbench's single-key shortcuts stay live after clicking one.
 */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
      target.type,
    );
  return false;
}

/**
 * Window-wide shortcuts for a screen. The listener is registered once and always calls the latest handler
 * (kept in a ref, updated in a layout effect): re-subscribing in a plain effect after every render left a
 * window in which a key went to a stale handler that still saw, say, the audio loading.
 */
export function useKeyboardShortcuts(handler: (event: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => latest.current(event);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
