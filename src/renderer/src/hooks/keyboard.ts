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
