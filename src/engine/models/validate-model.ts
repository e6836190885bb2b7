import fs from 'node:fs/promises';
import path from 'node:path';
import { detectFamily, detectVariant, type GraphInfos, type ModelVariant } from './detect-family.ts';
import {
  DECODER_STATE_INPUT_PREFIX,
  DECODER_STATE_OUTPUT_PREFIX,
  GRAPH_CONTRACTS,
  GRAPH_FILE_SUFFIXES,
  GRAPH_NAMES,
  KV_NAME,
  LAYER_COUNT,
  describeTensorType,
  graphFileName,
  stateOutputName,
  type GraphContract,
  type GraphName,
  type ModelFamily,
  type TensorContract,
} from './graph-contract.ts';
import { inspectGraph, missingExternalData, type InspectOptions, type TensorInfo } from './inspect-graph.ts';
import { turboTemplateProblem } from './turbo-template.ts';

export interface ModelProblem {
  /** The graph concerned, `tokenizer` for tokenizer.json, `folder` for the folder itself. */
  graph: GraphName | 'tokenizer' | 'folder';
  tensor?: string;
  expected?: string;
  found?: string;
  /** One clear sentence, prefixed with the graph name where there is one. */
  message: string;
}

export interface GraphSummary {
  /** Path relative to the model folder, e.g. `onnx/language_model.onnx`. */
  file: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  externalDataFiles: string[];
  source: 'protobuf' | 'session';
}

export interface ModelReport {
  ok: boolean;
  folder: string;
  family: ModelFamily | null;
  familyReason: string;
  /** Language codes the model speaks (multilingual family); empty for English-only models. */
  languages: string[];
  variant: ModelVariant;
  graphs: Partial<Record<GraphName, GraphSummary>>;
  problems: ModelProblem[];
}

export class ModelContractError extends Error {
  readonly problems: ModelProblem[];
  readonly report: ModelReport;

  constructor(report: ModelReport) {
    super(
      `Model folder ${report.folder} does not match the Chatterbox ONNX contract` +
        `${report.family ? ` (${report.family})` : ''}:\n` +
        report.problems.map((p) => `- ${p.message}`).join('\n'),
    );
    this.name = 'ModelContractError';
    this.problems = report.problems;
    this.report = report;
  }
}

export const TOKENIZER_FILE = 'tokenizer.json';
export const GRAPH_DIR = 'onnx';

/**
 * Checks a model folder against the contract: every graph present (with its external-data sidecars), the
 * family detected from the graphs' inputs, and each graph's inputs and outputs compared with that family's
 * contract (names, dtypes, ranks, fixed dims, KV layer count and dtype, decoder state pairs).
 */
export async function validateModelFolder(
  folder: string,
  options: InspectOptions = {},
): Promise<ModelReport> {
  const root = path.resolve(folder);
  const problems: ModelProblem[] = [];
  const infos: GraphInfos = {};
  const summaries: Partial<Record<GraphName, GraphSummary>> = {};

  if (!(await isDirectory(root))) {
    problems.push({ graph: 'folder', message: `model folder ${root} does not exist` });
  } else {
    for (const graph of GRAPH_NAMES) {
      const relative = path.posix.join(GRAPH_DIR, graphFileName(graph));
      const file = path.join(root, relative);
      if (!(await exists(file))) {
        const alternatives = await suffixedVariants(root, graph);
        problems.push({
          graph,
          message:
            `missing file ${relative}` +
            (alternatives.length
              ? ` (found ${alternatives.join(', ')}: the engine opens the canonical name; rename the graph and keep its sidecar's name)`
              : ''),
        });
        continue;
      }
      try {
        const info = await inspectGraph(file, options);
        infos[graph] = info;
        summaries[graph] = {
          file: relative,
          inputs: info.inputs,
          outputs: info.outputs,
          externalDataFiles: info.externalDataFiles,
          source: info.source,
        };
        for (const missing of await missingExternalData(info))
          problems.push({
            graph,
            message: `${graph}: missing external-data file ${path.posix.join(GRAPH_DIR, missing)} (referenced by ${relative}; it must sit beside the graph)`,
          });
      } catch (error) {
        problems.push({ graph, message: `${graph}: cannot read ${relative}: ${(error as Error).message}` });
      }
    }
  }

  const tokenizer = await readTokenizer(root, problems);
  const detection = detectFamily(infos, tokenizer);
  if (detection.family) {
    const contract = GRAPH_CONTRACTS[detection.family];
    for (const graph of GRAPH_NAMES) {
      const info = infos[graph];
      if (info) problems.push(...checkGraph(contract[graph], info.inputs, info.outputs, detection.family));
    }
  }
  if (detection.family === 'turbo') {
    // The Turbo export takes its speech-start rows from the tokenizer's template (turbo-template.ts).
    const templateProblem = turboTemplateProblem(tokenizer, path.join(root, TOKENIZER_FILE));
    if (templateProblem) problems.push({ graph: 'tokenizer', message: templateProblem });
  }
  return {
    ok: problems.length === 0,
    folder: root,
    family: detection.family,
    familyReason: detection.reason,
    languages: detection.languages,
    variant: detectVariant(infos),
    graphs: summaries,
    problems,
  };
}

