/**
 * The multilingual tokenizer's text preparation (upstream resemble-ai/chatterbox
 * src/chatterbox/models/tokenizers/tokenizer.py, MTLTokenizer.encode): lowercase, NFKD, then one step per language
 * (zh: Cangjie codes, ja: kanji to hiragana, he: diacritics, ko: jamo, ru: stress marks), then the `[xx]` tag
 * in front. Steps that need data are loaded once per process (`prepare`), after which `apply` is synchronous.
 *
 * Where upstream uses a model that cannot be had here (he: dicta_onnx, ru: russian_text_stresser), the language is
 * refused with a message saying so, rather than tokenized without the step and mispronounced. Upstream itself only
 * logs a warning and skips those two steps when the optional packages are missing (they are not in its
 * pyproject.toml); Seamlab is stricter on purpose.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stripPythonWhitespace } from './normalize.ts';

/** The Cangjie table the multilingual model repositories ship (ResembleAI/chatterbox, the ONNX export). */
export const CANGJIE_MAPPING_FILE = 'Cangjie5_TC.json';

const MISSING_MODEL_STEPS: Readonly<Record<string, string>> = {
  he:
    'Hebrew (he) text must get its diacritics (niqqud) before tokenizing; upstream MTLTokenizer adds them with ' +
    'the dicta_onnx model (Dicta Nakdan), and no JavaScript library or file in the model folder can do that here, ' +
    'so Hebrew is refused rather than mispronounced',
  ru:
    'Russian (ru) text must get its stress marks before tokenizing; upstream MTLTokenizer adds them with the ' +
    'russian_text_stresser model, and no JavaScript library or file in the model folder can do that here, so ' +
    'Russian is refused rather than mispronounced',
};

// Not named `require`: the bundler declares its own top-level `require` in the Electron main bundle.
const requireFromHere = createRequire(import.meta.url);

/** The folder of kuromoji's IPADIC dictionary (shipped inside the npm package), or null when it is not installed. */
function kuromojiDictionary(): string | null {
  try {
    const dir = path.join(path.dirname(requireFromHere.resolve('kuromoji/package.json')), 'dict');
    return fs.existsSync(path.join(dir, 'base.dat.gz')) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Why `language` cannot be prepared for the model in `modelDir`, as one sentence, or null when it can. Cheap (file
 * checks only), so run validation calls it before any work starts.
 */
export function languageStepRefusal(language: string, modelDir: string): string | null {
  const code = language.toLowerCase();
  const missing = MISSING_MODEL_STEPS[code];
  if (missing) return missing;
  if (code === 'zh' && !fs.existsSync(path.join(modelDir, CANGJIE_MAPPING_FILE)))
    return (
      `Chinese (zh) needs ${CANGJIE_MAPPING_FILE} from the model repository (upstream MTLTokenizer writes every ` +
      `Chinese character as its Cangjie code), and it is not in ${modelDir}; put the file there`
    );
  if (code === 'ja' && !kuromojiDictionary())
    return (
      'Japanese (ja) needs kanji converted to hiragana (upstream uses pykakasi); Seamlab uses the kuromoji ' +
      "analyser, whose dictionary (node_modules/kuromoji/dict) is not installed: run 'npm ci'"
    );
  return null;
}

/** Upstream `is_kanji`: U+4E00..U+9FFF (19968..40959). */
function isKanji(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp >= 0x4e00 && cp <= 0x9fff;
}

/**
 * Chinese: upstream ChineseCangjieConverter. The text is cut into words (upstream: spacy_pkuseg; here ICU's
 * dictionary word segmenter through Intl.Segmenter, see the README for the difference) and re-joined with single
 * spaces; then every character of Unicode category Lo that the table knows becomes `[cj_x]` per letter of its code,
 * the code's index among the characters sharing it when above 0 (`[cj_1]` ...), and `[cj_.]`. Other characters
 * pass through.
 */
export class CangjieConverter {
  private readonly codeOf = new Map<string, string>();
  private readonly glyphsOf = new Map<string, string[]>();
  private readonly segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

  /** `entries`: the mapping file's strings, `"glyph\tcode[\t...]"`, in file order (the order sets the indices). */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [glyph, code] = entry.split('\t');
      if (glyph === undefined || code === undefined) continue;
      // Upstream: word2cj[word] = code (the last entry wins); cj2word[code] lists every word in file order.
      this.codeOf.set(glyph, code);
      const glyphs = this.glyphsOf.get(code);
      if (glyphs) glyphs.push(glyph);
      else this.glyphsOf.set(code, [glyph]);
    }
  }

  static fromFile(file: string): CangjieConverter {
    let entries: unknown;
    try {
      entries = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: cannot read the Cangjie table: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!Array.isArray(entries) || !entries.every((e) => typeof e === 'string' && e.includes('\t')))
      throw new Error(`${file}: expected a JSON array of "character<TAB>code" strings`);
    return new CangjieConverter(entries as string[]);
  }

  /** Upstream `_cangjie_encode`: the code, plus the glyph's index among the code's glyphs when above 0. */
  encodeGlyph(glyph: string): string | null {
    const code = this.codeOf.get(glyph);
    if (code === undefined) return null;
    const index = this.glyphsOf.get(code)!.indexOf(glyph);
    return index > 0 ? `${code}${index}` : code;
  }

  convert(text: string): string {
    const words = [...this.segmenter.segment(text)]
      .map((s) => s.segment)
      .filter((s) => stripPythonWhitespace(s) !== '');
    let out = '';
    for (const c of words.join(' ')) {
      const code = /^\p{Lo}$/u.test(c) ? this.encodeGlyph(c) : null;
      out += code === null ? c : [...code].map((letter) => `[cj_${letter}]`).join('') + '[cj_.]';
    }
    return out;
  }
}

