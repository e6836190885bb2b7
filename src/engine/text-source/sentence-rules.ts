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

import { abbreviationKey, languageProfile, type LanguageProfile } from './language-profiles.ts';

export type BoundaryDecision =
  { kind: 'split'; end: number; next: number } | { kind: 'no'; resumeAt: number } | { kind: 'pending' };

const WEAK_TERMINATORS = '.!?‽…‼⁇⁈⁉';
/** Terminators of scripts that do not put spaces between sentences. */
const STRONG_TERMINATORS = '。！？｡．।॥؟۔';
/** Closing quotes and brackets that stay with the sentence they follow (both German and French closers). */
const CLOSERS = `"'”’»«›‹)]}」』）】〕〉》〗〙〛“‘*`;
/** Bullets that start a list item, attached (`⁃9.`) or spaced (`• 9.`). */
export const BULLETS = '•⁃‣◦▪●';
/** Characters that open a quote or bracket (and bullets, and the elision of Italian `l’avv.`); stripped when looking at the word before a period. */
const OPENERS = `([{"'“‘’„‚«»‹›¡¿${BULLETS}`;
/** After a terminator and whitespace, these mean the sentence goes on. */
const CONTINUING_PUNCTUATION = ',;:)]}”’…-–—.!?،、，';
/** Japanese particles (and っ of って) that continue a sentence after a closing quote (`「はい。」と言った。`). */
const QUOTE_PARTICLES = 'とっのをにが';

const BASE_CANDIDATES = '.!?‽…‼⁇⁈⁉。！？｡．।॥؟۔\\n';

/** The candidate pattern of a language: every terminator it has, and line breaks. */
export function candidatePattern(profile: LanguageProfile): RegExp {
  const extra = profile.extraTerminators.replace(/[\\\]^-]/gu, '\\$&');
  return new RegExp(`[${BASE_CANDIDATES}${extra}]`, 'gu');
}
/** English's candidates (kept for callers that predate languages). */
export const CANDIDATE_PATTERN = candidatePattern(languageProfile('en'));

/** Time zones that commonly follow a.m./p.m. ("10 a.m. EST"). */
const TIME_ZONES = new Set(
  'UTC GMT EST EDT CST CDT MST MDT PST PDT AKST HST CET CEST EET BST IST JST KST AEST AEDT ET PT CT MT'.split(
    ' ',
  ),
);
/** "At 5 a.m." alone is no sentence: a preposition and a time open the sentence the capitalised word goes on. */
const TIME_INTRO =
  /^(?:at|by|until|till|from|after|before|around|about|since)\s+\d{1,2}(?::\d{2})?\s*[ap]\.m$/iu;
/** Longest word looked at after an initial or acronym to see whether it starts a sentence. */
const MAX_STARTER_CHARS = 16;
/** Longest next token looked at to complete a multi-part abbreviation (`z.` + `B.`). */
const MAX_PART_CHARS = 12;

const ROMAN_NUMERAL = /^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/i;
const LIST_WORD = /^(?:\d{1,3}|\p{L})$/u;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
const ORDINAL_NUMBER = /^\d{1,3}$/u;
const NUMBER = /^[\d.,]+$/u;
const UPPER = /^\p{Lu}$/u;
const UNSPACED_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
/** A single letter of a caseless right-to-left script: an initial (Hebrew `א. ב. יהושע`, Arabic `د.`). */
const CASELESS_INITIAL = /^[\p{Script=Hebrew}\p{Script=Arabic}]$/u;
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

/** Count of « minus count of » in the sentence so far: positive inside a French quotation. */
function guillemetDepth(text: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    if (text[i] === '«') depth++;
    else if (text[i] === '»') depth--;
  }
  return depth;
}

/** The word right before index `end`, without the openers before it; never reaching before `floor`. */
function wordBefore(text: string, end: number, floor: number): { word: string; start: number } {
  let start = end;
  while (start > floor) {
    const c = text[start - 1] ?? '';
    // Unspaced scripts have no spaces before a Latin word: "我的医生是Dr. Wang" holds the title "Dr".
    if (isWhitespace(c) || OPENERS.includes(c) || UNSPACED_SCRIPT.test(c)) break;
    start--;
  }
  return { word: text.slice(start, end), start };
}

