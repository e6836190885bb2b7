/**
 * The I/O contract of every Chatterbox ONNX graph, per model family, as data (see shared/docs/model.md).
 *
 * The validator compares what a folder's graphs declare against these tables, so a model that does not match
 * is rejected before any session is created, with a sentence naming the graph, the tensor, the expectation and
 * what was found. The fixture generator reproduces the same tables.
 */

export type ModelFamily = 'original' | 'multilingual' | 'turbo';
export const MODEL_FAMILIES: readonly ModelFamily[] = ['original', 'multilingual', 'turbo'];

export type GraphName = 'speech_encoder' | 'embed_tokens' | 'language_model' | 'conditional_decoder';
export const GRAPH_NAMES: readonly GraphName[] = [
  'speech_encoder',
  'embed_tokens',
  'language_model',
  'conditional_decoder',
];

/** Element type names as onnxruntime spells them (`Tensor.Type`), plus the few ONNX types ORT-node lacks. */
export type ElementType =
  | 'float32'
  | 'float16'
  | 'bfloat16'
  | 'float64'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'string'
  | 'complex64'
  | 'complex128'
  | 'unknown';

/** Fixed sizes of the Chatterbox graphs. */
export const MODEL_DIMS = {
  hidden: 1024,
  kvHeads: 16,
  headDim: 64,
  /** Speech vocabulary of the original/multilingual T3 (6561 speech tokens + start/stop + padding). */
  speechVocab: 8194,
  melBins: 80,
  speakerEmbedding: 192,
} as const;

export const LAYER_COUNT: Readonly<Record<ModelFamily, number>> = {
  original: 30,
  multilingual: 30,
  turbo: 24,
};

/** `null` marks a dynamic axis (batch, sequence, past length ...); a number must match exactly. */
export type DimContract = number | null;

export interface TensorContract {
  name: string;
  dtypes: readonly ElementType[];
  /** One entry per axis: rank = dims.length. */
  dims: readonly DimContract[];
}

export interface GraphContract {
  graph: GraphName;
  inputs: readonly TensorContract[];
  outputs: readonly TensorContract[];
}

export type FamilyContract = Readonly<Record<GraphName, GraphContract>>;

const F32 = ['float32'] as const;
const I64 = ['int64'] as const;
/** KV dtype follows the language model's precision (fp32/q4: float32, fp16/q4f16: float16). */
const KV = ['float32', 'float16'] as const;
const D = null;

export const pastKeyName = (layer: number, kind: 'key' | 'value'): string =>
  `past_key_values.${layer}.${kind}`;
export const presentName = (layer: number, kind: 'key' | 'value'): string => `present.${layer}.${kind}`;

/** Matches `past_key_values.<layer>.<key|value>` and `present.<layer>.<key|value>`. */
export const KV_NAME = /^(past_key_values|present)\.(\d+)\.(key|value)$/;

function kvTensors(layers: number, prefix: 'past' | 'present'): TensorContract[] {
  const out: TensorContract[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (const kind of ['key', 'value'] as const) {
      out.push({
        name: prefix === 'past' ? pastKeyName(layer, kind) : presentName(layer, kind),
        dtypes: KV,
        dims: [D, MODEL_DIMS.kvHeads, D, MODEL_DIMS.headDim],
      });
    }
  }
  return out;
}

const speechEncoder: GraphContract = {
  graph: 'speech_encoder',
  inputs: [{ name: 'audio_values', dtypes: F32, dims: [D, D] }],
  outputs: [
    { name: 'audio_features', dtypes: F32, dims: [D, D, MODEL_DIMS.hidden] },
    { name: 'audio_tokens', dtypes: I64, dims: [D, D] },
    { name: 'speaker_embeddings', dtypes: F32, dims: [D, MODEL_DIMS.speakerEmbedding] },
    { name: 'speaker_features', dtypes: F32, dims: [D, D, MODEL_DIMS.melBins] },
  ],
};

