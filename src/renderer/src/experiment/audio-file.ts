/** Audio containers the engine's decoder reads (the same list as the voice picker's file input). */
export const AUDIO_EXTENSIONS = ['.wav', '.flac', '.mp3', '.ogg', '.opus', '.m4a'] as const;

/** `accept` for a file input that takes what the engine can import. */
export const AUDIO_ACCEPT = `audio/*,${AUDIO_EXTENSIONS.join(',')}`;

/**
 * Whether a file looks like audio the engine can import: an audio/* type, or one of the extensions where the
 * platform gives no type (Linux desktops often give none for .opus or .flac). The engine still decodes and checks it.
 */
export function isAudioFile(file: { name: string; type: string }): boolean {
  if (file.type.startsWith('audio/')) return true;
  const name = file.name.toLowerCase();
  return (
    (file.type === '' || file.type === 'application/octet-stream' || file.type === 'video/ogg') &&
    AUDIO_EXTENSIONS.some((extension) => name.endsWith(extension))
  );
}

/** The message for a dropped file that is not audio: what it was and what to drop instead. */
export function notAudioMessage(file: { name: string; type: string }): string {
  const what = file.type ? ` (${file.type})` : '';
  return `“${file.name}”${what} is not an audio file. Drop a WAV, FLAC, MP3, OGG, Opus or M4A file to use it as the voice.`;
}
