/** Output helpers shared by commands: `--json` prints exactly one JSON document on stdout, nothing else. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Human-facing notes go to stderr so stdout stays clean for pipes. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
