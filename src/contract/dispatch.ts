import { z } from 'zod';
import {
  events,
  isEventName,
  isMethodName,
  methods,
  type EventName,
  type Handlers,
  type PayloadOf,
} from './api.ts';
import { ContractError, type ErrorPayload } from './errors.ts';

/** What a call returns on the wire: handlers never throw across a transport. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

function describe(error: z.ZodError): string {
  return z.prettifyError(error);
}

/**
 * Engine side of every transport: checks the method name and params, runs the handler, checks the result.
 * A handler that returns something outside the contract is reported as invalid_response, never passed on.
 */
export function createDispatcher(
  handlers: Handlers,
): (method: unknown, params: unknown) => Promise<Envelope> {
  return async (method, params) => {
    try {
      if (!isMethodName(method)) {
        throw new ContractError('unknown_method', `unknown method ${JSON.stringify(method)}`);
      }
      const spec = methods[method];
      const parsed = spec.params.safeParse(params ?? {});
      if (!parsed.success) {
        throw new ContractError('invalid_request', `invalid params for ${method}: ${describe(parsed.error)}`);
      }
      const handler = handlers[method] as (p: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        throw new ContractError(
          'invalid_response',
          `engine returned an invalid ${method} result: ${describe(checked.error)}`,
        );
      }
      return { ok: true, result: checked.data };
    } catch (error) {
      return { ok: false, error: ContractError.from(error).toPayload() };
    }
  };
}

/** Validates an event before it leaves the engine; throws on a contract violation (an engine bug). */
export function checkEvent<E extends EventName>(event: E, payload: PayloadOf<E>): PayloadOf<E> {
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) {
    throw new ContractError('invalid_response', `invalid ${event} event: ${describe(parsed.error)}`);
  }
  return parsed.data as PayloadOf<E>;
}

/** Client side: validates a received event; returns undefined (and drops it) when it is not in the contract. */
export function parseIncomingEvent(
  event: unknown,
  payload: unknown,
): { event: EventName; payload: unknown } | undefined {
  if (!isEventName(event)) return undefined;
  const parsed = events[event].safeParse(payload);
  return parsed.success ? { event, payload: parsed.data } : undefined;
}

const ErrorPayloadSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorPayloadSchema }),
]);

/** Client side: turns an envelope back into a typed result, or throws the ContractError it carries. */
export function unwrapEnvelope(method: string, envelope: unknown): unknown {
  const parsed = EnvelopeSchema.safeParse(envelope);
  if (!parsed.success) throw new ContractError('invalid_response', `malformed reply to ${method}`);
  if (!parsed.data.ok) throw ContractError.fromPayload(parsed.data.error as ErrorPayload);
  if (!isMethodName(method)) throw new ContractError('unknown_method', `unknown method ${method}`);
  const checked = methods[method].result.safeParse(parsed.data.result);
  if (!checked.success) {
    throw new ContractError('invalid_response', `invalid ${method} result: ${describe(checked.error)}`);
  }
  return checked.data;
}

/** Client side: fails fast on params the engine would refuse, without a round trip. */
export function checkParams(method: unknown, params: unknown): void {
  if (!isMethodName(method))
    throw new ContractError('unknown_method', `unknown method ${JSON.stringify(method)}`);
  const parsed = methods[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    throw new ContractError('invalid_request', `invalid params for ${method}: ${describe(parsed.error)}`);
  }
}
