/** Options every benchmark suite receives from `seamlab bench`. */
export interface BenchOptions {
  /** Fewer repeats and shorter inputs: for CI smoke checks, not for numbers you quote. */
  quick: boolean;
  /** Scratch folder for databases, models and audio the suite creates. */
  workDir: string;
  /** Progress lines (stderr); stdout carries only the JSON. */
  log: (message: string) => void;
}

/** A suite returns plain JSON: numbers with their units in the key names (e.g. `ttfaMs`). */
export type BenchSuite = (options: BenchOptions) => Promise<Record<string, unknown>>;
