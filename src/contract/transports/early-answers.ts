import type { ClientChannel } from '../client.ts';

// Only a type import above: the renderer's start-up script uses callKey before any contract schema is built.

/** Identifies a call by method and params (the JSON the call carries). */
export function callKey(method: string, params: unknown): string {
  return `${method}\n${JSON.stringify(params ?? {})}`;
}

/**
 * A channel that answers the first request identical to one of `answers` (envelopes of calls made before the
 * client existed: the page's first screen, asked for while the UI's code was still loading) from there. A failed
 * early call is simply made again on the channel. Every answer still goes through the client's result validation.
 */
export function withEarlyAnswers(
  channel: ClientChannel,
  answers: Map<string, Promise<unknown>>,
): ClientChannel {
  const wrapped: ClientChannel = {
    request(method, params) {
      const key = callKey(method, params);
      const early = answers.get(key);
      if (!early) return channel.request(method, params);
      answers.delete(key);
      return early.catch(() => channel.request(method, params));
    },
    onEvent: (listener) => channel.onEvent(listener),
    close: () => channel.close(),
  };
  if (channel.saveFile) wrapped.saveFile = (name) => channel.saveFile!(name);
  return wrapped;
}