interface KuromojiToken {
  surface_form: string;
  reading?: string;
}
interface KuromojiTokenizer {
  tokenize(text: string): KuromojiToken[];
}
interface Kuromoji {
  builder(options: { dicPath: string }): {
    build(done: (error: Error | null, tokenizer: KuromojiTokenizer) => void): void;
  };
}

let kuromojiTokenizer: Promise<KuromojiTokenizer> | undefined;

function loadKuromoji(): Promise<KuromojiTokenizer> {
  kuromojiTokenizer ??= new Promise((resolve, reject) => {
    const dicPath = kuromojiDictionary();
    if (!dicPath) throw new Error(languageStepRefusal('ja', '') ?? 'kuromoji dictionary missing');
    (requireFromHere('kuromoji') as Kuromoji)
      .builder({ dicPath })
      .build((error, tokenizer) => (error ? reject(error) : resolve(tokenizer)));
  });
  kuromojiTokenizer.catch(() => (kuromojiTokenizer = undefined));
  return kuromojiTokenizer;
}

/** Katakana (U+30A1..U+30F6) to hiragana; everything else (ー included) unchanged. */
function katakanaToHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/**
 * Japanese: upstream hiragana_normalize. Per word (upstream: pykakasi's segments; here kuromoji's morphemes with
 * their IPADIC readings): a word with any kanji becomes its reading in hiragana, with a space in front when that
 * reading starts with は or へ (upstream's rule, kept as is); every other word passes through; then NFKD. The
 * analyser reads NFC text (its dictionary holds composed kana) and the final NFKD undoes that for the output.
 */
export class KanaConverter {
  private readonly tokenizer: KuromojiTokenizer;

  constructor(tokenizer: KuromojiTokenizer) {
    this.tokenizer = tokenizer;
  }

  static async load(): Promise<KanaConverter> {
    return new KanaConverter(await loadKuromoji());
  }

  convert(text: string): string {
    let out = '';
    for (const token of this.tokenizer.tokenize(text.normalize('NFC'))) {
      const surface = token.surface_form;
      const reading = token.reading;
      if ([...surface].some(isKanji) && reading && reading !== '*') {
        const hira = katakanaToHiragana(reading);
        out += hira.startsWith('は') || hira.startsWith('へ') ? ` ${hira}` : hira;
      } else out += surface;
    }
    return out.normalize('NFKD');
  }
}

/** Upstream korean_normalize: syllables to jamo (NFKD has already done exactly that decomposition), then strip. */
function koreanNormalize(text: string): string {
  return stripPythonWhitespace(text);
}

/**
 * The per-language steps for one model folder. `prepare(language)` loads what the language needs (once) and throws
 * the refusal's message when it cannot be had; `apply` then runs upstream's encode up to the `[SPACE]` replacement.
 */
export class MultilingualTextSteps {
  readonly modelDir: string | undefined;
  private cangjie: CangjieConverter | undefined;
  private kana: KanaConverter | undefined;

  constructor(modelDir?: string, loaded: { cangjie?: CangjieConverter; kana?: KanaConverter } = {}) {
    this.modelDir = modelDir;
    this.cangjie = loaded.cangjie;
    this.kana = loaded.kana;
  }

  async prepare(language: string): Promise<void> {
    const code = language.toLowerCase();
    const refusal =
      MISSING_MODEL_STEPS[code] ?? (this.modelDir ? languageStepRefusal(code, this.modelDir) : null);
    if (refusal) throw new Error(refusal);
    if (code === 'zh' && !this.cangjie) {
      if (!this.modelDir)
        throw new Error(`Chinese (zh) needs ${CANGJIE_MAPPING_FILE}, and no model folder is known`);
      this.cangjie = CangjieConverter.fromFile(path.join(this.modelDir, CANGJIE_MAPPING_FILE));
    }
    if (code === 'ja' && !this.kana) this.kana = await KanaConverter.load();
  }

  /** Lowercase, NFKD, the language's step, then the `[xx]` tag (upstream MTLTokenizer.encode, in its order). */
  apply(text: string, language: string): string {
    const code = language.toLowerCase();
    let prepared = text.toLowerCase().normalize('NFKD');
    if (code in MISSING_MODEL_STEPS) throw new Error(MISSING_MODEL_STEPS[code]);
    if (code === 'zh') prepared = this.loaded(this.cangjie, code).convert(prepared);
    else if (code === 'ja') prepared = this.loaded(this.kana, code).convert(prepared);
    else if (code === 'ko') prepared = koreanNormalize(prepared);
    return `[${code}]${prepared}`;
  }

  private loaded<T>(step: T | undefined, code: string): T {
    if (!step) throw new Error(`the "${code}" text step is not loaded: call prepare("${code}") first`);
    return step;
  }
}
