import { z } from 'zod';
import type { Envelope } from './dispatch.ts';
import { CONTRACT_HTTP_PATH, CONTRACT_SOCKET_PATH } from './constants.ts';

/**
 * WebSocket frames of the contract transport (JSON text frames). IPC uses Electron's own channels with the
 * same envelopes (see channels.ts), so the two transports differ only in framing.
 */
export const ClientFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(200),
  params: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export type ServerFrame =
  | { type: 'result'; id: number | null; envelope: Envelope }
  | { type: 'event'; event: string; payload: unknown };

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nullable(), envelope: z.unknown() }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);

export { CONTRACT_HTTP_PATH, CONTRACT_SOCKET_PATH };
/** Largest contract frame the server accepts (audio does not travel on this socket as JSON). */
export const MAX_CONTRACT_FRAME_BYTES = 1024 * 1024;
