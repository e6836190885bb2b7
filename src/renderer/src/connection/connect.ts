import {
  BRIDGE_GLOBAL,
  bridgeChannel,
  CONTRACT_SOCKET_PATH,
  createClient,
  websocketChannel,
  type EngineClient,
  type PreloadBridge,
} from '../../../contract/index.ts';

/**
 * The one place that picks a transport: the preload bridge inside Electron, otherwise a WebSocket to the
 * server that served this page, or to `?engine=http://gpu-box:7300` (a remote engine). `?token=` is passed on
 * for servers bound to a network address. Everything else in the UI only sees EngineClient.
 */
export function connectEngine(location: Location = window.location): EngineClient {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return createClient(bridgeChannel(bridge));
  const query = new URLSearchParams(location.search);
  const base = new URL(query.get('engine') ?? location.origin);
  const socketUrl = new URL(CONTRACT_SOCKET_PATH, base);
  socketUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = query.get('token');
  if (token) socketUrl.searchParams.set('token', token);
  return createClient(websocketChannel(new WebSocket(socketUrl)));
}

export function transportName(): 'electron' | 'browser' {
  return (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] ? 'electron' : 'browser';
}
