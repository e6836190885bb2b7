/**
 * Plain tensor data that can cross threads (structured clone / transfer), independent of onnxruntime's Tensor
 * class, which lives only inside workers.
 */
export interface FloatTensorData {
  data: Float32Array;
  dims: number[];
}

export interface IntTensorData {
  data: BigInt64Array;
  dims: number[];
}

/** Speech-encoder outputs for one voice: computed once per voice and model, then cached by content hash. */
export interface Conditioning {
  /** [1, S_cond, 1024]: rows prepended to the language model's prefill. */
  audioFeatures: FloatTensorData;
  /** [1, P]: the prompt's speech tokens; every decoder call starts with them. */
  audioTokens: IntTensorData;
  /** [1, 192] */
  speakerEmbeddings: FloatTensorData;
  /** [1, F, 80] */
  speakerFeatures: FloatTensorData;
}

/** The buffers of a conditioning, for transferring it to a worker. */
export function conditioningBuffers(c: Conditioning): ArrayBuffer[] {
  return [c.audioFeatures, c.audioTokens, c.speakerEmbeddings, c.speakerFeatures].map(
    (t) => t.data.buffer as ArrayBuffer,
  );
}

/** A deep copy, so the cached original survives a transfer. */
export function cloneConditioning(c: Conditioning): Conditioning {
  const f = (t: FloatTensorData): FloatTensorData => ({ data: t.data.slice(), dims: [...t.dims] });
  return {
    audioFeatures: f(c.audioFeatures),
    audioTokens: { data: c.audioTokens.data.slice(), dims: [...c.audioTokens.dims] },
    speakerEmbeddings: f(c.speakerEmbeddings),
    speakerFeatures: f(c.speakerFeatures),
  };
}
