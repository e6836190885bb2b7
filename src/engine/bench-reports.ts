import fs from 'node:fs';
import path from 'node:path';
import { ModelBenchReportSchema, type BenchReportResult } from '../contract/index.ts';
import { userDataDir } from './paths.ts';

/**
 * Where `seamlab bench` keeps the latest report of each suite for the app: the user-data folder, so the desktop
 * app, the browser-mode server and the CLI on one machine all find it, wherever the bench was started.
 */
export function benchReportsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'bench-reports');
}

/** Saves `report` as the latest of its suite (written whole to a temporary file, then renamed into place). */
export function saveBenchReport(dir: string, suite: string, report: unknown): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${suite}.json`);
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(partial, file);
  return file;
}

/** The latest model-bench report in `dir`: null when none was saved, with the reason when one cannot be read. */
export function readModelBenchReport(dir: string): BenchReportResult {
  const file = path.join(dir, 'model.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { path: file, report: null, problem: null };
    return { path: file, report: null, problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { path: file, report: null, problem: `${file} is not JSON (${(error as Error).message})` };
  }
  const parsed = ModelBenchReportSchema.safeParse(json);
  if (!parsed.success)
    return {
      path: file,
      report: null,
      problem: `${file} is not a model bench report: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    };
  return { path: file, report: parsed.data, problem: null };
}
