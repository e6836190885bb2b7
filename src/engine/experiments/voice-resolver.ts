import fs from 'node:fs/promises';
import path from 'node:path';
import { loadVoice, type Voice } from '../voices/load-voice.ts';
import { defaultVoiceDirs, listVoices } from '../voices/voice-files.ts';

export type ResolvedVoice = Voice;

/**
 * A run's `voice` is either a voice-library name (resources/voices or the user's voices folder) or a path to an
 * audio file. Library names win, so a file named like a library voice must be given with a path separator.
 */
export async function resolveVoice(ref: string, dirs?: readonly string[]): Promise<ResolvedVoice> {
  const library = await listVoices(dirs ?? defaultVoiceDirs());
  const named = library.find((v) => v.name === ref);
  if (named) return loadVoice(named.path);
  const looksLikePath = ref.includes('/') || ref.includes('\\') || path.extname(ref) !== '';
  if (looksLikePath && (await fs.stat(ref).catch(() => undefined))?.isFile()) return loadVoice(ref);
  const names = library.map((v) => v.name).join(', ') || 'none';
  throw new Error(`no voice "${ref}": give a voice name (${names}) or the path of a WAV/FLAC/MP3 file`);
}
