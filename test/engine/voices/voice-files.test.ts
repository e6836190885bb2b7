import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AudioDecodeError } from '../../../src/engine/audio/decode-audio-file.ts';
import { writeWavFile } from '../../../src/engine/audio/wav.ts';
import {
  builtInVoicesDir,
  defaultVoiceDirs,
  importVoice,
  listVoices,
  userVoicesDir,
} from '../../../src/engine/voices/voice-files.ts';
import { sine } from '../audio/signals.ts';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'seamlab-voices-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('listVoices', () => {
  it('lists audio files by extension, folder by folder, sorted, skipping missing folders', async () => {
    const builtIn = path.join(root, 'builtin');
    const user = path.join(root, 'user');
    await fs.mkdir(path.join(builtIn, 'nested'), { recursive: true });
    await fs.mkdir(user);
    for (const f of ['zed.wav', 'amy.FLAC', 'README.md', '.hidden.wav', 'nested/deep.wav'])
      await fs.writeFile(path.join(builtIn, f), 'x');
    await fs.writeFile(path.join(user, 'bob.mp3'), 'x');
    await fs.writeFile(path.join(user, 'notes.txt'), 'x');

    const voices = await listVoices([builtIn, path.join(root, 'missing'), user]);
    expect(voices).toEqual([
      { name: 'amy', path: path.join(builtIn, 'amy.FLAC'), dir: builtIn },
      { name: 'zed', path: path.join(builtIn, 'zed.wav'), dir: builtIn },
      { name: 'bob', path: path.join(user, 'bob.mp3'), dir: user },
    ]);
  });

  it('finds the shipped default voice in the built-in folder', async () => {
    const voices = await listVoices([builtInVoicesDir()]);
    expect(voices.map((v) => v.name)).toContain('default');
    expect(defaultVoiceDirs({ SEAMLAB_DATA_DIR: root })).toEqual([
      builtInVoicesDir(),
      path.join(root, 'voices'),
    ]);
    expect(userVoicesDir({ SEAMLAB_DATA_DIR: root })).toBe(path.join(root, 'voices'));
  });
});

describe('importVoice', () => {
  it('copies a decodable file in, reuses an identical copy and numbers a different one', async () => {
    const userDir = path.join(root, 'user', 'voices');
    const source = path.join(root, 'me.wav');
    await writeWavFile(source, sine(200, 24000, 1), 24000);

    const imported = await importVoice(source, userDir);
    expect(imported).toEqual({ name: 'me', path: path.join(userDir, 'me.wav'), dir: userDir });
    expect(await fs.readFile(imported.path)).toEqual(await fs.readFile(source));

    expect(await importVoice(source, userDir)).toEqual(imported); // same content: no duplicate

    const other = path.join(root, 'elsewhere', 'me.wav');
    await writeWavFile(other, sine(300, 24000, 1), 24000);
    const second = await importVoice(other, userDir);
    expect(second.name).toBe('me-2');
    expect(await fs.readFile(second.path)).toEqual(await fs.readFile(other));
    expect((await fs.readdir(userDir)).sort()).toEqual(['me-2.wav', 'me.wav']); // no temp files left
    expect((await listVoices([userDir])).map((v) => v.name)).toEqual(['me', 'me-2']);
  });

  it('refuses undecodable files with the decode error and files without an audio extension', async () => {
    const userDir = path.join(root, 'voices');
    const fake = path.join(root, 'voice.mp3');
    await fs.writeFile(fake, 'definitely not audio');
    const error = await importVoice(fake, userDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect((error as Error).message).toMatch(/^voice\.mp3: not a decodable audio file \(/);

    const odd = path.join(root, 'voice.dat');
    await writeWavFile(odd, sine(200, 24000, 0.1), 24000);
    await expect(importVoice(odd, userDir)).rejects.toThrow(/^voice\.dat: not a voice file/);
    await expect(fs.readdir(userDir)).rejects.toThrow(/ENOENT/); // nothing was created
  });
});
