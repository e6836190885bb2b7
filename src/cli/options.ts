import { InvalidArgumentError, Option } from 'commander';

/** Options several commands share, so their names, defaults and environment variables stay identical. */
export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be an integer 0..65535 (0 = any free port)');
  return n;
}

export const hostOption = () => new Option('--host <host>', 'address to bind').default('127.0.0.1');
export const portOption = () =>
  new Option('--port <port>', 'port (0 = any free port)').argParser(port).default(7300);
export const tokenOption = () =>
  new Option('--token <secret>', 'required from clients; mandatory for non-loopback hosts').env(
    'SEAMLAB_TOKEN',
  );
export const dbOption = () =>
  new Option('--db <file>', 'run database (default: the user-data folder)').env('SEAMLAB_DB');
export const modelsOption = () => new Option('--models <dir>', 'models folder').env('SEAMLAB_MODELS_DIR');
