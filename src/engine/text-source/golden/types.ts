/**
 * A sentence-splitting golden case of one language: split in `sentences` mode with `minChars: 0`, the input must
 * give exactly `expected` (trimmed sentences), pushed whole or a character at a time. Shared by the unit tests and
 * `npm run bench -- splitter` (which also scores Intl.Segmenter on them).
 */
export interface LanguageGoldenCase {
  language: string;
  name: string;
  input: string;
  expected: string[];
}
