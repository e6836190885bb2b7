import { createEngine, type Engine } from '../../src/engine/index.ts';

/**
 * A real engine whose ping handler can be told to misbehave, so the contract suite can prove that handler
 * failures and contract-violating results are reported, not passed on, on every transport.
 */
export function createTestEngine(): Engine {
  const engine = createEngine({
    host: 'server',
    modelsDir: '/nonexistent-seamlab-models',
    databasePath: ':memory:',
  });
  const realPing = engine.handlers['engine.ping'];
  return {
    ...engine,
    handlers: {
      ...engine.handlers,
      'engine.ping': async (params) => {
        if (params.value === 'explode') throw new Error('kaboom');
        if (params.value === 'lie') return { value: 42, receivedAt: 'never' } as never;
        return realPing(params);
      },
    },
  };
}
