import { Command } from 'commander';

/** `seamlab stream` (being written: see its issue). */
export function streamCommand(): Command {
  return new Command('stream').description('(not available yet)');
}
