import { Command } from 'commander';
import { dbOption, hostOption, modelsOption, portOption, tokenOption } from './options.ts';
import { appVersion } from '../engine/index.ts';
import { CliError } from './output.ts';
import { benchCommand } from './commands/bench.ts';
import { modelsCommand } from './commands/models.ts';
import { pairsCommand } from './commands/pairs.ts';
import { runCommand } from './commands/run.ts';
import { runsCommand } from './commands/runs.ts';
import { streamCommand } from './commands/stream.ts';
import { sweepCommand } from './commands/sweep.ts';
import { synthCommand } from './commands/synth.ts';
import { serveCommand } from './commands/serve.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';

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
// Each command lives in commands/<name>.ts and builds its own Command (options, help, action).
for (const command of [
  synthCommand(),
  runCommand(),
  sweepCommand(),
  runsCommand(),
  pairsCommand(),
  streamCommand(),
  benchCommand(),
])
  program.addCommand(command);

program
  .command('serve')
  .description('browser mode: serve the workbench and the engine API over HTTP/WebSocket')
  .addOption(hostOption())
  .addOption(portOption())
  .addOption(tokenOption())
  .addOption(dbOption())
  .addOption(modelsOption())
  .option('--allow-origin <origin...>', 'extra browser origins allowed to connect (e.g. a dev server)')
  .action(serveCommand);

program
  .command('start')
  .description('the desktop app, or browser mode when Electron cannot run here')
  .addOption(hostOption())
  .addOption(portOption())
  .addOption(tokenOption())
  .addOption(dbOption())
  .addOption(modelsOption())
  .option('--no-open', 'do not open a browser in browser mode')
  .option('--smoke', 'open the desktop app, run one fixture run, and exit 0 when it finished')
  .action(startCommand);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`seamlab: ${message}\n`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
});
