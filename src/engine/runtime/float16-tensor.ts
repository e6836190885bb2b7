import ort from 'onnxruntime-node';

/**
 * A float16 tensor onnxruntime-node 1.30 can read on Node >= 24: onnxruntime-common turns Uint16Array data into the
 * now-global Float16Array, which the native binding does not recognise ("not enough space: expected N, got 0").
 * Putting the Uint16Array back as the tensor's storage works around it. Empty tensors were never affected, which
 * is why only the second step of an fp16-KV language model failed.
 */
export function float16Tensor(data: Uint16Array, dims: readonly number[]): ort.Tensor {
  const tensor = new ort.Tensor('float16', data, dims);
  (tensor as unknown as { cpuData: Uint16Array }).cpuData = data;
  return tensor;
}

/** An output fed back as the next call's input: float16 outputs re-wrapped as Uint16Array (see float16Tensor). */
export function feedBack(tensor: ort.Tensor): ort.Tensor {
  if (tensor.type !== 'float16') return tensor;
  const data = tensor.data as unknown as ArrayBufferView & { length: number };
  return float16Tensor(new Uint16Array(data.buffer, data.byteOffset, data.length), tensor.dims);
}