/** validateModelFolder, throwing a ModelContractError listing every problem when the folder does not match. */
export async function assertValidModel(folder: string, options: InspectOptions = {}): Promise<ModelReport> {
  const report = await validateModelFolder(folder, options);
  if (!report.ok) throw new ModelContractError(report);
  return report;
}

async function readTokenizer(root: string, problems: ModelProblem[]): Promise<unknown> {
  const file = path.join(root, TOKENIZER_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    problems.push({ graph: 'tokenizer', message: `${TOKENIZER_FILE} missing` });
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push({
      graph: 'tokenizer',
      message: `${TOKENIZER_FILE} is not valid JSON: ${(error as Error).message}`,
    });
    return null;
  }
}

/** Compares one graph's declared I/O with its contract; exported for callers that inspect graphs themselves. */
export function checkGraph(
  contract: GraphContract,
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
  family: ModelFamily,
): ModelProblem[] {
  const graph = contract.graph;
  const problems: ModelProblem[] = [];
  const layers = LAYER_COUNT[family];
  const stateful = graph === 'conditional_decoder';

  for (const [direction, expected, found] of [
    ['input', contract.inputs, inputs],
    ['output', contract.outputs, outputs],
  ] as const) {
    const byName = new Map(found.map((t) => [t.name, t]));
    for (const want of expected) {
      const have = byName.get(want.name);
      if (!have) {
        const kv = KV_NAME.test(want.name) ? ` (expected ${layers} layers)` : '';
        problems.push({
          graph,
          tensor: want.name,
          expected: describeTensorType(want.dtypes, want.dims.length),
          found: 'missing',
          message: `${graph}: ${direction} "${want.name}" missing${kv}`,
        });
        continue;
      }
      problems.push(...compareTensor(graph, direction, want, have));
    }
    const known = new Set(expected.map((t) => t.name));
    for (const extra of found) {
      if (known.has(extra.name)) continue;
      // Decoder state inputs are checked pairwise below. Extra outputs are harmless (nobody fetches them),
      // except surplus KV layers, which say the layer count is wrong.
      if (direction === 'input' && stateful && extra.name.startsWith(DECODER_STATE_INPUT_PREFIX)) continue;
      if (direction === 'output' && !KV_NAME.test(extra.name)) continue;
      const kv = KV_NAME.test(extra.name) ? ` (expected ${layers} layers)` : '';
      problems.push({
        graph,
        tensor: extra.name,
        expected: 'absent',
        found: describeTensorType([extra.type], extra.dims?.length ?? null),
        message: `${graph}: unexpected ${direction} "${extra.name}" (${describeTensorType([extra.type], extra.dims?.length ?? null)})${kv}`,
      });
    }
  }

  if (graph === 'language_model') problems.push(...checkKvDtypes(inputs, outputs));
  if (stateful) problems.push(...checkDecoderState(inputs, outputs));
  return problems;
}

