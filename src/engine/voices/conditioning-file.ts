/**
 * The on-disk form of one voice's speech-encoder outputs: compact, self-checking binary.
 *
 *   "SLCOND\0\x01" (8 bytes) | u32 LE header length | header JSON (UTF-8) | zero pad to 8
 *   | each tensor's raw bytes, each zero-padded to 8 | sha256 of everything before (32 bytes)
 *
 * The header names the voice and model the data belongs to and each tensor's dtype and dims. Tensor bytes are
 * the typed arrays' native order, little-endian on every platform Node runs on in practice. Loading verifies
 * the checksum, the header and every size, so a truncated or damaged file is rejected, never half-read.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Conditioning, FloatTensorData, IntTensorData } from '../runtime/tensor-data.ts';

const MAGIC = new Uint8Array([0x53, 0x4c, 0x43, 0x4f, 0x4e, 0x44, 0x00, 0x01]); // "SLCOND" 0 1
const CHECKSUM_BYTES = 32;
const TENSOR_NAMES = ['audioFeatures', 'audioTokens', 'speakerEmbeddings', 'speakerFeatures'] as const;
type TensorName = (typeof TENSOR_NAMES)[number];
const DTYPE_OF: Record<TensorName, 'float32' | 'int64'> = {
  audioFeatures: 'float32',
  audioTokens: 'int64',
  speakerEmbeddings: 'float32',
  speakerFeatures: 'float32',
};

const headerSchema = z.object({
  format: z.literal(1),
  voiceId: z.string(),
  modelKey: z.string(),
  tensors: z
    .array(
      z.object({
        name: z.enum(TENSOR_NAMES),
        dtype: z.enum(['float32', 'int64']),
        dims: z.array(z.number().int().nonnegative()),
      }),
    )
    .length(TENSOR_NAMES.length),
});

export interface ConditioningOwner {
  voiceId: string;
  modelKey: string;
}

const pad8 = (n: number): number => (n + 7) & ~7;
const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** Throws when a tensor's data length disagrees with its dims (storing such data would only fail later). */
export function checkConditioning(c: Conditioning): void {
  for (const name of TENSOR_NAMES) {
    const t = c[name];
    const expectedType = DTYPE_OF[name] === 'int64' ? BigInt64Array : Float32Array;
    if (!(t?.data instanceof expectedType))
      throw new Error(`conditioning.${name}.data must be a ${expectedType.name}`);
    if (!Array.isArray(t.dims) || t.dims.some((d) => !Number.isInteger(d) || d < 0))
      throw new Error(`conditioning.${name}.dims must be non-negative integers`);
    if (product(t.dims) !== t.data.length)
      throw new Error(`conditioning.${name}: ${t.data.length} values do not fit dims [${t.dims.join(', ')}]`);
  }
}

export function encodeConditioning(c: Conditioning, owner: ConditioningOwner): Uint8Array {
  checkConditioning(c);
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: 1,
      voiceId: owner.voiceId,
      modelKey: owner.modelKey,
      tensors: TENSOR_NAMES.map((name) => ({ name, dtype: DTYPE_OF[name], dims: c[name].dims })),
    }),
  );
  const dataStart = pad8(MAGIC.length + 4 + header.length);
  const dataLength = TENSOR_NAMES.reduce((sum, name) => sum + pad8(c[name].data.byteLength), 0);
  const bytes = new Uint8Array(dataStart + dataLength + CHECKSUM_BYTES);
  bytes.set(MAGIC, 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, header.length, true);
  bytes.set(header, MAGIC.length + 4);
  let offset = dataStart;
  for (const name of TENSOR_NAMES) {
    const { data } = c[name];
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    offset += pad8(data.byteLength);
  }
  bytes.set(sha256(bytes.subarray(0, offset)), offset);
  return bytes;
}

/** Parses a conditioning file; throws a descriptive Error on any damage or on a voice/model mismatch. */
export function decodeConditioning(bytes: Uint8Array, expected: ConditioningOwner): Conditioning {
  const minimum = MAGIC.length + 4 + CHECKSUM_BYTES;
  if (bytes.length < minimum) throw new Error(`file is ${bytes.length} bytes, shorter than any valid one`);
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new Error('not a conditioning file (bad magic)');
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  const checksum = bytes.subarray(bytes.length - CHECKSUM_BYTES);
  if (!sha256(body).every((b, i) => checksum[i] === b))
    throw new Error('checksum mismatch (truncated or damaged)');

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > body.length) throw new Error('header runs past the end of the file');
  const parsed = headerSchema.safeParse(
    safeJson(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, headerEnd))),
  );
  if (!parsed.success) throw new Error(`bad header: ${parsed.error.message}`);
  const header = parsed.data;
  if (header.voiceId !== expected.voiceId || header.modelKey !== expected.modelKey)
    throw new Error(`belongs to voice ${header.voiceId} / model "${header.modelKey}", not the one asked for`);

  const tensors = new Map<TensorName, FloatTensorData | IntTensorData>();
  let offset = pad8(headerEnd);
  for (const [index, entry] of header.tensors.entries()) {
    if (entry.name !== TENSOR_NAMES[index] || entry.dtype !== DTYPE_OF[entry.name])
      throw new Error(`unexpected tensor ${entry.name} (${entry.dtype}) at position ${index}`);
    const count = product(entry.dims);
    const byteLength = count * (entry.dtype === 'int64' ? 8 : 4);
    if (offset + byteLength > body.length)
      throw new Error(`tensor ${entry.name} runs past the end of the file`);
    // Copy into a fresh buffer: the file's bytes are not necessarily aligned for the typed array. (Not
    // `bytes.slice()`: on a Node Buffer that is a view, not a copy.)
    const copy = new Uint8Array(byteLength);
    copy.set(bytes.subarray(offset, offset + byteLength));
    const raw = copy.buffer;
    tensors.set(entry.name, {
      data: entry.dtype === 'int64' ? new BigInt64Array(raw) : new Float32Array(raw),
      dims: entry.dims,
    } as FloatTensorData | IntTensorData);
    offset += pad8(byteLength);
  }
  if (offset !== body.length) throw new Error(`${body.length - offset} unexpected bytes after the tensors`);
  return {
    audioFeatures: tensors.get('audioFeatures') as FloatTensorData,
    audioTokens: tensors.get('audioTokens') as IntTensorData,
    speakerEmbeddings: tensors.get('speakerEmbeddings') as FloatTensorData,
    speakerFeatures: tensors.get('speakerFeatures') as FloatTensorData,
  };
}

function sha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
