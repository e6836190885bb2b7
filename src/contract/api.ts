import type { z } from 'zod';
import { engineEvents, engineMethods } from './methods/engine.ts';
import { exportsMethods } from './methods/exports.ts';
import { libraryEvents, libraryMethods } from './methods/library.ts';
import { listeningEvents, listeningMethods } from './methods/listening.ts';
import { runEvents, runMethods } from './methods/runs.ts';
import { sweepsEvents, sweepsMethods } from './methods/sweeps.ts';
import { warmupEvents, warmupMethods } from './methods/warmup.ts';

/**
 * The one API between UI and engine. Every request/response call and every event stream is listed in one of
 * the groups under methods/ with its runtime schema; both transports (Electron IPC and WebSocket) and both
 * sides (engine handlers, UI client) are driven by this table, so adding a method is one entry in its group
 * plus one handler in the engine.
 */
export const methods = {
  ...engineMethods,
  ...runMethods,
  ...libraryMethods,
  ...listeningMethods,
  ...sweepsMethods,
  ...warmupMethods,
  ...exportsMethods,
} as const;

export const events = {
  ...engineEvents,
  ...runEvents,
  ...libraryEvents,
  ...listeningEvents,
  ...sweepsEvents,
  ...warmupEvents,
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type ParamsOf<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type PayloadOf<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export type Unsubscribe = () => void;

/** What the UI holds. It never knows which transport carries it. */
export interface EngineClient {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): Unsubscribe;
  /** Releases the connection and every listener. */
  close(): void;
  /**
   * A capability of the transport, not an engine method: present only in the desktop app, where it opens the
   * native save dialog and answers the chosen absolute path (null when cancelled). Where it is absent (the
   * browser), files the engine makes are downloaded instead.
   */
  saveFile?(defaultName: string): Promise<string | null>;
}

/** What the engine implements: one async function per method. */
export type Handlers = {
  [M in MethodName]: (params: z.output<(typeof methods)[M]['params']>) => Promise<ResultOf<M>>;
};

/** How the engine side pushes events to whoever is connected. */
export type EventSink = <E extends EventName>(event: E, payload: PayloadOf<E>) => void;
