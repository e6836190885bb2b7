import { cldrSuppressions } from './cldr-abbreviations.ts';

/**
 * What the sentence rules need to know about a language. Abbreviations are keyed without spaces, lower-cased and
 * without their final period (`z. B.` -> `z.b`, `до н. э.` -> `дон.э`), so `z.B.` and `z. B.` are the same.
 *
 * Sources: de, en, es, fr, it, pt, ru take every CLDR suppression (cldr-abbreviations.ts). The other lists here
 * are typed by hand from ordinary usage of each language (no well-kept machine-readable source covers them) and
 * kept short: only abbreviations common in running text. English sentence starters are pragmatic_segmenter's
 * SENTENCE_STARTERS (lib/pragmatic_segmenter/abbreviation_replacer.rb); the other starter lists are typed by hand.
 */
export interface LanguageProfile {
  language: string;
  /** Titles and other words that precede a name: never end a sentence before a capitalised word. */
  titles: ReadonlySet<string>;
  /** Abbreviations that introduce what follows (`e.g.`, `z. B.`, `p. ej.`, `т. е.`): never end a sentence. */
  prefixes: ReadonlySet<string>;
  /** Abbreviations that are not a sentence end before a number (`No. 5`, `S. 12`, `janv. 2024`). */
  numberPrefixes: ReadonlySet<string>;
  /** Every multi-part abbreviation (`z.b`, `p.ej`, `дон.э`): their inner periods never end a sentence. */
  multiPart: readonly string[];
  /** Lower-cased words that start a sentence: after an initial, an acronym or an ordinal they mean a new one. */
  starters: ReadonlySet<string>;
  /** Languages that write ordinals with a period (`am 12. Juni`): a number and a period before a capitalised
   * word that is not a starter is an ordinal, not an end. */
  ordinalDot: boolean;
  /** Terminators that only this language has (Greek `;` is its question mark). */
  extraTerminators: string;
}

/** Every language the multilingual model speaks (its tokenizer's language tags). */
export const SPLITTER_LANGUAGES = [
  'ar', 'da', 'de', 'el', 'en', 'es', 'fi', 'fr', 'he', 'hi', 'it', 'ja', 'ko', 'ms', 'nl', 'no', 'pl', 'pt',
  'ru', 'sv', 'sw', 'tr', 'zh',
] as const; // prettier-ignore

interface HandTyped {
  titles?: string;
  prefixes?: string;
  numberPrefixes?: string;
  /** Other abbreviations (only their multi-part forms matter: inner periods never end a sentence). */
  other?: string;
  starters?: string;
  ordinalDot?: boolean;
  extraTerminators?: string;
}

const list = (s: string | undefined): string[] => (s === undefined ? [] : s.split(' ').filter(Boolean));

/** Language-neutral lists: apply in every language (foreign titles and Latin abbreviations appear everywhere). */
const COMMON: HandTyped = {
  titles:
    'mr mrs ms mx dr drs prof profs st ste sr sra srta mt ft gen col capt lt sgt cpl maj adm cmdr cdr brig gov ' +
    'sen rep rev hon pres supt insp messrs mme mmes mlle mlles hr frl dra pfc',
  prefixes: 'e.g i.e eg ie vs v viz cf approx appx incl excl esp resp z.b d.h bzw bspw vgl sog',
  numberPrefixes:
    'no nos nr fig figs vol vols ch chap sec secs sect p pp para paras eq eqs art arts op ref refs tab pt pts ' +
    'est ca c ex n ed jan feb mar apr jun jul aug sep sept oct nov dec n° nº n.º',
};

