import { CANDIDATE_PATTERN, decideCandidate } from './sentence-rules.ts';

/** A decided sentence end: the sentence's text ends at `end` (exclusive); the next sentence begins at `next`. */
export interface SentenceBoundary {
  end: number;
  next: number;
}

/**
 * Finds sentence ends in a growing text, incrementally. Every candidate is decided once, in order, as soon as
 * the text after it allows (sentence-rules.ts), so the boundaries found never depend on how the text was cut
 * into pushes. `decidedUpTo` is the index before which every candidate has been decided.
 */
export class SentenceScanner {
  private sentenceStart = 0;
  private cursor = 0;
  private readonly found: SentenceBoundary[] = [];
  private readonly pattern = new RegExp(CANDIDATE_PATTERN.source, 'g');

  get decidedUpTo(): number {
    return this.cursor;
  }

  /** Boundaries found so far and not yet taken. */
  get boundaries(): readonly SentenceBoundary[] {
    return this.found;
  }

  /** Decide every candidate that `text` (the whole stream so far) allows. */
  scan(text: string): void {
    for (;;) {
      this.pattern.lastIndex = this.cursor;
      const match = this.pattern.exec(text);
      if (match === null) {
        this.cursor = text.length;
        return;
      }
      const decision = decideCandidate(text, match.index, this.sentenceStart);
      if (decision.kind === 'pending') {
        this.cursor = match.index;
        return;
      }
      if (decision.kind === 'no') {
        this.cursor = decision.resumeAt;
      } else {
        this.found.push({ end: decision.end, next: decision.next });
        this.sentenceStart = decision.next;
        this.cursor = decision.next;
      }
    }
  }

  /** Forget boundaries that end at or before `index` (their text has been emitted). */
  dropThrough(index: number): void {
    while (this.found.length > 0 && (this.found[0]?.end ?? 0) <= index) this.found.shift();
  }

  /** Start afresh at `index`, as if a new text began there (after a flush). */
  restartAt(index: number): void {
    this.found.length = 0;
    this.sentenceStart = index;
    this.cursor = index;
  }
}
