import type { RunSummary } from '../../../contract/index.ts';

/**
 * Why the Run view has no audio to draw, in the words of the run's status: a run still in progress stores its
 * audio when it finishes, one that ended early never stored any. The engine's message is kept only where the
 * audio of a finished run is really missing (a damaged or trimmed database).
 */
export function describeMissingAudio(status: RunSummary['status'], engineMessage: string): string {
  switch (status) {
    case 'running':
      return 'This run is still running: its audio is stored when it finishes, and appears here then.';
    case 'cancelled':
      return 'This run was cancelled before it finished, so it has no stored audio.';
    case 'failed':
      return 'This run failed before it finished, so it has no stored audio (the error is above).';
    case 'interrupted':
      return 'This run was interrupted (the engine exited mid-run), so it has no stored audio.';
    case 'finished':
      return `The audio of this finished run is missing from the database: ${engineMessage}`;
  }
}
