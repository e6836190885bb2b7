import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { VoiceInfo } from '../../contract/methods/library.ts';
import { builtInVoicesDir, importVoice, listVoices, userVoicesDir } from '../voices/voice-files.ts';

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

  async import(fileName: string, lastPart: string, uploadId?: string): Promise<VoiceInfo> {
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
