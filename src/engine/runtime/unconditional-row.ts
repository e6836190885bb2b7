import ort from 'onnxruntime-node';
import { TEXT_TOKENS } from '../text-frontend/tokenizer.ts';

/** Runs embed_tokens on these feeds and returns `inputs_embeds` ([1, S, hidden], row-major). */
export type EmbedRunner = (feeds: Record<string, ort.Tensor>) => Promise<Float32Array>;

/**
 * The text rows of the unconditional (classifier-free guidance) batch row, as close to upstream as the ONNX
 * embed_tokens graph allows.
 *
 * Upstream (resemble-ai/chatterbox t3.py `prepare_input_embeds`, lines 112-118) zeroes the text *token* embeddings
 * of the whole text, [START] to [STOP] (`text_emb[1].zero_()`), then adds the learned text *position* embeddings to
 * both rows: the unconditional row keeps P[p] at every text position p. The export's embed_tokens
 * (VladOS95-cyber/onnx_conversion_scripts chatterbox_to_onnx_conversion_script.py `InputsEmbeds`) only ever returns
 * the sum T[id] + P[p] for a text row, so P alone cannot be read from it: every output is unchanged if a constant
 * vector c moves from all of T to all of P. What the graph does give exactly is every difference P[p] - P[q]
 * (the same token at two positions). So this embeds one fixed token at each text position and subtracts the rows'
 * mean: row i becomes P[p_i] - mean_j P[p_j]. Against upstream, every text row of the unconditional batch row is off
 * by the same vector, -mean_j P[p_j] (the README's model section says so); the position-to-position structure is
 * upstream's exactly. (transformers.js zeroes these rows outright, losing P; Seamlab used to zero the inner text
 * and keep [START]/[STOP] with their token embeddings.)
 *
 * `positionIds` are the prompt's prefill positions, `span` is [START]..[STOP] in it, `exaggeration` the run's
 * exaggeration tensor (it only affects the 6563 slot, which is not in the call). Returns span-length x hidden floats.
 */
export async function unconditionalTextRows(
  embed: EmbedRunner,
  positionIds: BigInt64Array,
  span: readonly [number, number],
  exaggeration: ort.Tensor,
  hidden: number,
): Promise<Float32Array> {
  const [from, to] = span;
  const rows = to - from;
  if (rows <= 0) return new Float32Array(0);
  // [START] at every text position, then one [STOP] (id 0): the graph embeds ids up to and including the first 0
  // as text (and everything after it as speech), so without it these rows would go through the speech tables.
  const ids = new BigInt64Array(rows + 1).fill(BigInt(TEXT_TOKENS.start));
  ids[rows] = BigInt(TEXT_TOKENS.stop);
  const positions = new BigInt64Array(rows + 1);
  positions.set(positionIds.subarray(from, to));
  const embedded = await embed({
    input_ids: new ort.Tensor('int64', ids, [1, rows + 1]),
    position_ids: new ort.Tensor('int64', positions, [1, rows + 1]),
    exaggeration,
  });
  const out = embedded.slice(0, rows * hidden);
  const mean = new Float64Array(hidden);
  for (let r = 0; r < rows; r++) for (let h = 0; h < hidden; h++) mean[h] = mean[h]! + out[r * hidden + h]!;
  for (let h = 0; h < hidden; h++) mean[h] = mean[h]! / rows;
  for (let r = 0; r < rows; r++)
    for (let h = 0; h < hidden; h++) out[r * hidden + h] = out[r * hidden + h]! - mean[h]!;
  return out;
}
