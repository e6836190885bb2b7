import {
  BRIDGE_GLOBAL,
  bridgeChannel,
  createClient,
  websocketChannel,
  withEarlyAnswers,
  type EngineClient,
  type PreloadBridge,
} from '../../../contract/index.ts';
import { takeEarlyAnswers } from './early-calls.ts';
import { contractSocketUrl } from './socket-url.ts';

/**
 * The one place that picks a transport: the preload bridge inside Electron, otherwise a WebSocket to the
 * server that served this page, or to `?engine=http://gpu-box:7300` (a remote engine). `?token=` is passed on
 * for servers bound to a network address. Everything else in the UI only sees EngineClient.
 */
export function connectEngine(location: Location = window.location): EngineClient {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[BRIDGE_GLOBAL];
  // The first screen's calls, sent by early.ts before this code had loaded, answer its first identical requests.
  const early = takeEarlyAnswers();
  if (bridge) return createClient(withEarlyAnswers(bridgeChannel(bridge), early));
  return createClient(withEarlyAnswers(websocketChannel(new WebSocket(contractSocketUrl(location))), early));
}

export function transportName(): 'electron' | 'browser' {
  return (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] ? 'electron' : 'browser';
}
