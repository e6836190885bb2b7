import { BULLETS, isWhitespace } from './sentence-rules.ts';

/**
 * Inline lists (pySBD's golden rules 31 to 39): "1.) The first item 2.) The second item", "a. The first item b.
 * The second item", "• 9. The first item • 10. The second item". A sentence that starts with a list marker ends
 * where the next marker of the same kind begins (after whitespace): the number plus one, the next letter, or the
 * same bullet. Only the successor of the marker the sentence started with counts, so "1. I have 2 apples" and
 * "A. Smith met B. Jones" stay whole (upper-case letters are initials, never list markers here).
 */
export interface ListSuccessor {
  /** The exact marker text that starts the next item (`2.)`, `b.`, `•`). */
  marker: string;
  /** Numbers and letters need whitespace after them (`2. `); a bullet may be attached (`⁃10.`). */
  spaceAfter: boolean;
}

/** The successor of the list marker at the start of the sentence, null when there is none, or 'pending'. */
export function listSuccessorAt(text: string, sentenceStart: number): ListSuccessor | null | 'pending' {
  let s = sentenceStart;
  while (s < text.length && isWhitespace(text[s])) s++;
  const c = text[s];
  if (c === undefined) return 'pending';
  if (BULLETS.includes(c)) return { marker: c, spaceAfter: false };
  let i = s;
  let next: string;
  if (/\d/u.test(c)) {
    while (i < text.length && /\d/u.test(text[i] ?? '') && i - s <= 3) i++;
    if (i - s > 3) return null;
    if (i === text.length) return 'pending';
    next = String(Number(text.slice(s, i)) + 1);
  } else if (c >= 'a' && c < 'z') {
    i = s + 1;
    next = String.fromCharCode(c.charCodeAt(0) + 1);
  } else {
    return null;
  }
  let suffix: string;
  if (i >= text.length) return 'pending';
  if (text[i] === ')') suffix = ')';
  else if (text[i] === '.') {
    if (i + 1 >= text.length) return 'pending';
    suffix = text[i + 1] === ')' ? '.)' : '.';
  } else return null;
  const after = i + suffix.length;
  if (after >= text.length) return 'pending';
  return isWhitespace(text[after]) ? { marker: next + suffix, spaceAfter: true } : null;
}

/**
 * Where the successor marker starts (preceded by whitespace, at or after `from`), -1 when it is not in the text,
 * or 'pending' with its index when the text ends before the character that decides it.
 */
export function findSuccessor(
  text: string,
  successor: ListSuccessor,
  from: number,
): { index: number; pending: boolean } | null {
  let at = text.indexOf(successor.marker, Math.max(from, 1));
  while (at >= 0) {
    if (isWhitespace(text[at - 1])) {
      if (!successor.spaceAfter) return { index: at, pending: false };
      const after = at + successor.marker.length;
      if (after >= text.length) return { index: at, pending: true };
      if (isWhitespace(text[after])) return { index: at, pending: false };
    }
    at = text.indexOf(successor.marker, at + 1);
  }
  return null;
}
