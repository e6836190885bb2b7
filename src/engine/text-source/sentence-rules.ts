/**
 * Sentence-end detection rules, decided one candidate at a time so that a stream can decide each candidate as
 * soon as enough text has arrived (and never differently later). A candidate is a run of terminators
 * (`.`, `!`, `?`, `…`, `‽`, CJK `。！？`, danda `।`, Arabic `؟` ...) or a line break. Deciding one needs the text
 * before it and at most the first character of the next sentence (a little more for list markers after a line
 * break and time zones after a.m./p.m.); when that text has not arrived yet the answer is 'pending'.
 *
 * Rules, in order (README.md in this folder lists them with examples):
 * - A run of terminators is one candidate (`?!?`, `...`, `。。`); closing quotes/brackets right after it belong to
 *   the sentence (`He said "Stop."` ends after the quote).
 * - Latin-style terminators need whitespace after them (so 3.14, 10.30, v1.2.3, example.com, a@b.org never split)
 *   and a next sentence that does not start with a lowercase letter or continuing punctuation.
 * - Ellipses (`...`, `…`) are ordinary terminators: they end a sentence when the next word starts like a sentence
 *   (`Wait... What?` splits), and not inside one (`I think... maybe` does not). A spaced ellipsis `. . .` never
 *   splits between its dots.
 * - A single `.` after an abbreviation, an initial, or a list marker at the start of a sentence is not an end.
 * - CJK/Devanagari/Arabic terminators end a sentence without any whitespace after them.
 * - A blank line always ends a sentence; a single line break ends one when the next line starts a list item.
 */

export type BoundaryDecision =
  { kind: 'split'; end: number; next: number } | { kind: 'no'; resumeAt: number } | { kind: 'pending' };

const WEAK_TERMINATORS = '.!?‽…‼⁇⁈⁉';
/** Terminators of scripts that do not put spaces between sentences. */
const STRONG_TERMINATORS = '。！？｡．।॥؟۔';
/** Closing quotes and brackets that stay with the sentence they follow (both German and French closers). */
const CLOSERS = `"'”’»«›‹)]}」』）】〕〉》〗〙〛“‘*`;
/** Characters that open a quote or bracket; stripped when looking at the word before a period. */
const OPENERS = `([{"'“‘„‚«»‹›¡¿`;
/** After a terminator and whitespace, these mean the sentence goes on. */
const CONTINUING_PUNCTUATION = ',;:)]}”’…-–—.!?،、，';

export const CANDIDATE_PATTERN = /[.!?‽…‼⁇⁈⁉。！？｡．।॥؟۔\n]/g;

/** Titles before a name (case-insensitive but must be capitalised): never end a sentence. */
const TITLES = new Set(
  (
    'mr mrs ms mx dr drs prof profs st ste sr sra srta mt ft gen col capt lt sgt cpl maj adm cmdr cdr brig gov ' +
    'sen rep rev hon pres supt insp messrs mme mmes mlle mlles hr frl dra pfc'
  ).split(' '),
);
/** Abbreviations that introduce something and so never end a sentence. */
const ALWAYS_CONTINUE = new Set(
  'e.g i.e eg ie vs v viz cf approx appx incl excl esp resp z.b d.h bzw bspw vgl sog'.split(' '),
);
/** Abbreviations that are not a sentence end when a number follows (No. 5, Fig. 3, p. 12, Jan. 4). */
const NUMBER_PREFIXES = new Set(
  (
    'no nos nr fig figs vol vols ch chap sec secs sect p pp para paras eq eqs art arts op ref refs tab pt pts ' +
    'est ca c ex n ed jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);
/** Time zones that commonly follow a.m./p.m. ("10 a.m. EST"). */
const TIME_ZONES = new Set(
  'UTC GMT EST EDT CST CDT MST MDT PST PDT AKST HST CET CEST EET BST IST JST KST AEST AEDT ET PT CT MT'.split(
    ' ',
  ),
);

const ROMAN_NUMERAL = /^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/i;
const LIST_WORD = /^(?:\d{1,3}|\p{L})$/u;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const WHITESPACE = /^\s$/u;

export function isWhitespace(c: string | undefined): boolean {
  return c !== undefined && WHITESPACE.test(c);
}
export function isWeakTerminator(c: string | undefined): boolean {
  return c !== undefined && WEAK_TERMINATORS.includes(c);
}
export function isStrongTerminator(c: string | undefined): boolean {
  return c !== undefined && STRONG_TERMINATORS.includes(c);
}
function isTerminator(c: string | undefined): boolean {
  return isWeakTerminator(c) || isStrongTerminator(c);
}
function isCloser(c: string | undefined): boolean {
  return c !== undefined && CLOSERS.includes(c);
}

export function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text[i])) i++;
  return i;
}

