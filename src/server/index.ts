export { startServer, type RunningServer, type ServerOptions } from './server.ts';
export { isLoopbackHost } from './access.ts';
