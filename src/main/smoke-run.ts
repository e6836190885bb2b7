import type { Engine } from '../engine/index.ts';

/**
 * `npm start -- --smoke`: with the real window open, one fixture run through the engine, then quit (exit 0 when it
 * finished). A check a user or a release job can run where an Electron binary exists.
 */
export async function smokeRun(engine: Engine, timeoutMs = 120_000): Promise<void> {
  const { runId, done } = engine.context.runs.start(
    { text: 'Seamlab checks that the desktop app runs.', model: 'fixture' },
    { save: false },
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the smoke run did not finish in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const output = await Promise.race([done, timeout]);
    process.stdout.write(
      `[seamlab] smoke run ${runId} finished: TTFA ${output.summary.metrics.ttfaMs.toFixed(0)} ms\n`,
    );
  } finally {
    clearTimeout(timer);
  }
}
