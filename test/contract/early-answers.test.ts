import { describe, expect, it, vi } from 'vitest';
import type { ClientChannel } from '../../src/contract/client.ts';
import { callKey, createClient, withEarlyAnswers } from '../../src/contract/index.ts';

function fakeChannel(): ClientChannel & { request: ReturnType<typeof vi.fn> } {
  return {
    request: vi.fn(async (_method: string, params: unknown) => ({
      ok: true,
      result: { value: (params as { value: string }).value, receivedAt: 2 },
    })),
    onEvent: () => () => undefined,
    close: () => undefined,
  };
}

describe("early answers (the first screen's calls, made before the client existed)", () => {
  it('answers the first identical call from the early answer, later ones from the channel', async () => {
    const channel = fakeChannel();
    const early = new Map([
      [
        callKey('engine.ping', { value: 'early' }),
        Promise.resolve({ ok: true, result: { value: 'early', receivedAt: 1 } }),
      ],
    ]);
    const client = createClient(withEarlyAnswers(channel, early));
    expect(await client.call('engine.ping', { value: 'early' })).toEqual({ value: 'early', receivedAt: 1 });
    expect(channel.request).not.toHaveBeenCalled();
    // Used once: asking again goes to the engine.
    expect(await client.call('engine.ping', { value: 'early' })).toEqual({ value: 'early', receivedAt: 2 });
    expect(channel.request).toHaveBeenCalledTimes(1);
    // Other params are other calls.
    expect(await client.call('engine.ping', { value: 'other' })).toEqual({ value: 'other', receivedAt: 2 });
  });

  it('validates an early answer like any other (a result outside the contract is an error)', async () => {
    const early = new Map([
      [callKey('engine.ping', { value: 'x' }), Promise.resolve({ ok: true, result: { value: 3 } })],
    ]);
    const client = createClient(withEarlyAnswers(fakeChannel(), early));
    await expect(client.call('engine.ping', { value: 'x' })).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('asks the channel when the early call failed (server not reachable over HTTP)', async () => {
    const channel = fakeChannel();
    const failed = Promise.reject(new TypeError('fetch failed'));
    failed.catch(() => undefined);
    const early = new Map([[callKey('engine.ping', { value: 'x' }), failed]]);
    const client = createClient(withEarlyAnswers(channel, early));
    expect(await client.call('engine.ping', { value: 'x' })).toEqual({ value: 'x', receivedAt: 2 });
    expect(channel.request).toHaveBeenCalledTimes(1);
  });

  it('keys calls by method and params JSON', () => {
    expect(callKey('runs.get', { id: 'a' })).toBe(callKey('runs.get', { id: 'a' }));
    expect(callKey('runs.get', { id: 'a' })).not.toBe(callKey('runs.get', { id: 'b' }));
    expect(callKey('runs.get', undefined)).toBe(callKey('runs.get', {}));
  });
});
