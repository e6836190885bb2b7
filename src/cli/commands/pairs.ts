import { Command } from 'commander';

/** `seamlab pairs` (being written: see its issue). */
export function pairsCommand(): Command {
  return new Command('pairs').description('(not available yet)');
}
