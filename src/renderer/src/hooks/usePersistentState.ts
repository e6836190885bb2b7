import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

/**
 * useState that survives reloads and engine errors (localStorage). The stored value is parsed by `revive`, which
 * returns undefined for anything it does not accept, so an old or hand-edited entry falls back to the default.
 */
export function usePersistentState<T>(
  key: string,
  initial: T,
  revive: (stored: unknown) => T | undefined = (stored) => stored as T,
): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      if (raw !== null) return revive(JSON.parse(raw)) ?? initial;
    } catch {
      // Unreadable entry or storage disabled: start fresh.
    }
    return initial;
  });
  useEffect(() => {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the form still works, it just will not survive a reload.
    }
  }, [key, value]);
  return [value, setValue];
}
