import { expect } from 'vitest';
import { WebSocket } from 'ws';
import {
  CONTRACT_SOCKET_PATH,
  createClient,
  websocketChannel,
  type EngineClient,
  type RunConfigInput,
  type RunSummary,
  type WebSocketLike,
} from '../../src/contract/index.ts';

/** A contract client for a running workbench (the same WebSocket API the UI uses). */
export function connectClient(url: string): EngineClient {
  const socketUrl = new URL(CONTRACT_SOCKET_PATH, url);
  socketUrl.protocol = 'ws:';
  return createClient(websocketChannel(new WebSocket(socketUrl) as unknown as WebSocketLike));
}

/**
 * Starts a run that stays in flight (its simulated LLM sends the first text token after 60 s) and resolves with
 * its id once the engine reports it as the one running run.
 */
export async function startStalledRun(client: EngineClient): Promise<string> {
  const { runId } = await client.call('runs.start', {
    config: {
      text: 'Hello my big long beautiful world.',
      textSource: { mode: 'llm-stream', firstTokenDelayMs: 60_000 },
    },
    save: true,
  });
  await expect
    .poll(async () => (await client.call('runs.active', {})).runs.map((r) => [r.runId, r.state]), {
      timeout: 60_000,
    })
    .toEqual([[runId, 'running']]);
  return runId;
}

/** Starts a run through the contract and resolves with its summary when it finishes. */
export async function runToEnd(client: EngineClient, config: RunConfigInput): Promise<RunSummary> {
  let runId: string | null = null;
  const early: { id: string; summary?: RunSummary; error?: string }[] = [];
  let settle: ((summary: RunSummary) => void) | null = null;
  let fail: ((error: Error) => void) | null = null;
  const done = new Promise<RunSummary>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const finish = (id: string, summary?: RunSummary, error?: string) => {
    if (id !== runId) return;
    if (summary) settle?.(summary);
    else fail?.(new Error(error ?? 'run did not finish'));
  };
  const off = client.on('run.event', (event) => {
    const entry =
      event.type === 'finished'
        ? { id: event.runId, summary: event.summary }
        : event.type === 'failed'
          ? { id: event.runId, error: event.error.message }
          : event.type === 'cancelled'
            ? { id: event.runId, error: 'cancelled' }
            : null;
    if (!entry) return;
    if (runId === null) early.push(entry);
    else finish(entry.id, entry.summary, entry.error);
  });
  try {
    runId = (await client.call('runs.start', { config, save: true })).runId;
    for (const entry of early) finish(entry.id, entry.summary, entry.error);
    return await done;
  } finally {
    off();
  }
}
