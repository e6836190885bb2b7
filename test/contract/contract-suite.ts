import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractError, type ClientChannel, type EngineClient } from '../../src/contract/index.ts';

export interface TransportUnderTest {
  client: EngineClient;
  /** The raw channel under the client, to send what a well-behaved client never would. */
  channel: ClientChannel;
  dispose(): Promise<void>;
}

async function rejection(promise: Promise<unknown>): Promise<ContractError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected the call to fail');
}

/** One behaviour, every transport: both Electron IPC and WebSocket run this same suite. */
export function contractSuite(name: string, connect: () => Promise<TransportUnderTest>): void {
  describe(`contract over ${name}`, () => {
    let t: TransportUnderTest;
    beforeEach(async () => {
      t = await connect();
    });
    afterEach(async () => {
      await t.dispose();
    });

    it('returns a valid engine status with cpu working', async () => {
      const status = await t.client.call('engine.status', {});
      expect(status.appVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(status.onnxruntimeVersion).toMatch(/^\d+\.\d+/);
      const cpu = status.providers.find((p) => p.name === 'cpu');
      expect(cpu).toMatchObject({ works: true, inBuild: true });
      expect(status.providers.map((p) => p.name)).toEqual(expect.arrayContaining(['cuda', 'webgpu', 'cpu']));
      expect(status.models).toEqual([]);
      expect(status.databasePath).toBe(':memory:');
    });

    it('round-trips a call and delivers the events it causes', async () => {
      const seen: string[] = [];
      const stop = t.client.on('engine.log', (event) => seen.push(event.message));
      const reply = await t.client.call('engine.ping', { value: 'hello' });
      expect(reply.value).toBe('hello');
      await expect.poll(() => seen).toContain('ping: hello');
      stop();
      await t.client.call('engine.ping', { value: 'after unsubscribe' });
      await t.client.call('engine.ping', { value: 'flush' });
      expect(seen).not.toContain('ping: after unsubscribe');
    });

    it('rejects invalid params before sending, with the field named', async () => {
      const error = await rejection(t.client.call('engine.ping', { value: 7 as unknown as string }));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('value');
    });

    it('has the engine side validate params too (a client that skips checks)', async () => {
      const envelope = await t.channel.request('engine.ping', { value: 7 });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      const extra = await t.channel.request('engine.status', { surprise: true });
      expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    });

    it('names unknown methods', async () => {
      const envelope = await t.channel.request('engine.selfDestruct', {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
      expect(JSON.stringify(envelope)).toContain('engine.selfDestruct');
    });

    it('reports a failing handler as engine_error with its message', async () => {
      const error = await rejection(t.client.call('engine.ping', { value: 'explode' }));
      expect(error.code).toBe('engine_error');
      expect(error.message).toBe('kaboom');
    });

    it('never passes on a result that breaks the contract', async () => {
      const error = await rejection(t.client.call('engine.ping', { value: 'lie' }));
      expect(error.code).toBe('invalid_response');
    });

    it('serves concurrent calls, each answered by its own reply', async () => {
      const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
      const replies = await Promise.all(values.map((value) => t.client.call('engine.ping', { value })));
      expect(replies.map((r) => r.value)).toEqual(values);
    });
  });
}
