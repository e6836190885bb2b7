/**
 * The execution provider of each ONNX graph, named: "speech_encoder: cpu · embed_tokens: cpu · …", never a bare
 * "cpu/cpu/cpu/cpu" that leaves the reader to guess which graph ran where.
 */
export function describeProviders(providers: Readonly<Record<string, string>>): string {
  const entries = Object.entries(providers);
  if (!entries.length) return 'providers not recorded';
  return entries.map(([graph, provider]) => `${graph}: ${provider}`).join(' · ');
}
