import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { VoiceInfo } from '../../contract/methods/library.ts';
import { decodeAudioFile } from '../audio/decode-audio-file.ts';
import type { ModelFamily } from '../models/graph-contract.ts';
import { findSound, loadVoice } from '../voices/load-voice.ts';
import {
  builtInVoicesDir,
  importVoice,
  isVoiceFileName,
  listVoices,
  userVoicesDir,
  VOICE_FILE_EXTENSIONS,
} from '../voices/voice-files.ts';
import { VOICE_PROMPT_RULES, voiceImportRefusal } from '../voices/voice-prompt.ts';

/** Largest voice file accepted (a reference clip needs ~10 s; this leaves room for uncompressed studio WAVs). */
export const MAX_VOICE_FILE_BYTES = 64 * 1024 * 1024;
/** An upload whose last part never comes is dropped after this long. */
const UPLOAD_TTL_MS = 5 * 60_000;

export async function listVoiceInfos(): Promise<{ voices: VoiceInfo[]; userDir: string }> {
  const builtIn = builtInVoicesDir();
  const userDir = userVoicesDir();
  const files = await listVoices([builtIn, userDir]);
  return {
    voices: files.map((v) => ({ name: v.name, builtIn: v.dir === builtIn, path: v.path })),
    userDir,
  };
}

interface Upload {
  parts: Buffer[];
  bytes: number;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Voice files arrive as base64 over the contract, in parts when they exceed one message. The bytes are written
 * under their own file name to a private temp folder and handed to importVoice, which proves they decode and
 * copies them into the user's voices folder.
 */
export class VoiceUploads {
  private readonly uploads = new Map<string, Upload>();

  addPart(uploadId: string, base64: string): number {
    const upload = this.uploads.get(uploadId) ?? this.start(uploadId);
    const part = Buffer.from(base64, 'base64');
    if (upload.bytes + part.length > MAX_VOICE_FILE_BYTES) {
      this.drop(uploadId);
      throw new Error(`voice file larger than ${MAX_VOICE_FILE_BYTES / 1024 / 1024} MiB: use a shorter clip`);
    }
    upload.parts.push(part);
    upload.bytes += part.length;
    return upload.bytes;
  }

  /**
   * Imports the bytes as a voice once they pass `family`'s import checks (voiceImportRefusal: level and length
   * of sound, Turbo's > 5 s); the original family's floors when no model is named.
   */
  async import(
    fileName: string,
    lastPart: string,
    uploadId?: string,
    family: ModelFamily | null = null,
  ): Promise<VoiceInfo> {
    let bytes: Buffer;
    if (uploadId) {
      if (!this.uploads.has(uploadId) && lastPart === '')
        throw new Error(`no upload ${uploadId}: its parts expired or were never sent; import the file again`);
      this.addPart(uploadId, lastPart);
      const upload = this.uploads.get(uploadId)!;
      bytes = Buffer.concat(upload.parts);
      this.drop(uploadId);
    } else {
      bytes = Buffer.from(lastPart, 'base64');
    }
    if (bytes.length === 0) throw new Error(`${fileName} is empty`);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-voice-'));
    try {
      const file = path.join(dir, path.basename(fileName));
      await fs.writeFile(file, bytes);
      await assertUsableVoice(file, family);
      const voice = await importVoice(file, userVoicesDir());
      return { name: voice.name, builtIn: false, path: voice.path };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  close(): void {
    for (const id of [...this.uploads.keys()]) this.drop(id);
  }

  private start(uploadId: string): Upload {
    const timer = setTimeout(() => this.drop(uploadId), UPLOAD_TTL_MS);
    timer.unref?.();
    const upload: Upload = { parts: [], bytes: 0, timer };
    this.uploads.set(uploadId, upload);
    return upload;
  }

  private drop(uploadId: string): void {
    const upload = this.uploads.get(uploadId);
    if (upload) clearTimeout(upload.timer);
    this.uploads.delete(uploadId);
  }
}

/** Throws a message with the numbers when the clip at `file` cannot condition a model of `family`. */
async function assertUsableVoice(file: string, family: ModelFamily | null): Promise<void> {
  if (!isVoiceFileName(path.basename(file)))
    throw new Error(
      `${path.basename(file)}: not a voice file (expected one of ${VOICE_FILE_EXTENSIONS.join(' ')})`,
    );
  const decoded = await decodeAudioFile(file);
  const name = path.basename(file, path.extname(file));
  if (!findSound(decoded.samples, decoded.sampleRate)) {
    const rule = VOICE_PROMPT_RULES[family ?? 'original'];
    throw new Error(
      `voice "${name}" is silent (${(decoded.samples.length / decoded.sampleRate).toFixed(2)} s with no sample ` +
        `above -80 dBFS); a voice needs at least ${rule.minImportSeconds} s of sound at ${rule.minLevelDbfs} dBFS ` +
        'RMS or louder',
    );
  }
  const refusal = voiceImportRefusal(family, await loadVoice(file));
  if (refusal) throw new Error(refusal);
}

/** A voice name: what runs refer to and the file's name without its extension. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not hold
const VOICE_NAME = /^[^/\\:*?"<>|\x00-\x1f]{1,100}$/;

async function userVoiceFile(name: string): Promise<{ path: string; dir: string }> {
  const dir = userVoicesDir();
  const all = await listVoices([builtInVoicesDir(), dir]);
  const found = all.filter((v) => v.name === name);
  const own = found.find((v) => v.dir === dir);
  if (!own) {
    if (found.length > 0) throw new Error(`voice "${name}" is built in: only imported voices can be changed`);
    throw new Error(`no voice "${name}" in ${dir}`);
  }
  return own;
}

/**
 * Renames an imported voice's file (its extension kept). Stored runs keep the name they ran with; their
 * conditioning is cached by the audio's content, so nothing is recomputed.
 */
export async function renameVoice(name: string, newName: string): Promise<VoiceInfo> {
  const target = newName.trim();
  if (!VOICE_NAME.test(target) || target.startsWith('.'))
    throw new Error(
      `"${newName}" is not a voice name: 1-100 characters, no leading dot, none of / \\ : * ? " < > |`,
    );
  const own = await userVoiceFile(name);
  const taken = (await listVoices([builtInVoicesDir(), own.dir])).some(
    (v) => v.name === target && v.path !== own.path,
  );
  if (taken) throw new Error(`a voice named "${target}" already exists: choose another name`);
  const to = path.join(own.dir, `${target}${path.extname(own.path)}`);
  // link + unlink, so a file that appeared under the new name meanwhile is never overwritten.
  await fs.link(own.path, to);
  await fs.rm(own.path);
  return { name: target, builtIn: false, path: to };
}

/** Deletes an imported voice's file. Built-in voices cannot be removed. */
export async function removeVoice(name: string): Promise<void> {
  const own = await userVoiceFile(name);
  await fs.rm(own.path);
}
