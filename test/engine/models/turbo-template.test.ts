import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  buildFixtureTokenizer,
  buildTurboFixtureTokenizer,
  TURBO_END_OF_TEXT,
  TURBO_TAGS,
} from '../../../src/engine/fixture/tokenizer.ts';
import { turboTemplateProblem } from '../../../src/engine/models/turbo-template.ts';
import { ModelContractError, assertValidModel } from '../../../src/engine/models/validate-model.ts';
import { contractDecl, writeModelFolder } from './contract-graphs.ts';

/**
 * The Turbo export's embed_tokens reads the last two prompt ids as start-of-speech placeholders and expects
 * `<|endoftext|>` (50256) there: the ResembleAI chatterbox-turbo-ONNX model card feeds `tokenizer(text)["input_ids"]`
 * to it unchanged, so the template must append them (upstream T3.inference_turbo appends speech_emb(6561) itself,
 * t3.py:407-413).
 */
const FILE = '/models/turbo/tokenizer.json';

type TokenizerJson = ReturnType<typeof buildTurboFixtureTokenizer> & { post_processor: unknown };

function withSingleTemplate(ends: string[]): TokenizerJson {
  const json = buildTurboFixtureTokenizer() as TokenizerJson;
  const processor = json.post_processor as { single: unknown[] };
  processor.single = [
    { Sequence: { id: 'A', type_id: 0 } },
    ...ends.map((id) => ({ SpecialToken: { id, type_id: 0 } })),
  ];
  return json;
}

const folders: string[] = [];
afterAll(async () => {
  for (const f of folders) await fs.rm(f, { recursive: true, force: true });
});

describe('turboTemplateProblem', () => {
  test('the Turbo template (text, then <|endoftext|> twice) passes', () => {
    expect(turboTemplateProblem(buildTurboFixtureTokenizer(), FILE)).toBeNull();
  });

  test('a template that appends one end-of-text only is refused, naming the file and what it gave', () => {
    const problem = turboTemplateProblem(withSingleTemplate([TURBO_END_OF_TEXT.content]), FILE);
    expect(problem).toContain(FILE);
    expect(problem).toContain('must end the prompt with 2 <|endoftext|> ids');
    expect(problem).toContain('start-of-speech placeholders');
    // What it gave ends with a single 50256; what was expected ends with two.
    expect(problem).toMatch(/gives \[[\d, ]+, 50256\] where \[[\d, ]+, 50256, 50256\] was expected/);
  });

  test('a tokenizer without a template (nothing appended) is refused', () => {
    const json = buildTurboFixtureTokenizer() as TokenizerJson;
    json.post_processor = null;
    expect(turboTemplateProblem(json, FILE)).toContain(`${FILE}: its template (post_processor) must end`);
  });

  test('another end token in place of the second <|endoftext|> is refused', () => {
    const problem = turboTemplateProblem(withSingleTemplate([TURBO_END_OF_TEXT.content, '[laugh]']), FILE);
    const laugh = 50257 + TURBO_TAGS.indexOf('[laugh]');
    expect(problem).toContain(`50256, ${laugh}] where`);
  });

  test('a tokenizer whose <|endoftext|> is not 50256 is not the Turbo GPT-2 tokenizer', () => {
    // The original family's tokenizer has no <|endoftext|> at all.
    const problem = turboTemplateProblem(buildFixtureTokenizer('original'), FILE);
    expect(problem).toContain('<|endoftext|> has id none, not 50256');
  });

  test('loading a Turbo export with a wrong template stops with the message naming its tokenizer.json', async () => {
    const folder = await writeModelFolder(
      contractDecl('turbo'),
      withSingleTemplate([TURBO_END_OF_TEXT.content]),
    );
    folders.push(folder);
    const error = await assertValidModel(folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelContractError);
    const problems = (error as ModelContractError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.graph).toBe('tokenizer');
    expect(problems[0]!.message).toContain(path.join(folder, 'tokenizer.json'));
  });

  test('the same export with the Turbo template loads', async () => {
    const folder = await writeModelFolder(contractDecl('turbo'), buildTurboFixtureTokenizer());
    folders.push(folder);
    expect((await assertValidModel(folder)).family).toBe('turbo');
  });
});
