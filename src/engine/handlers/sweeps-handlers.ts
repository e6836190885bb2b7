import type { Handlers } from '../../contract/index.ts';
import type { sweepsMethods } from '../../contract/methods/sweeps.ts';
import type { EngineContext } from '../engine-context.ts';

type SweepsHandlers = Pick<Handlers, keyof typeof sweepsMethods>;

export function sweepsHandlers(_ctx: EngineContext): SweepsHandlers {
  return {};
}
