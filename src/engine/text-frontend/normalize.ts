/**
 * Upstream Chatterbox text clean-up (`punc_norm` in resemble-ai/chatterbox src/chatterbox/tts.py), ported
 * step for step so the model sees the text it was trained on. Quirks are kept on purpose: `...` becomes ", "
 * AFTER whitespace was collapsed, so "a... b" yields "A,  b." with two spaces, as upstream does.
 */

/** Upstream's answer to empty input (it speaks this sentence instead of failing). */
export const EMPTY_TEXT_REPLACEMENT = 'You need to add some text for me to talk.';

/** Replacements in upstream order (order matters: `...` before `…`, ` - ` before the dash mapping). */
export const PUNCTUATION_REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['...', ', '],
  ['\u2026', ', '], // …
  [':', ','],
  [' - ', ', '],
  [';', ', '],
  ['\u2014', '-'], // — em dash
  ['\u2013', '-'], // – en dash
  [' ,', ','],
  ['\u201c', '"'], // “
  ['\u201d', '"'], // ”
  ['\u2018', "'"], // ‘
  ['\u2019', "'"], // ’
];

export const SENTENCE_ENDERS: readonly string[] = ['.', '!', '?', '-', ','];
/** The multilingual family's `punc_norm` (upstream mtl_tts.py) also accepts CJK enders: 、，。？！ */
export const MULTILINGUAL_SENTENCE_ENDERS: readonly string[] = [
  ...SENTENCE_ENDERS,
  '\u3001', // 、
  '\uff0c', // ，
  '\u3002', // 。
  '\uff1f', // ？
  '\uff01', // ！
];

/** Python's `str.split()` whitespace (JS `\s` differs: it has U+FEFF and lacks U+001C..U+001F and U+0085). */
const PY_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]); // prettier-ignore

/** Python's `str.strip()`: Python whitespace removed from both ends. */
export function stripPythonWhitespace(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && PY_WHITESPACE.has(chars[start]!.codePointAt(0)!)) start++;
  while (end > start && PY_WHITESPACE.has(chars[end - 1]!.codePointAt(0)!)) end--;
  return chars.slice(start, end).join('');
}

/** `" ".join(text.split())`: words separated by runs of Python whitespace, joined by single spaces. */
function collapseWhitespace(text: string): string {
  const words: string[] = [];
  let word = '';
  for (const ch of text) {
    if (PY_WHITESPACE.has(ch.codePointAt(0)!)) {
      if (word) words.push(word);
      word = '';
    } else word += ch;
  }
  if (word) words.push(word);
  return words.join(' ');
}

/** `enders`: the sentence enders that keep a final full stop from being added (MULTILINGUAL_SENTENCE_ENDERS for mtl_tts.py). */
export function normalizePunctuation(text: string, enders: readonly string[] = SENTENCE_ENDERS): string {
  if (text.length === 0) return EMPTY_TEXT_REPLACEMENT;
  // Capitalise the first character when it is lowercase (Python: text[0].islower(); first code point).
  const first = String.fromCodePoint(text.codePointAt(0)!);
  if (first !== first.toUpperCase() && first === first.toLowerCase())
    text = first.toUpperCase() + text.slice(first.length);
  text = collapseWhitespace(text);
  for (const [from, to] of PUNCTUATION_REPLACEMENTS) text = text.replaceAll(from, to);
  text = text.replace(/ +$/, '');
  if (!enders.some((p) => text.endsWith(p))) text += '.';
  return text;
}
