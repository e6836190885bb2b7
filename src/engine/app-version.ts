import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

let cached: string | undefined;

/** The version in package.json (what every run records as appVersion). */
export function appVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  cached = pkg.version;
  return cached;
}
