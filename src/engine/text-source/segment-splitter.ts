import { SplitterOptionsSchema, type SplitterOptions, type SplitterOptionsInput } from './options.ts';
import { isWhitespace, skipWhitespace } from './sentence-rules.ts';
import { SentenceScanner } from './sentence-scanner.ts';
import { chooseBreak } from './break-points.ts';

/** One piece of text to synthesise. `text === streamText.slice(charStart, charEnd)`, trimmed of whitespace. */
export interface TextSegment {
  index: number;
  text: string;
  charStart: number;
  charEnd: number;
}

/**
 * A streaming sentence/segment splitter. The API is synchronous and pull-free: every call returns the segments
 * it completed, in order (often none).
 *
 *   const splitter = new SegmentSplitter({ mode: 'segments', preset: 'fast' });
 *   for (const token of tokens) for (const seg of splitter.push(token)) speak(seg);
 *   for (const seg of splitter.close()) speak(seg);
 *
 * - `push(text)` appends arriving text and returns each segment that is now certain. A segment is emitted as soon
 *   as it is certain: when the sentence end after it is decided (which needs the first character of the next
 *   sentence: "Dr." or "3." at the end of the buffer stays pending) or when the max length is exceeded.
 * - `flush()` forces out everything pending ("speak what you have") and starts afresh: text pushed afterwards is
 *   segmented as a new text.
 * - `close()` ends the stream and returns the remainder; pushing afterwards throws.
 *
 * Pushing a text in any pieces and closing gives the same segments as pushing it whole and closing (segmentation
 * only ever depends on the text, never on where it was cut), except where flush() is called.
 * Lengths are counted in UTF-16 code units of the trimmed segment.
 */
export class SegmentSplitter {
  readonly options: SplitterOptions;
  /** The stream from `base` on: text before the current segment and sentence is dropped to stay linear. */
  private text = '';
  private base = 0;
  private readonly dropped: string[] = [];
  private segmentStart = 0;
  private nextIndex = 0;
  private closed = false;
  private readonly scanner: SentenceScanner;
  private readonly minChars: number;
  private readonly maxChars: number;

  /**
   * `language`: ISO 639-1 code of the text (the run's `language`); it picks the abbreviations, ordinals,
   * terminators and sentence starters (language-profiles.ts). Codes without a profile get language-neutral rules.
   */
  constructor(options: SplitterOptionsInput = { mode: 'sentences' }, language = 'en') {
    this.options = SplitterOptionsSchema.parse(options);
    this.scanner = new SentenceScanner(language);
    this.minChars = this.options.mode === 'whole' ? 0 : this.options.minChars;
    this.maxChars = this.options.mode === 'segments' ? this.options.maxChars : Number.POSITIVE_INFINITY;
  }

  /** All text pushed so far (segment offsets index into it). */
  get streamText(): string {
    if (this.dropped.length > 1) this.dropped.splice(0, this.dropped.length, this.dropped.join(''));
    return (this.dropped[0] ?? '') + this.text;
  }

  push(text: string): TextSegment[] {
    if (this.closed) throw new Error('SegmentSplitter: push() after close()');
    this.text += text;
    if (this.options.mode === 'whole') return [];
    this.scanner.scan(this.text);
    const out = this.drain(false);
    this.dropDone();
    return out;
  }

  /**
   * Drop the text before both the current segment and the scanner's sentence once it is most of the buffer:
   * every push then costs time in proportion to the undecided text, not to the whole stream.
   */
  private dropDone(): void {
    const n = Math.min(this.segmentStart, this.scanner.currentSentenceStart);
    if (n < DROP_MIN_CHARS || n * 2 < this.text.length) return;
    this.dropped.push(this.text.slice(0, n));
    this.text = this.text.slice(n);
    this.base += n;
    this.segmentStart -= n;
    this.scanner.shift(n);
  }

  flush(): TextSegment[] {
    if (this.closed) return [];
    const out = this.options.mode === 'whole' ? this.emitRest() : this.drain(true);
    this.segmentStart = this.text.length;
    this.scanner.restartAt(this.text.length);
    return out;
  }

  close(): TextSegment[] {
    const out = this.flush();
    this.closed = true;
    return out;
  }

  private emitRest(): TextSegment[] {
    const out: TextSegment[] = [];
    this.emit(skipWhitespace(this.text, this.segmentStart), this.text.length, out);
    return out;
  }

  /** Emit every segment the text allows; with `final`, everything (the text will not grow before a restart). */
  private drain(final: boolean): TextSegment[] {
    const out: TextSegment[] = [];
    const text = this.text;
    for (;;) {
      const start = skipWhitespace(text, this.segmentStart);
      if (start >= text.length) break;
      this.scanner.dropThrough(start);

      let sentenceEnd = -1;
      for (const b of this.scanner.boundaries) {
        const length = trimmedEnd(text, start, b.end) - start;
        if (length > this.maxChars) break;
        if (length >= this.minChars) {
          sentenceEnd = b.end;
          this.segmentStart = b.next;
          break;
        }
      }
      if (sentenceEnd >= 0) {
        this.emit(start, sentenceEnd, out);
        continue;
      }

      const restLength = trimmedEnd(text, start, text.length) - start;
      if (final && restLength <= this.maxChars) {
        this.emit(start, text.length, out);
        this.segmentStart = text.length;
        break;
      }
      // Cut inside the window only once no sentence end can still land in it: every candidate before
      // decidedUpTo is decided, and a later one (even a line break after spaces) ends after the last
      // non-space character before decidedUpTo.
      const windowEnd = start + this.maxChars;
      const settled = trimmedEnd(text, start, this.scanner.decidedUpTo) > windowEnd;
      if (text.length > windowEnd && (final || settled)) {
        const cut = chooseBreak(text, start, windowEnd, this.minChars, this.scanner.boundaries);
        this.emit(start, cut, out);
        this.segmentStart = cut;
        continue;
      }
      break;
    }
    return out;
  }

  private emit(start: number, end: number, out: TextSegment[]): void {
    const stop = trimmedEnd(this.text, start, end);
    if (stop <= start) return;
    out.push({
      index: this.nextIndex++,
      text: this.text.slice(start, stop),
      charStart: this.base + start,
      charEnd: this.base + stop,
    });
  }
}

/** Dropping less than this is not worth the copy. */
const DROP_MIN_CHARS = 256;

function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isWhitespace(text[e - 1])) e--;
  return e;
}

/** Segment a complete text in one go (push + close). */
export function splitText(text: string, options?: SplitterOptionsInput, language?: string): TextSegment[] {
  const splitter = new SegmentSplitter(options, language);
  return [...splitter.push(text), ...splitter.close()];
}
