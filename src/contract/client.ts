import type {
  EngineClient,
  EventName,
  MethodName,
  ParamsOf,
  PayloadOf,
  ResultOf,
  Unsubscribe,
} from './api.ts';
import { checkParams, parseIncomingEvent, unwrapEnvelope } from './dispatch.ts';

/** The minimal thing a transport must provide; everything contract-related is done once, in createClient. */
export interface ClientChannel {
  /** Sends one call and resolves with the engine's envelope (rejects only on transport failure). */
  request(method: string, params: unknown): Promise<unknown>;
  /** Delivers every raw event; returns a function that stops delivery. */
  onEvent(listener: (event: string, payload: unknown) => void): Unsubscribe;
  close(): void;
  /** Only where the transport has a native save dialog (Electron): see EngineClient.saveFile. */
  saveFile?(defaultName: string): Promise<string | null>;
}

export function createClient(channel: ClientChannel): EngineClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const stopRaw = channel.onEvent((event, payload) => {
    const parsed = parseIncomingEvent(event, payload);
    if (!parsed) return; // not in the contract (e.g. a newer engine): ignored rather than crashing the UI
    for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
  });

  return {
    ...(channel.saveFile ? { saveFile: channel.saveFile } : {}),
    async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      checkParams(method, params);
      const envelope = await channel.request(method, params);
      return unwrapEnvelope(method, envelope) as ResultOf<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): Unsubscribe {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    close() {
      listeners.clear();
      stopRaw();
      channel.close();
    },
  };
}
