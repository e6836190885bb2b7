import { describe, expect, test } from 'vitest';
import {
  detectFamily,
  detectVariant,
  languageTags,
  precisionLabel,
  type GraphInfos,
} from '../../../src/engine/models/detect-family.ts';
import type { GraphInfo, TensorInfo } from '../../../src/engine/models/inspect-graph.ts';

const tensor = (name: string, type: TensorInfo['type'] = 'int64', rank = 2): TensorInfo => ({
  name,
  type,
  dims: Array.from({ length: rank }, (_, i) => `d${i}`),
});

function info(file: string, inputs: TensorInfo[], extra: Partial<GraphInfo> = {}): GraphInfo {
  return {
    file,
    bytes: 0,
    inputs,
    outputs: [],
    source: 'protobuf',
    externalDataFiles: [],
    opTypes: [],
    initializerTypes: { float32: 3 },
    ...extra,
  };
}

const kv = (layers: number, type: TensorInfo['type']) =>
  Array.from({ length: layers }, (_, l) => [
    tensor(`past_key_values.${l}.key`, type, 4),
    tensor(`past_key_values.${l}.value`, type, 4),
  ]).flat();

const originalGraphs: GraphInfos = {
  embed_tokens: info('/m/onnx/embed_tokens.onnx', [
    tensor('input_ids'),
    tensor('position_ids'),
    tensor('exaggeration', 'float32', 1),
  ]),
  language_model: info('/m/onnx/language_model.onnx', [
    tensor('inputs_embeds', 'float32', 3),
    tensor('attention_mask'),
    ...kv(30, 'float16'),
  ]),
};

describe('detectFamily', () => {
  test('original vs multilingual is decided by language tags in tokenizer.json', () => {
    const english = { model: { vocab: { '[STOP]': 0, '[START]': 255, a: 3 } } };
    expect(detectFamily(originalGraphs, english).family).toBe('original');
    const multi = {
      model: { vocab: { '[STOP]': 0, '[START]': 255 } },
      added_tokens: [
        { id: 700, content: '[en]' },
        { id: 701, content: '[fr]' },
        { id: 702, content: '[de]' },
      ],
    };
    expect(detectFamily(originalGraphs, multi)).toEqual({
      family: 'multilingual',
      reason: 'tokenizer.json has 3 language tags ([de], [en], [fr])',
      languages: ['de', 'en', 'fr'],
    });
    expect(detectFamily(originalGraphs, english).languages).toEqual([]);
    // A single tag is not enough evidence.
    expect(detectFamily(originalGraphs, { model: { vocab: { '[en]': 5 } } }).family).toBe('original');
    expect(languageTags({ model: { vocab: { '[ja]': 1, '[zh]': 2, '[xx]': 3 } } })).toEqual(['[ja]', '[zh]']);
  });

  test('turbo from position_ids on the language model or no exaggeration on embed_tokens', () => {
    const lmWithPositions: GraphInfos = {
      ...originalGraphs,
      language_model: info('/m/onnx/language_model.onnx', [
        tensor('inputs_embeds', 'float32', 3),
        tensor('attention_mask'),
        tensor('position_ids'),
      ]),
    };
    expect(detectFamily(lmWithPositions, null)).toEqual({
      family: 'turbo',
      reason: 'language_model takes position_ids',
      languages: [],
    });
    const embedOnlyIds: GraphInfos = {
      embed_tokens: info('/m/onnx/embed_tokens.onnx', [tensor('input_ids')]),
    };
    expect(detectFamily(embedOnlyIds, null).family).toBe('turbo');
    expect(detectFamily({}, null).family).toBeNull();
  });
});

describe('detectVariant', () => {
  test('reads KV dtype, layer count and stateful decoder', () => {
    const variant = detectVariant({
      ...originalGraphs,
      conditional_decoder: info('/m/onnx/conditional_decoder.onnx', [
        tensor('speech_tokens'),
        tensor('cache_source', 'float32', 3),
      ]),
    });
    expect(variant.kvDtype).toBe('float16');
    expect(variant.layers).toBe(30);
    expect(variant.statefulDecoder).toBe(true);
  });

  test('precision label from the file or sidecar suffix, else from the graph contents', () => {
    expect(precisionLabel(info('/m/onnx/language_model_q4f16.onnx', []))).toBe('q4f16');
    expect(
      precisionLabel(
        info('/m/onnx/language_model.onnx', [], { externalDataFiles: ['language_model_q4.onnx_data'] }),
      ),
    ).toBe('q4');
    expect(precisionLabel(info('/m/onnx/x.onnx', [], { opTypes: ['MatMulNBits'] }))).toBe('q4');
    expect(
      precisionLabel(
        info('/m/onnx/x.onnx', [], {
          opTypes: ['MatMulNBits'],
          initializerTypes: { float16: 9, float32: 1 },
        }),
      ),
    ).toBe('q4f16');
    expect(precisionLabel(info('/m/onnx/x.onnx', [], { opTypes: ['MatMulInteger'] }))).toBe('quantized');
    expect(precisionLabel(info('/m/onnx/x.onnx', [], { initializerTypes: { float16: 5 } }))).toBe('fp16');
    expect(precisionLabel(info('/m/onnx/x.onnx', []))).toBe('fp32');
  });
});
