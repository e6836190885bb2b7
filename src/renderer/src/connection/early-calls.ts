// Runs before the UI's code (early.ts, its own script ahead of main.tsx) and imports nothing that builds a
// schema, so the engine is already answering the first screen's calls while the contract, zod and React load.
import { BRIDGE_GLOBAL, type PreloadBridge } from '../../../contract/channels.ts';
import { CONTRACT_HTTP_PATH } from '../../../contract/constants.ts';
import { callKey } from '../../../contract/transports/early-answers.ts';
import { initialRouteCalls } from './initial-calls.ts';

let answers: Map<string, Promise<unknown>> | null = null;

/**
 * Sends the initial route's calls (initial-calls.ts) now: over the preload bridge in the desktop app, otherwise as
 * HTTP calls to the server that served this page (a WebSocket's open event would wait for the UI's code to
 * finish evaluating; a fetch does not). A remote engine (`?engine=`) is left to the socket: it is another origin.
 */
export function startEarlyCalls(location: Location = window.location): void {
  const calls = initialRouteCalls(location.hash);
  if (!calls.length) return;
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[BRIDGE_GLOBAL];
  const query = new URLSearchParams(location.search);
  if (!bridge && query.has('engine')) return;
  const url = new URL(CONTRACT_HTTP_PATH, location.origin);
  const token = query.get('token');
  if (token) url.searchParams.set('token', token);
  answers = new Map();
  for (const [method, params] of calls) {
    const answer = bridge
      ? bridge.call(method, params)
      : fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method, params }),
        }).then((response) => response.json() as Promise<unknown>);
    answer.catch(() => undefined); // unclaimed or failed: the screen asks again
    answers.set(callKey(method, params), answer);
  }
}

/** The early calls' answers by callKey, once (connectEngine hands them to the client's channel). */
export function takeEarlyAnswers(): Map<string, Promise<unknown>> {
  const taken = answers ?? new Map<string, Promise<unknown>>();
  answers = null;
  return taken;
}
