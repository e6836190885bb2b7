import type { SentenceBoundary } from './sentence-scanner.ts';
import { isWhitespace } from './sentence-rules.ts';

/**
 * Where to cut a segment that would exceed its maximum length: the text from `start` has no sentence end giving
 * a segment of minChars..maxChars, so cut inside [start, windowEnd] (windowEnd = start + maxChars; the caller
 * guarantees text[windowEnd] exists). Preference, each time the LAST such point (fullest segment):
 *  1. clause punctuation (, ; : — – … and CJK ，、；：) with the segment at least minChars long;
 *  2. a word boundary (whitespace) with the segment at least minChars long;
 *  3. a word boundary of a script written without spaces (Han, kana, Thai ...), found with Intl.Segmenter;
 *  4. a sentence end, then clause punctuation or whitespace, giving a segment shorter than minChars;
 *  5. a hard cut at maxChars: only when the window holds a single word longer than the maximum.
 * Returns the exclusive end of the segment.
 */
export function chooseBreak(
  text: string,
  start: number,
  windowEnd: number,
  minChars: number,
  boundaries: readonly SentenceBoundary[],
): number {
  const lo = start + minChars;
  let clauseHi = -1;
  let wordHi = -1;
  let anyLo = -1;
  for (let p = start + 1; p <= windowEnd; p++) {
    const clause = isClauseBreak(text, p);
    const word = isWhitespace(text[p]) && !isWhitespace(text[p - 1]);
    if (p >= lo) {
      if (clause) clauseHi = p;
      if (word) wordHi = p;
    } else if (clause || word) {
      anyLo = p;
    }
  }
  if (clauseHi > 0) return clauseHi;
  if (wordHi > 0) return wordHi;
  const unspaced = unspacedWordBreak(text, start, windowEnd, lo);
  if (unspaced > 0) return unspaced;
  let sentenceLo = -1;
  for (const b of boundaries) if (b.end > start && b.end < lo) sentenceLo = b.end;
  if (sentenceLo > 0) return sentenceLo;
  if (anyLo > 0) return anyLo;
  let cut = windowEnd;
  if (isHighSurrogate(text.charCodeAt(cut - 1)) && cut - 1 > start) cut--; // keep astral characters whole
  return cut;
}

const CLAUSE_BEFORE_SPACE = ',;:،؛…–';
const CLAUSE_CJK = '，、；：';
const LETTER = /^\p{L}$/u;

/** Whether a segment may end at `p` (exclusive) right after clause punctuation. */
function isClauseBreak(text: string, p: number): boolean {
  const prev = text[p - 1] ?? '';
  const next = text[p];
  if (CLAUSE_CJK.includes(prev)) return true;
  if (prev === '—') return isWhitespace(next) || LETTER.test(next ?? ''); // "word—word" and "word — word"
  // "1,000", "10:30" and "1990–2000" do not break: whitespace must follow.
  return CLAUSE_BEFORE_SPACE.includes(prev) && isWhitespace(next);
}

const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
let wordSegmenter: Intl.Segmenter | undefined;

/**
 * The last dictionary word boundary in [lo, windowEnd] next to a character of an unspaced script. Only the
 * window's own text is segmented, so the answer cannot change as more text arrives.
 */
function unspacedWordBreak(text: string, start: number, windowEnd: number, lo: number): number {
  const window = text.slice(start, windowEnd + 1);
  if (!UNSPACED_SCRIPT.test(window)) return -1;
  wordSegmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
  let best = -1;
  for (const { index } of wordSegmenter.segment(window)) {
    const p = start + index;
    if (p < lo || p > windowEnd || p === start) continue;
    if (UNSPACED_SCRIPT.test(text[p - 1] ?? '') || UNSPACED_SCRIPT.test(text[p] ?? '')) best = p;
  }
  return best;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
