import { createRequire } from 'node:module';

/**
 * Abbreviations after which a sentence usually does not end, from the Unicode CLDR sentence-break suppressions
 * (npm `cldr-segments-full`, `segments/<locale>/suppressions.json`, `SentenceBreak.standard`: the lists ICU's
 * `ss=standard` filtered break iterator uses). CLDR has them for de, en, es, fr, it, pt and ru; every other
 * language's list is typed by hand in language-profiles.ts.
 *
 * Loaded with require so that the same code runs unbundled under Node and in the Electron main bundle (where
 * dependencies stay external).
 */
const CLDR_LOCALES = ['de', 'en', 'es', 'fr', 'it', 'pt', 'ru'] as const;

interface SuppressionsFile {
  segments: { segmentations: { SentenceBreak?: { standard?: { suppression: string }[] } } };
}

// Not named `require`: the bundler declares its own top-level `require` in the Electron main bundle.
const requireFromHere = createRequire(import.meta.url);
const cache = new Map<string, readonly string[]>();

/** CLDR's suppressions for `language` (each ends with its period, e.g. `z. B.`), or none where CLDR has none. */
export function cldrSuppressions(language: string): readonly string[] {
  if (!(CLDR_LOCALES as readonly string[]).includes(language)) return [];
  let list = cache.get(language);
  if (list === undefined) {
    const file = requireFromHere(
      `cldr-segments-full/segments/${language}/suppressions.json`,
    ) as SuppressionsFile;
    list = (file.segments.segmentations.SentenceBreak?.standard ?? []).map((s) => s.suppression);
    cache.set(language, list);
  }
  return list;
}
