import type { WebSocket } from 'ws';
import { ClientFrameSchema, ContractError, createDispatcher, type ServerFrame } from '../contract/index.ts';
import type { Engine } from '../engine/index.ts';

/**
 * The contract over one WebSocket connection: JSON call frames in, result and event frames out. Every engine
 * event is forwarded while the socket is open; the subscription is owned by the socket and ends with it.
 */
export function serveContractSocket(socket: WebSocket, engine: Engine): void {
  const dispatch = createDispatcher(engine.handlers);
  const send = (frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = engine.subscribe((event, payload) => send({ type: 'event', event, payload }));
  socket.on('close', unsubscribe);
  // ws emits 'error' for protocol violations (e.g. an oversized frame, answered with close code 1009); without a
  // listener that error would crash the whole server process.
  socket.on('error', () => undefined);

  socket.on('message', async (data, isBinary) => {
    let json: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the contract socket');
      json = JSON.parse(data.toString());
    } catch (error) {
      const message = `malformed frame: ${(error as Error).message}`;
      send({
        type: 'result',
        id: null,
        envelope: { ok: false, error: new ContractError('invalid_request', message).toPayload() },
      });
      return;
    }
    const frame = ClientFrameSchema.safeParse(json);
    if (!frame.success) {
      const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null;
      const error = new ContractError('invalid_request', 'frame must be {type:"call", id, method, params}');
      send({ type: 'result', id, envelope: { ok: false, error: error.toPayload() } });
      return;
    }
    const envelope = await dispatch(frame.data.method, frame.data.params);
    send({ type: 'result', id: frame.data.id, envelope });
  });
}