const HAND_TYPED: Record<string, HandTyped> = {
  en: {
    starters:
      'a being did for he how however i in it millions more she that the there they we what when where who why',
  },
  de: {
    titles: 'hr hrn fr dr prof dipl.-ing st med phil',
    prefixes: 'z.b d.h bzw bspw vgl sog u.a evtl ggf inkl ca s.o s.u',
    numberPrefixes: 's abs abb kap bd nr tel',
    starters:
      'der die das er sie es wir ich ihr man dann danach aber doch dies diese dieser heute morgen jetzt so',
    ordinalDot: true,
  },
  es: {
    titles: 'sr sra srta dr dra d dña lic ing',
    prefixes: 'p.ej v.gr cf',
    numberPrefixes: 'núm pág págs art cap',
    other: 'ee.uu',
    starters: 'el la los las yo él ella ellos nosotros pero luego después entonces hoy esto eso',
  },
  fr: {
    titles: 'm mm mme mmes mlle dr pr me st ste',
    prefixes: 'p.ex cf av',
    numberPrefixes: 'n° no p art chap vol t',
    other: 'av.j.-c ap.j.-c',
    starters: 'le la les il elle ils elles nous je on mais puis ensuite alors ce cela',
  },
  it: {
    titles: 'sig sigg dott dr prof ing avv on geom rag',
    prefixes: 'p.es ad.es cfr',
    numberPrefixes: 'pag pagg art cap n',
    starters: 'il lo la i gli le io lui lei noi loro ma poi allora questo',
  },
  pt: {
    titles: 'sr sra srta dr dra prof profa',
    prefixes: 'p.ex',
    numberPrefixes: 'pág art cap n',
    starters: 'o a os as eu ele ela eles nós mas depois então hoje isso isto',
  },
  ru: {
    titles: 'г гг проф акад им ул',
    prefixes: 'т.е т.к т.н т.ч т.о напр см ср',
    numberPrefixes: 'с стр рис гл п ок д',
    other: 'т.д т.п н.э дон.э',
    starters: 'он она оно они мы я вы это но потом затем тогда в на',
  },
  nl: {
    titles: 'dhr mevr mr dr prof ir ing drs',
    prefixes: 'bijv d.w.z o.a m.a.w i.p.v t.a.v ca',
    numberPrefixes: 'nr blz art',
    starters: 'de het een hij zij ze wij we ik dat dit maar toen daarna',
  },
  da: {
    titles: 'hr fr dr prof',
    prefixes: 'f.eks bl.a dvs ca jf',
    numberPrefixes: 'nr kl s stk',
    other: 'osv m.m o.l',
    starters: 'den det de han hun vi jeg men så derefter',
  },
  no: {
    titles: 'hr fr dr prof',
    prefixes: 'f.eks bl.a dvs ca jf',
    numberPrefixes: 'nr kl s',
    other: 'osv m.m o.l',
    starters: 'den det de han hun vi jeg men så deretter',
  },
  sv: {
    titles: 'hr fr dr prof',
    prefixes: 't.ex bl.a d.v.s dvs ca s.k jfr',
    numberPrefixes: 'nr kl s',
    other: 'osv m.m o.s.v',
    starters: 'den det de han hon vi jag men sedan då',
  },
  fi: {
    titles: 'tri prof',
    prefixes: 'esim mm ns ts eli',
    numberPrefixes: 'n klo s nro',
    other: 'jne yms',
    starters: 'hän he me minä se ne mutta sitten nyt tämä',
  },
  pl: {
    titles: 'prof dr mgr inż ks ul',
    prefixes: 'np tzn tj m.in ok ds',
    numberPrefixes: 'nr godz s str r w ok',
    other: 'itd itp',
    starters: 'on ona ono oni my ja to ale potem wtedy',
  },
  tr: {
    titles: 'dr prof doç av',
    prefixes: 'örn vb bkz',
    numberPrefixes: 'no s',
    starters: 'bu o ben biz onlar ama sonra şimdi',
  },
  el: {
    titles: 'κ κα δρ καθ',
    prefixes: 'π.χ δηλ',
    numberPrefixes: 'σ αρ',
    other: 'κ.λπ κ.ά',
    starters: 'ο η το οι τα αυτό αλλά μετά εγώ εμείς',
    extraTerminators: ';\u037e',
  },
  ms: {
    titles: 'en pn tn dr prof dato datuk',
    prefixes: 'cth spt iaitu',
    numberPrefixes: 'no ms',
    other: 'dll sdn.bhd',
    starters: 'dia mereka kami saya ini itu tetapi kemudian',
  },
  sw: {
    titles: 'bw bi dkt prof mh',
    prefixes: 'k.m yaani',
    numberPrefixes: 'na uk',
    other: 'n.k',
    starters: 'yeye wao sisi mimi hii lakini kisha',
  },
  hi: { titles: 'डॉ श्री श्रीमती प्रो', prefixes: 'उदा' },
  ar: { titles: 'د أ م' },
  he: {},
  ja: {},
  ko: {},
  zh: {},
};

/** Multi-part abbreviations have an inner period: `z.b`, `p.ej`, `дон.э` (not `dipl.-ing`'s hyphenated form). */
function isMultiPart(key: string): boolean {
  return key.includes('.');
}

/** The lookup key of an abbreviation as written (`z. B.` -> `z.b`). */
export function abbreviationKey(written: string): string {
  return written.replace(/\s+/gu, '').replace(/\.$/u, '').toLowerCase();
}

/** CLDR entries that often do end a sentence before a capital (units, currencies, time of day). */
const CLDR_CAN_END = new Set(['руб', 'тыс', 'кв', 'a.m', 'p.m', 'am', 'vs']);

function buildProfile(language: string): LanguageProfile {
  const own = HAND_TYPED[language] ?? {};
  const titles = new Set([...list(COMMON.titles), ...list(own.titles)]);
  const prefixes = new Set([...list(COMMON.prefixes), ...list(own.prefixes)]);
  const numberPrefixes = new Set([...list(COMMON.numberPrefixes), ...list(own.numberPrefixes)]);
  const all = new Set([...titles, ...prefixes, ...numberPrefixes, ...list(own.other)]);
  for (const written of cldrSuppressions(language)) {
    const key = abbreviationKey(written);
    all.add(key);
    numberPrefixes.add(key);
    // English's CLDR list holds capitalised words (`Is.`, `To.`, `Go.`): it only adds numbers and inner periods.
    // Elsewhere a lower-case abbreviation (`ggf.`, `dott.`, `av.`) goes on before a capitalised word.
    if (language !== 'en' && /^\p{Ll}/u.test(written) && !CLDR_CAN_END.has(key)) prefixes.add(key);
  }
  return {
    language,
    titles,
    prefixes,
    numberPrefixes,
    multiPart: [...all].filter(isMultiPart),
    starters: new Set(list(own.starters)),
    ordinalDot: own.ordinalDot === true,
    extraTerminators: own.extraTerminators ?? '',
  };
}

const profiles = new Map<string, LanguageProfile>();

/**
 * The profile of an ISO 639-1 language code. A well-formed code of a language not listed in SPLITTER_LANGUAGES
 * gets the language-neutral rules; anything else is an error.
 */
export function languageProfile(language: string): LanguageProfile {
  if (!/^[a-z]{2}$/u.test(language)) {
    throw new Error(
      `splitter language must be a two-letter lowercase ISO 639-1 code, e.g. "en"; got "${language}"`,
    );
  }
  let profile = profiles.get(language);
  if (profile === undefined) {
    profile = buildProfile(language);
    profiles.set(language, profile);
  }
  return profile;
}
