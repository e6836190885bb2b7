import { Command } from 'commander';

/** `seamlab sweep` (being written: see its issue). */
export function sweepCommand(): Command {
  return new Command('sweep').description('(not available yet)');
}
