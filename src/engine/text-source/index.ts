// Text sources for streaming TTS: the streaming sentence/segment splitter and the timed sources built on it.
export * from './options.ts';
export { SegmentSplitter, splitText, type TextSegment } from './segment-splitter.ts';
export { decideCandidate, type BoundaryDecision } from './sentence-rules.ts';
export { SentenceScanner, type SentenceBoundary } from './sentence-scanner.ts';
export { languageProfile, SPLITTER_LANGUAGES, type LanguageProfile } from './language-profiles.ts';
export { ENGLISH_GOLDEN_RULES } from './golden/english-golden-rules.ts';
export { LANGUAGE_GOLDEN_CASES } from './golden/languages.ts';
export type { LanguageGoldenCase } from './golden/types.ts';
export { chooseBreak } from './break-points.ts';
export { realClock, VirtualClock, type Clock } from './clock.ts';
export {
  RecordedStreamSchema,
  RecordedTokenSchema,
  loadRecordedStream,
  scheduleTokens,
  synthesizeTokenStream,
  tokenizeLikeLlm,
  type RecordedToken,
  type TokenTiming,
} from './token-stream.ts';
export { openTextSource, collectSegments, type TextSourceRequest, type TimedSegment } from './sources.ts';
