/**
 * Voice files on disk: the built-in ones in resources/voices and the user's own folder. Listing goes by file
 * extension only (decoding every file would make a listing cost seconds); loadVoice reports bad files later.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeAudioFile } from '../audio/decode-audio-file.ts';
import { PROJECT_ROOT, userDataDir } from '../paths.ts';

/** Extensions of the containers audio-decode reads. */
export const VOICE_FILE_EXTENSIONS: readonly string[] =
  '.wav .wave .flac .mp3 .ogg .oga .opus .m4a .mp4 .aac .aif .aiff .caf .webm .qoa .amr .wma'.split(' ');

export interface VoiceFile {
  /** File name without extension: what the UI shows and runs refer to. */
  name: string;
  path: string;
  /** The folder it was found in. */
  dir: string;
}

export function builtInVoicesDir(): string {
  return path.join(PROJECT_ROOT, 'resources', 'voices');
}

export function userVoicesDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'voices');
}

/** Built-in first, then the user's. */
export function defaultVoiceDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [builtInVoicesDir(), userVoicesDir(env)];
}

export function isVoiceFileName(fileName: string): boolean {
  return !fileName.startsWith('.') && VOICE_FILE_EXTENSIONS.includes(path.extname(fileName).toLowerCase());
}

/**
 * Voice files in `dirs`, in the order of `dirs`, sorted by name within each. Folders that do not exist are
 * skipped (the user folder appears only on first import); subfolders and other files are ignored.
 */
export async function listVoices(dirs: readonly string[]): Promise<VoiceFile[]> {
  const voices: VoiceFile[] = [];
  for (const dir of dirs) {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const found = entries
      .filter((e) => e.isFile() && isVoiceFileName(e.name))
      .map((e) => ({ name: path.basename(e.name, path.extname(e.name)), path: path.join(dir, e.name), dir }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    voices.push(...found);
  }
  return voices;
}

/**
 * Copies an audio file into `userDir` after proving it decodes (an undecodable file is refused with the
 * AudioDecodeError). A file of the same name and content already there is reused; a different file of the
 * same name gets a numbered name (`voice-2.wav`). The copy is atomic.
 */
export async function importVoice(file: string, userDir: string): Promise<VoiceFile> {
  const fileName = path.basename(file);
  if (!isVoiceFileName(fileName))
    throw new Error(`${fileName}: not a voice file (expected one of ${VOICE_FILE_EXTENSIONS.join(' ')})`);
  await decodeAudioFile(file);
  const bytes = await fs.readFile(file);
  const digest = sha256(bytes);
  await fs.mkdir(userDir, { recursive: true });

  const ext = path.extname(fileName);
  const stem = path.basename(fileName, ext);
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    const target = path.join(userDir, `${name}${ext}`);
    const existing = await fs.readFile(target).catch(() => null);
    if (existing && sha256(existing) === digest) return { name, path: target, dir: userDir };
    if (existing) continue;
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(tmp, bytes, { flag: 'wx' });
    try {
      // link() fails if another import took the name meanwhile; rename() would silently replace it.
      await fs.link(tmp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      n--; // look at the same name again: the racing file may be this very voice
      continue;
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return { name, path: target, dir: userDir };
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
