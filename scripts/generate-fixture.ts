// Generates every fixture model variant: `node scripts/generate-fixture.ts [modelsRoot]` (default: ./models).
// A variant already generated with the same generator version and options is left as it is.
import path from 'node:path';
import { ensureFixtureModels } from '../src/engine/fixture/index.ts';

const root = path.resolve(process.argv[2] ?? 'models');
const started = performance.now();
const folders = await ensureFixtureModels(root);
for (const [id, folder] of Object.entries(folders)) console.log(`${id}: ${folder}`);
console.log(`done in ${Math.round(performance.now() - started)} ms`);
