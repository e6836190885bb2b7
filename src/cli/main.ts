import { Command, InvalidArgumentError, Option } from 'commander';
import { appVersion } from '../engine/index.ts';
import { CliError } from './output.ts';
import { modelsCommand } from './commands/models.ts';
import { serve } from './commands/serve.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be an integer 0..65535 (0 = any free port)');
  return n;
}

const hostOption = () => new Option('--host <host>', 'address to bind').default('127.0.0.1');
const portOption = () =>
  new Option('--port <port>', 'port (0 = any free port)').argParser(port).default(7300);
const tokenOption = () =>
  new Option('--token <secret>', 'required from clients; mandatory for non-loopback hosts').env(
    'SEAMLAB_TOKEN',
  );
const dbOption = () =>
  new Option('--db <file>', 'run database (default: the user-data folder)').env('SEAMLAB_DB');
const modelsOption = () => new Option('--models <dir>', 'models folder').env('SEAMLAB_MODELS_DIR');

const program = new Command()
  .name('seamlab')
  .description('Seamlab: a workbench for seamless streaming text-to-speech')
  .version(appVersion())
  .showHelpAfterError();

program
  .command('status')
  .description('engine status: versions, execution providers that load, models, database')
  .option('--json', 'print JSON')
  .addOption(dbOption())
  .addOption(modelsOption())
  .action(statusCommand);
program.addCommand(modelsCommand());

program
  .command('serve')
  .description('browser mode: serve the workbench and the engine API over HTTP/WebSocket')
  .addOption(hostOption())
  .addOption(portOption())
  .addOption(tokenOption())
  .addOption(dbOption())
  .addOption(modelsOption())
  .option('--allow-origin <origin...>', 'extra browser origins allowed to connect (e.g. a dev server)')
  .action(async (options) => {
    await serve(options);
  });

program
  .command('start')
  .description('the desktop app, or browser mode when Electron cannot run here')
  .addOption(hostOption())
  .addOption(portOption())
  .addOption(tokenOption())
  .addOption(dbOption())
  .addOption(modelsOption())
  .option('--no-open', 'do not open a browser in browser mode')
  .action(startCommand);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`seamlab: ${message}\n`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
});