const conditionalDecoder: GraphContract = {
  graph: 'conditional_decoder',
  inputs: [
    { name: 'speech_tokens', dtypes: I64, dims: [D, D] },
    { name: 'speaker_embeddings', dtypes: F32, dims: [D, MODEL_DIMS.speakerEmbedding] },
    { name: 'speaker_features', dtypes: F32, dims: [D, D, MODEL_DIMS.melBins] },
  ],
  outputs: [{ name: 'waveform', dtypes: F32, dims: [D, D] }],
};

function originalContract(layers: number): FamilyContract {
  return {
    speech_encoder: speechEncoder,
    embed_tokens: {
      graph: 'embed_tokens',
      inputs: [
        { name: 'input_ids', dtypes: I64, dims: [D, D] },
        { name: 'position_ids', dtypes: I64, dims: [D, D] },
        { name: 'exaggeration', dtypes: F32, dims: [D] },
      ],
      outputs: [{ name: 'inputs_embeds', dtypes: F32, dims: [D, D, MODEL_DIMS.hidden] }],
    },
    language_model: {
      graph: 'language_model',
      inputs: [
        { name: 'inputs_embeds', dtypes: F32, dims: [D, D, MODEL_DIMS.hidden] },
        { name: 'attention_mask', dtypes: I64, dims: [D, D] },
        ...kvTensors(layers, 'past'),
      ],
      outputs: [
        { name: 'logits', dtypes: F32, dims: [D, D, MODEL_DIMS.speechVocab] },
        ...kvTensors(layers, 'present'),
      ],
    },
    conditional_decoder: conditionalDecoder,
  };
}

function turboContract(layers: number): FamilyContract {
  return {
    speech_encoder: speechEncoder,
    embed_tokens: {
      graph: 'embed_tokens',
      inputs: [{ name: 'input_ids', dtypes: I64, dims: [D, D] }],
      outputs: [{ name: 'inputs_embeds', dtypes: F32, dims: [D, D, MODEL_DIMS.hidden] }],
    },
    language_model: {
      graph: 'language_model',
      inputs: [
        { name: 'inputs_embeds', dtypes: F32, dims: [D, D, MODEL_DIMS.hidden] },
        { name: 'attention_mask', dtypes: I64, dims: [D, D] },
        { name: 'position_ids', dtypes: I64, dims: [D, D] },
        ...kvTensors(layers, 'past'),
      ],
      outputs: [
        // Turbo's speech vocabulary size is not stated in any public source we could read: left dynamic.
        { name: 'logits', dtypes: F32, dims: [D, D, D] },
        ...kvTensors(layers, 'present'),
      ],
    },
    conditional_decoder: conditionalDecoder,
  };
}

export const GRAPH_CONTRACTS: Readonly<Record<ModelFamily, FamilyContract>> = {
  original: originalContract(LAYER_COUNT.original),
  multilingual: originalContract(LAYER_COUNT.multilingual),
  turbo: turboContract(LAYER_COUNT.turbo),
};

/**
 * File names a graph may carry on the hub. Model folders written by Seamlab's downloader hold the canonical
 * `NAME.onnx` (with the sidecar keeping its original name); a folder copied straight from the hub may only
 * hold a suffixed variant.
 */
export const GRAPH_FILE_SUFFIXES = ['', '_fp16', '_quantized', '_q4', '_q4f16'] as const;
export const graphFileName = (graph: GraphName, suffix = ''): string => `${graph}${suffix}.onnx`;

/**
 * Stateful ("cache-capable") decoder: every state input `cache_X` has an output `new_cache_X` with the same
 * dtype and rank; the streaming strategy feeds each call's `new_cache_*` back as the next call's `cache_*`.
 */
export const DECODER_STATE_INPUT_PREFIX = 'cache_';
export const DECODER_STATE_OUTPUT_PREFIX = 'new_cache_';
export const stateOutputName = (stateInput: string): string =>
  DECODER_STATE_OUTPUT_PREFIX + stateInput.slice(DECODER_STATE_INPUT_PREFIX.length);

/** "float32 of rank 3" */
export function describeTensorType(dtypes: readonly string[], rank: number | null): string {
  const types = dtypes.join(' or ');
  return rank === null ? `${types} of unknown rank` : `${types} of rank ${rank}`;
}
