import WebSocket from 'ws';
import {
  CONTRACT_SOCKET_PATH,
  createClient,
  websocketChannel,
  type WebSocketLike,
} from '../../src/contract/index.ts';
import { startServer } from '../../src/server/index.ts';
import { contractSuite } from './contract-suite.ts';
import { createTestEngine } from './test-engine.ts';

contractSuite('WebSocket (real server on 127.0.0.1)', async () => {
  const engine = createTestEngine();
  const server = await startServer({ engine, port: 0 });
  const socket = new WebSocket(new URL(CONTRACT_SOCKET_PATH, server.url.replace('http', 'ws')));
  const channel = websocketChannel(socket as unknown as WebSocketLike);
  const client = createClient(channel);
  return {
    client,
    channel,
    async dispose() {
      client.close();
      await server.close();
      await engine.close();
    },
  };
});
