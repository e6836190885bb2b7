export * from './api.ts';
export * from './errors.ts';
export * from './status.ts';
export * from './dispatch.ts';
export * from './client.ts';
export * from './wire.ts';
export * from './channels.ts';
export { bridgeChannel } from './transports/bridge-channel.ts';
export { websocketChannel, type WebSocketLike } from './transports/websocket-channel.ts';