/** Whether `wordStart` begins a sentence or a line (after a bullet), or follows a colon: where a list marker can stand. */
function atItemStart(text: string, wordStart: number, sentenceStart: number): boolean {
  let i = wordStart - 1;
  while (
    i >= sentenceStart &&
    ((isWhitespace(text[i]) && text[i] !== '\n') || BULLETS.includes(text[i] ?? ''))
  )
    i--;
  if (i < sentenceStart || text[i] === '\n') return true;
  while (i >= sentenceStart && isWhitespace(text[i])) i--;
  return text[i] === ':';
}

type Lookahead = boolean | 'pending';

/** The letters starting at `from`, or 'pending' while they may go on (capped at `max`). */
function wordAt(text: string, from: number, max: number): string | 'pending' {
  let i = from;
  while (i < text.length && LETTER.test(text[i] ?? '') && i - from <= max) i++;
  if (i === text.length) return 'pending';
  return text.slice(from, i);
}

/** Whether the letters starting at `from` form a time-zone abbreviation ending before a non-letter. */
function timeZoneAt(text: string, from: number): Lookahead {
  const word = wordAt(text, from, 8);
  return word === 'pending' ? 'pending' : TIME_ZONES.has(word);
}

/** Whether the word at `from` is one that starts sentences in this language (`How`, `Der`, `Он`). */
function starterAt(text: string, from: number, profile: LanguageProfile): Lookahead {
  if (profile.starters.size === 0) return false;
  const word = wordAt(text, from, MAX_STARTER_CHARS);
  return word === 'pending' ? 'pending' : profile.starters.has(word.toLowerCase());
}

