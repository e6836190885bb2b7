/**
 * Which precision of a model to fetch for an execution provider, from the dtypes its manifest offers. GPU providers
 * get half precision (fp16: the KV cache and matmuls in float16, what GPUs run fastest; q4f16 when only that
 * exists); the CPU (and CoreML, which falls back to it for most ops) gets 4-bit weights (q4: a quarter of the bytes
 * to stream per token) and fp32 when no q4 exists, since onnxruntime's CPU kernels for float16 mostly up-cast.
 * The manifest's own default wins when none of these is offered. `--dtype` overrides all of this.
 */
const PREFERENCES: Readonly<Record<string, readonly string[]>> = {
  cuda: ['fp16', 'q4f16', 'fp32'],
  tensorrt: ['fp16', 'q4f16', 'fp32'],
  webgpu: ['fp16', 'q4f16', 'fp32'],
  dml: ['fp16', 'q4f16', 'fp32'],
  cpu: ['q4', 'fp32', 'quantized'],
  coreml: ['q4', 'fp32', 'quantized'],
};

export function preferredDtype(
  provider: string,
  offered: readonly string[],
  manifestDefault: string,
): string {
  const order = PREFERENCES[provider];
  if (!order)
    throw new Error(`unknown provider "${provider}": choose one of ${Object.keys(PREFERENCES).join(', ')}`);
  return order.find((dtype) => offered.includes(dtype)) ?? manifestDefault;
}