function compareTensor(
  graph: GraphName,
  direction: 'input' | 'output',
  want: TensorContract,
  have: TensorInfo,
): ModelProblem[] {
  const rank = have.dims?.length ?? null;
  const expected = describeTensorType(want.dtypes, want.dims.length);
  const found = describeTensorType([have.type], rank);
  // A graph that declares no shape cannot be checked for rank: only its dtype is compared.
  if (!want.dtypes.includes(have.type) || (rank !== null && rank !== want.dims.length))
    return [
      {
        graph,
        tensor: want.name,
        expected,
        found,
        message: `${graph}: ${direction} "${want.name}" expected ${expected}, found ${found}`,
      },
    ];
  const problems: ModelProblem[] = [];
  want.dims.forEach((size, axis) => {
    const actual = have.dims?.[axis];
    // Only a fixed size that differs is an error: a symbolic axis where a fixed size is expected still accepts it.
    if (size === null || typeof actual !== 'number' || actual === size) return;
    problems.push({
      graph,
      tensor: want.name,
      expected: `dim ${axis} = ${size}`,
      found: `${actual}`,
      message: `${graph}: ${direction} "${want.name}" expected size ${size} on axis ${axis}, found ${actual} (shape [${(have.dims ?? []).join(', ')}])`,
    });
  });
  return problems;
}

/** Every past/present tensor must share one dtype: the engine allocates the whole cache in one element type. */
function checkKvDtypes(inputs: readonly TensorInfo[], outputs: readonly TensorInfo[]): ModelProblem[] {
  const kv = [...inputs, ...outputs].filter((t) => KV_NAME.test(t.name));
  const types = [...new Set(kv.map((t) => t.type))];
  if (types.length <= 1) return [];
  const counts = types.map((type) => `${kv.filter((t) => t.type === type).length} ${type}`).join(', ');
  return [
    {
      graph: 'language_model',
      expected: 'one KV dtype',
      found: types.join(' and '),
      message: `language_model: past_key_values/present tensors mix dtypes (${counts}); expected all float32 or all float16`,
    },
  ];
}

/** Each `cache_X` input needs a `new_cache_X` output of the same dtype and rank, and vice versa. */
function checkDecoderState(inputs: readonly TensorInfo[], outputs: readonly TensorInfo[]): ModelProblem[] {
  const graph = 'conditional_decoder';
  const problems: ModelProblem[] = [];
  const outputsByName = new Map(outputs.map((t) => [t.name, t]));
  const stateInputs = inputs.filter((t) => t.name.startsWith(DECODER_STATE_INPUT_PREFIX));
  for (const input of stateInputs) {
    const outName = stateOutputName(input.name);
    const output = outputsByName.get(outName);
    const expected = describeTensorType([input.type], input.dims?.length ?? null);
    if (!output) {
      problems.push({
        graph,
        tensor: input.name,
        expected: `output "${outName}"`,
        found: 'missing',
        message: `${graph}: state input "${input.name}" has no matching output "${outName}"`,
      });
      continue;
    }
    const found = describeTensorType([output.type], output.dims?.length ?? null);
    if (expected !== found)
      problems.push({
        graph,
        tensor: outName,
        expected,
        found,
        message: `${graph}: state output "${outName}" expected ${expected} (like "${input.name}"), found ${found}`,
      });
  }
  const inputNames = new Set(stateInputs.map((t) => t.name));
  for (const output of outputs) {
    if (!output.name.startsWith(DECODER_STATE_OUTPUT_PREFIX)) continue;
    const inName = DECODER_STATE_INPUT_PREFIX + output.name.slice(DECODER_STATE_OUTPUT_PREFIX.length);
    if (!inputNames.has(inName))
      problems.push({
        graph,
        tensor: output.name,
        expected: `input "${inName}"`,
        found: 'missing',
        message: `${graph}: state output "${output.name}" has no matching input "${inName}"`,
      });
  }
  return problems;
}

async function suffixedVariants(root: string, graph: GraphName): Promise<string[]> {
  const found: string[] = [];
  for (const suffix of GRAPH_FILE_SUFFIXES) {
    if (!suffix) continue;
    const relative = path.posix.join(GRAPH_DIR, graphFileName(graph, suffix));
    if (await exists(path.join(root, relative))) found.push(relative);
  }
  return found;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