/** Whether a list item starts at `from`: `- `, `* `, `• `, `# ` (up to ######), `12. ` or `12) `. */
export function listMarkerAt(text: string, from: number): Lookahead {
  const c = text[from];
  if (c === undefined) return 'pending';
  let i = from;
  if ('-*•‣◦–⁃'.includes(c)) {
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

/** Up to `count` whitespace-separated words before `wordStart` (nearest last), within the sentence. */
function wordsBefore(text: string, wordStart: number, sentenceStart: number, count: number): string[] {
  const words: string[] = [];
  let end = wordStart;
  while (words.length < count) {
    let i = end;
    while (i > sentenceStart && text[i - 1] === ' ') i--;
    if (i === end || i <= sentenceStart) break;
    const { word, start } = wordBefore(text, i, sentenceStart);
    if (word === '') break;
    words.unshift(word);
    end = start;
  }
  return words;
}

/**
 * The abbreviation the period at `periodAt` ends: the longest of `word`, `prev word`, `prev2 prev word` (spaces
 * removed) that the language lists as a multi-part abbreviation, else the word itself (`z. B.` -> `z.b`).
 */
function abbreviationEndingAt(
  text: string,
  word: string,
  wordStart: number,
  sentenceStart: number,
  profile: LanguageProfile,
): string {
  const previous = wordsBefore(text, wordStart, sentenceStart, 2);
  for (let n = previous.length; n > 0; n--) {
    const key = abbreviationKey(previous.slice(previous.length - n).join('') + word);
    if (profile.multiPart.includes(key)) return key;
  }
  return word.toLowerCase();
}

/**
 * Whether the period at `periodAt` is inside a multi-part abbreviation (`z.` of `z. B.`, `н.` of `до н. э.`):
 * the words up to it start one, and the next token (at `nextStart`) continues it to its next period.
 */
function innerPeriodOfAbbreviation(
  text: string,
  word: string,
  wordStart: number,
  nextStart: number,
  sentenceStart: number,
  profile: LanguageProfile,
): Lookahead {
  const previous = wordsBefore(text, wordStart, sentenceStart, 2);
  const heads: string[] = [];
  for (let n = 0; n <= previous.length; n++)
    heads.push(abbreviationKey(previous.slice(previous.length - n).join('') + word) + '.');
  const open = profile.multiPart.filter((a) =>
    heads.some((h) => (a + '.').startsWith(h) && a.length + 1 > h.length),
  );
  if (open.length === 0) return false;
  let end = nextStart;
  while (end < text.length && !isWhitespace(text[end]) && end - nextStart <= MAX_PART_CHARS) end++;
  if (end === text.length) return 'pending';
  const token = text
    .slice(nextStart, end)
    .replace(/[,;:!?)\]"'”’»]+$/u, '')
    .toLowerCase();
  if (!token.endsWith('.')) return false;
  return open.some((a) => heads.some((h) => (a + '.').startsWith(h + token)));
}

/** Whether a single period after a word, followed (after whitespace) by text starting at `nextStart`, is an end. */
function periodEndsSentence(
  text: string,
  periodAt: number,
  nextStart: number,
  sentenceStart: number,
  profile: LanguageProfile,
): Lookahead {
  const next = text[nextStart] ?? '';
  const { word, start: wordStart } = wordBefore(text, periodAt, sentenceStart);
  if (word === '') return startsSentence(next);
  const inner = innerPeriodOfAbbreviation(text, word, wordStart, nextStart, sentenceStart, profile);
  if (inner !== false) return inner === 'pending' ? 'pending' : false;
  const key = abbreviationEndingAt(text, word, wordStart, sentenceStart, profile);
  const english = profile.language === 'en';
  const afterNumber = NUMBER.test(wordsBefore(text, wordStart, sentenceStart, 1)[0] ?? '');
  // A title before a name; English ones must be capitalised ("5th st. near" is a street), and after a number
  // the same letters are a unit (Russian "1999 г." is a year, "г. Москва" a city).
  if (profile.titles.has(key) && !afterNumber && (!english || UPPER.test(word[0] ?? ''))) return false;
  if (profile.prefixes.has(key)) return false;
  if (profile.numberPrefixes.has(key) && DIGIT.test(next)) return false;
  if (LIST_WORD.test(word) || ROMAN_NUMERAL.test(word)) {
    if (atItemStart(text, wordStart, sentenceStart)) return false;
  }
  if (key === 'a.m' || key === 'p.m') {
    if (!UPPER.test(next)) return startsSentence(next);
    const zone = timeZoneAt(text, nextStart);
    if (zone !== false) return zone === 'pending' ? 'pending' : false;
    return !TIME_INTRO.test(text.slice(sentenceStart, periodAt).trim());
  }
  // Initials (J. R. R. Tolkien) and upper-case acronyms (U.S. Army) go on before a capitalised word unless that
  // word starts sentences ("you and I. Did you", "the U.S. How about"): pragmatic_segmenter's rule.
  if (CASELESS_INITIAL.test(word)) return starterAt(text, nextStart, profile);
  if (UPPER.test(word) || (DOTTED_ACRONYM.test(word) && word === word.toUpperCase() && UPPER.test(next))) {
    if (!UPPER.test(next)) return startsSentence(next);
    return starterAt(text, nextStart, profile);
  }
  // Ordinals written with a period (German "am 12. Juni", "im 19. Jahrhundert").
  if (profile.ordinalDot && ORDINAL_NUMBER.test(word) && UPPER.test(next))
    return starterAt(text, nextStart, profile);
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

/** Dots separated by single spaces from `i` (`. . . .`): their count and the index after the last. */
function spacedDots(text: string, i: number): { count: number; end: number } | 'pending' {
  let count = 1;
  let j = i + 1;
  for (;;) {
    if (j >= text.length) return 'pending';
    if (text[j] !== ' ') break;
    if (j + 1 >= text.length) return 'pending';
    if (text[j + 1] !== '.') break;
    count++;
    j += 2;
  }
  return { count, end: j };
}

/**
 * A spaced ellipsis (MLA style). Three spaced dots after a space mark an omission inside a sentence and never
 * end it ("the thing is . . . I didn't"); four end it before a sentence start ("a period . . . . Next"). A period
 * attached to a word and then three spaced dots is that sentence's end, the dots opening the next one
 * ("compounds. . . . The practice": pySBD's golden rule 48).
 */
function decideSpacedEllipsis(
  text: string,
  i: number,
  count: number,
  end: number,
  sentenceStart: number,
): BoundaryDecision {
  let k = end;
  while (k < text.length && isCloser(text[k])) k++;
  if (k === text.length) return { kind: 'pending' };
  const no: BoundaryDecision = { kind: 'no', resumeAt: end };
  if (!isWhitespace(text[k])) return no;
  const nextStart = skipWhitespace(text, k);
  if (nextStart === text.length) return { kind: 'pending' };
  const attached = i > sentenceStart && !isWhitespace(text[i - 1]);
  if (!startsSentence(text[nextStart] ?? '')) return no;
  if (attached && count >= 4) return { kind: 'split', end: i + 1, next: i + 2 };
  if (!attached && count === 3) return no;
  return { kind: 'split', end: k, next: nextStart };
}

/**
 * Decide the candidate at `i` (a terminator or a line break found by the language's candidatePattern) in the
 * sentence that began at `sentenceStart`. 'split' gives the sentence's end (after closers) and where the next one
 * begins; 'no' says where to look for the next candidate; 'pending' needs more text.
 */
export function decideCandidate(
  text: string,
  i: number,
  sentenceStart: number,
  profile: LanguageProfile = languageProfile('en'),
): BoundaryDecision {
  if (text[i] === '\n') return decideLineBreak(text, i, sentenceStart);
  const isTerminator = (c: string | undefined) =>
    isWeakTerminator(c) || isStrongTerminator(c) || (c !== undefined && profile.extraTerminators.includes(c));
  let runEnd = i;
  let strong = false;
  while (runEnd < text.length && isTerminator(text[runEnd])) {
    if (isStrongTerminator(text[runEnd])) strong = true;
    runEnd++;
  }
  if (!strong && runEnd === i + 1 && text[i] === '.' && (text[i + 1] === ' ' || runEnd === text.length)) {
    const spaced = spacedDots(text, i);
    if (spaced === 'pending') return { kind: 'pending' };
    if (spaced.count >= 3) return decideSpacedEllipsis(text, i, spaced.count, spaced.end, sentenceStart);
  }
  let k = runEnd;
  while (k < text.length && isCloser(text[k])) k++;
  if (k === text.length) return { kind: 'pending' };
  const no: BoundaryDecision = { kind: 'no', resumeAt: runEnd };
  // "[...]" and "(…)": an elided passage inside a quotation, never a sentence end.
  const opener = text[i - 1];
  if ((opener === '[' && text[runEnd] === ']') || (opener === '(' && text[runEnd] === ')')) return no;

  if (strong) {
    // ３．１４ (full-width decimal) is not an end; anything else after 。！？। is the next sentence.
    if (DIGIT.test(text[i - 1] ?? '') && DIGIT.test(text[k] ?? '')) return no;
    // 「はい。」と言った: a particle after the closing quote goes on with the same sentence.
    if (k > runEnd && QUOTE_PARTICLES.includes(text[k] ?? '')) return no;
    return { kind: 'split', end: k, next: k };
  }

  if (!isWhitespace(text[k])) return no; // 3.14, example.com, v1.2, "?x=1"
  let nextStart = skipWhitespace(text, k);
  if (nextStart === text.length) return { kind: 'pending' };
  // French: « Arrête. » Puis — a spaced » closes an open guillemet quotation.
  while (text[nextStart] === '»' && guillemetDepth(text, sentenceStart, nextStart) > 0) {
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
    const ends = periodEndsSentence(text, i, nextStart, sentenceStart, profile);
    if (ends === 'pending') return { kind: 'pending' };
    return ends ? split : no;
  }
  return startsSentence(text[nextStart] ?? '') ? split : no;
}
