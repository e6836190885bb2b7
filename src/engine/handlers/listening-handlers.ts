import type { Handlers } from '../../contract/index.ts';
import type { listeningMethods } from '../../contract/methods/listening.ts';
import type { EngineContext } from '../engine-context.ts';

type ListeningHandlers = Pick<Handlers, keyof typeof listeningMethods>;

export function listeningHandlers(_ctx: EngineContext): ListeningHandlers {
  return {};
}