/** A next sentence may start with this character (anything but a lowercase letter or continuing punctuation). */
function startsSentence(c: string): boolean {
  return !LOWER.test(c) && !CONTINUING_PUNCTUATION.includes(c);
}

/** Count of « minus count of »: positive inside a French quotation, where a spaced » closes it. */
function guillemetDepth(text: string, end: number): number {
  let depth = 0;
  for (let i = 0; i < end; i++) {
    if (text[i] === '«') depth++;
    else if (text[i] === '»') depth--;
  }
  return depth;
}

/** The word right before index `end` (a period), without the openers before it. */
function wordBefore(text: string, end: number): { word: string; start: number } {
  let start = end;
  while (start > 0 && !isWhitespace(text[start - 1]) && !OPENERS.includes(text[start - 1] ?? '')) start--;
  return { word: text.slice(start, end), start };
}

/** Whether `wordStart` begins a sentence or a line, or follows a colon: where a list marker can stand. */
function atItemStart(text: string, wordStart: number, sentenceStart: number): boolean {
  let i = wordStart - 1;
  while (i >= sentenceStart && isWhitespace(text[i]) && text[i] !== '\n') i--;
  if (i < sentenceStart || text[i] === '\n') return true;
  while (i >= sentenceStart && isWhitespace(text[i])) i--;
  return text[i] === ':';
}

type Lookahead = boolean | 'pending';

/** Whether the letters starting at `from` form a time-zone abbreviation ending before a non-letter. */
function timeZoneAt(text: string, from: number): Lookahead {
  let i = from;
  while (i < text.length && LETTER.test(text[i] ?? '')) i++;
  if (i === text.length) return 'pending';
  return TIME_ZONES.has(text.slice(from, i));
}

/** Whether a list item starts at `from`: `- `, `* `, `• `, `# ` (up to ######), `12. ` or `12) `. */
export function listMarkerAt(text: string, from: number): Lookahead {
  const c = text[from];
  if (c === undefined) return 'pending';
  let i = from;
  if ('-*•‣◦–'.includes(c)) {
    i = from + 1;
  } else if (c === '#') {
    while (i < text.length && text[i] === '#' && i - from < 6) i++;
  } else if (DIGIT.test(c)) {
    while (i < text.length && DIGIT.test(text[i] ?? '')) {
      i++;
      if (i - from > 3) return false;
    }
    if (i === text.length) return 'pending';
    if (text[i] !== '.' && text[i] !== ')') return false;
    i++;
  } else {
    return false;
  }
  if (i === text.length) return 'pending';
  return isWhitespace(text[i]);
}

