import type { EngineClient } from '../../../contract/index.ts';
import type { VoiceInfo } from '../../../contract/methods/library.ts';
import { audioContext } from '../audio/audio-context.ts';
import { bytesToBase64, encodeWavPcm16 } from '../audio/wav-encode.ts';

/** base64 characters per contract message: the server accepts frames up to 1 MiB. */
const PART_CHARS = 900_000;

/**
 * Sends a file's bytes to voices.import, in parts when it is larger than one message; `model` picks the family whose
 * import checks apply.
 */
export async function importVoiceBytes(
  engine: EngineClient,
  fileName: string,
  bytes: Uint8Array,
  model?: string,
): Promise<VoiceInfo> {
  const base64 = bytesToBase64(bytes);
  const forModel = model ? { model } : {};
  if (base64.length <= PART_CHARS)
    return (await engine.call('voices.import', { fileName, audio: base64, ...forModel })).voice;
  const uploadId = crypto.randomUUID();
  let offset = 0;
  for (; offset + PART_CHARS < base64.length; offset += PART_CHARS)
    await engine.call('voices.importPart', { uploadId, audio: base64.slice(offset, offset + PART_CHARS) });
  return (
    await engine.call('voices.import', { fileName, uploadId, audio: base64.slice(offset), ...forModel })
  ).voice;
}

/**
 * A microphone recording (whatever container MediaRecorder produced) decoded in the browser and re-encoded as a
 * mono 16-bit WAV, which the engine's decoder reads on every platform.
 */
export async function recordingToWav(blob: Blob): Promise<Uint8Array> {
  const decoded = await audioContext().decodeAudioData(await blob.arrayBuffer());
  const mono = new Float32Array(decoded.length);
  for (let channel = 0; channel < decoded.numberOfChannels; channel++) {
    const data = decoded.getChannelData(channel);
    for (let i = 0; i < data.length; i++) mono[i]! += data[i]! / decoded.numberOfChannels;
  }
  return encodeWavPcm16(mono, decoded.sampleRate);
}
