import { MAX_RUN_SPEECH_TOKENS, type StopReason } from '../../../contract/index.ts';

/** One line saying why a run ended, for the Run view; null for runs stored before reasons were recorded. */
export function describeStopReason(
  reason: StopReason | undefined,
  /** The limit the run generated with (provenance.generation); unknown for runs stored before it was recorded. */
  maxNewTokens: number | undefined,
): string | null {
  switch (reason) {
    case 'stop-token':
      return 'Ended: the model emitted its stop token (speech complete).';
    case 'max-tokens':
      return (
        `Ended: generation reached the ${maxNewTokens === undefined ? 'max' : maxNewTokens}-token limit before the stop token, so the text may be cut ` +
        'short (raise max tokens or use the sentences text source).'
      );
    case 'run-token-limit':
      return (
        `Ended: the run used up its budget of ${MAX_RUN_SPEECH_TOKENS} speech tokens (30 minutes of audio, which ` +
        'bounds its memory); the rest of the text was not synthesised.'
      );
    case 'cancelled':
      return 'Ended: cancelled.';
    case 'failed':
      return 'Ended: failed (the reason is below).';
    case 'interrupted':
      return 'Ended: interrupted, because the engine process exited while the run was in progress.';
    default:
      return null;
  }
}