/** Whether a single period after `word`, followed (after whitespace) by text starting at `nextStart`, is an end. */
function periodEndsSentence(
  text: string,
  periodAt: number,
  nextStart: number,
  sentenceStart: number,
): Lookahead {
  const next = text[nextStart] ?? '';
  const { word, start: wordStart } = wordBefore(text, periodAt);
  const lower = word.toLowerCase();
  if (TITLES.has(lower) && UPPER.test(word[0] ?? '')) return false;
  if (ALWAYS_CONTINUE.has(lower)) return false;
  if (NUMBER_PREFIXES.has(lower) && DIGIT.test(next)) return false;
  // Initials: J. R. R. Tolkien. (Costs a split after "Plan B." before a capital; far rarer in running text.)
  if (UPPER.test(word)) return false;
  if (LIST_WORD.test(word) || ROMAN_NUMERAL.test(word)) {
    if (atItemStart(text, wordStart, sentenceStart)) return false;
  }
  if (DOTTED_ACRONYM.test(word)) {
    // U.S. Army, J.R.R. Tolkien: an upper-case dotted acronym before a capitalised word rarely ends a sentence.
    if (word === word.toUpperCase() && UPPER.test(next)) return false;
    if ((lower === 'a.m' || lower === 'p.m') && UPPER.test(next)) {
      const zone = timeZoneAt(text, nextStart);
      if (zone !== false) return zone === 'pending' ? 'pending' : false;
    }
  }
  return startsSentence(next);
}

function decideLineBreak(text: string, i: number, sentenceStart: number): BoundaryDecision {
  if (skipWhitespace(text, sentenceStart) >= i) return { kind: 'no', resumeAt: i + 1 };
  let j = i + 1;
  while (j < text.length && isWhitespace(text[j])) {
    if (text[j] === '\n') return { kind: 'split', end: i, next: j + 1 }; // a blank line: a paragraph ends
    j++;
  }
  if (j === text.length) return { kind: 'pending' };
  const marker = listMarkerAt(text, j);
  if (marker === 'pending') return { kind: 'pending' };
  return marker ? { kind: 'split', end: i, next: j } : { kind: 'no', resumeAt: j };
}

/**
 * Decide the candidate at `i` (a terminator or a line break found by CANDIDATE_PATTERN) in the sentence that
 * began at `sentenceStart`. 'split' gives the sentence's end (after closers) and where the next one begins;
 * 'no' says where to look for the next candidate; 'pending' needs more text.
 */
export function decideCandidate(text: string, i: number, sentenceStart: number): BoundaryDecision {
  if (text[i] === '\n') return decideLineBreak(text, i, sentenceStart);
  let runEnd = i;
  let strong = false;
  while (runEnd < text.length && isTerminator(text[runEnd])) {
    if (isStrongTerminator(text[runEnd])) strong = true;
    runEnd++;
  }
  let k = runEnd;
  while (k < text.length && isCloser(text[k])) k++;
  if (k === text.length) return { kind: 'pending' };
  const no: BoundaryDecision = { kind: 'no', resumeAt: runEnd };

  if (strong) {
    // ３．１４ (full-width decimal) is not an end; anything else after 。！？। is the next sentence.
    if (DIGIT.test(text[i - 1] ?? '') && DIGIT.test(text[k] ?? '')) return no;
    return { kind: 'split', end: k, next: k };
  }

  if (!isWhitespace(text[k])) return no; // 3.14, example.com, v1.2, "?x=1"
  let nextStart = skipWhitespace(text, k);
  if (nextStart === text.length) return { kind: 'pending' };
  // French: « Arrête. » Puis — a spaced » closes an open guillemet quotation.
  while (text[nextStart] === '»' && guillemetDepth(text, nextStart) > 0) {
    k = nextStart + 1;
    while (k < text.length && isCloser(text[k])) k++;
    if (k === text.length) return { kind: 'pending' };
    if (!isWhitespace(text[k])) return no;
    nextStart = skipWhitespace(text, k);
    if (nextStart === text.length) return { kind: 'pending' };
  }
  const split: BoundaryDecision = { kind: 'split', end: k, next: nextStart };
  const gap = text.slice(k, nextStart);
  if (gap.indexOf('\n') !== gap.lastIndexOf('\n')) return split; // a blank line after it

  const runLength = runEnd - i;
  if (runLength === 1 && text[i] === '.') {
    const ends = periodEndsSentence(text, i, nextStart, sentenceStart);
    if (ends === 'pending') return { kind: 'pending' };
    return ends ? split : no;
  }
  return startsSentence(text[nextStart] ?? '') ? split : no;
}
