/** Options every benchmark suite receives from `seamlab bench`. */
export interface BenchOptions {
  /** Fewer repeats and shorter inputs: for CI smoke checks, not for numbers you quote. */
  quick: boolean;
  /** Scratch folder for databases, models and audio the suite creates. */
  workDir: string;
  /** Progress lines (stderr); stdout carries only the JSON. */
  log: (message: string) => void;
  /** `--model <id>`: an installed model instead of the suite's fixtures (model and strategies suites). */
  model?: string;
  /** `--provider <names...>`: execution providers in order of preference (default cpu). */
  providers?: string[];
  /** `--models <dir>`: where `--model` is installed (default: the app's models folder). */
  modelsDir?: string;
}

/** A suite returns plain JSON: numbers with their units in the key names (e.g. `ttfaMs`). */
export type BenchSuite = (options: BenchOptions) => Promise<Record<string, unknown>>;
