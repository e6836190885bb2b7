import { Command } from 'commander';

/** `seamlab runs` (being written: see its issue). */
export function runsCommand(): Command {
  return new Command('runs').description('(not available yet)');
}
