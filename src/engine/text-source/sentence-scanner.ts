import { languageProfile, type LanguageProfile } from './language-profiles.ts';
import { findSuccessor, listSuccessorAt, type ListSuccessor } from './list-markers.ts';
import { candidatePattern, decideCandidate } from './sentence-rules.ts';

/** A decided sentence end: the sentence's text ends at `end` (exclusive); the next sentence begins at `next`. */
export interface SentenceBoundary {
  end: number;
  next: number;
}

/**
 * Finds sentence ends in a growing text, incrementally. Every candidate is decided once, in order, as soon as
 * the text after it allows (sentence-rules.ts), so the boundaries found never depend on how the text was cut
 * into pushes. `decidedUpTo` is the index before which every candidate has been decided.
 *
 * Besides terminators, a sentence that starts with a list marker ends where the next marker begins
 * (list-markers.ts). No rule looks back before the current sentence's start, so text before it may be dropped
 * (`shift`) without changing any decision: that keeps a long stream linear.
 */
export class SentenceScanner {
  private sentenceStart = 0;
  private cursor = 0;
  /** The next list marker of the current sentence: undefined until known, null when it is no list item. */
  private successor: ListSuccessor | null | undefined;
  private readonly found: SentenceBoundary[] = [];
  private readonly profile: LanguageProfile;
  private readonly pattern: RegExp;

  constructor(language = 'en') {
    this.profile = languageProfile(language);
    this.pattern = candidatePattern(this.profile);
  }

  get decidedUpTo(): number {
    return this.cursor;
  }

  /** Where the sentence being scanned began: no decision looks before it. */
  get currentSentenceStart(): number {
    return this.sentenceStart;
  }

  /** Boundaries found so far and not yet taken. */
  get boundaries(): readonly SentenceBoundary[] {
    return this.found;
  }

  /** Decide every candidate that `text` (the whole stream so far, from the last shift) allows. */
  scan(text: string): void {
    for (;;) {
      if (this.successor === undefined) {
        const successor = listSuccessorAt(text, this.sentenceStart);
        if (successor === 'pending') return;
        this.successor = successor;
      }
      this.pattern.lastIndex = this.cursor;
      const match = this.pattern.exec(text);
      const candidate = match === null ? text.length : match.index;
      if (this.successor !== null) {
        const from = Math.max(this.sentenceStart + 1, this.cursor - this.successor.marker.length - 1);
        const marker = findSuccessor(text, this.successor, from);
        if (marker !== null && marker.index < candidate) {
          if (marker.pending) {
            this.cursor = Math.max(this.cursor, marker.index - 1);
            return;
          }
          this.startSentence(marker.index, marker.index);
          continue;
        }
      }
      if (match === null) {
        // A successor marker may still be completing at the end: leave its room undecided.
        const room = this.successor === null ? 0 : this.successor.marker.length + 1;
        this.cursor = Math.max(this.cursor, Math.min(text.length, text.length - room));
        return;
      }
      const decision = decideCandidate(text, match.index, this.sentenceStart, this.profile);
      if (decision.kind === 'pending') {
        this.cursor = match.index;
        return;
      }
      if (decision.kind === 'no') this.cursor = decision.resumeAt;
      else this.startSentence(decision.end, decision.next);
    }
  }

  private startSentence(end: number, next: number): void {
    this.found.push({ end, next });
    this.sentenceStart = next;
    this.cursor = next;
    this.successor = undefined;
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
    this.successor = undefined;
  }

  /** The text lost its first `n` characters (all before the current sentence): move every index back. */
  shift(n: number): void {
    if (n > this.sentenceStart) throw new Error('SentenceScanner.shift: cannot drop the current sentence');
    this.sentenceStart -= n;
    this.cursor -= n;
    for (const b of this.found) {
      b.end -= n;
      b.next -= n;
    }
  }
}
