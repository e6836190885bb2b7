import type { PreloadBridge } from '../channels.ts';
import type { ClientChannel } from '../client.ts';

/** The Electron transport as seen from the renderer: the preload bridge, wrapped as a ClientChannel. */
export function bridgeChannel(bridge: PreloadBridge): ClientChannel {
  const stops = new Set<() => void>();
  return {
    request: (method, params) => bridge.call(method, params),
    ...(bridge.saveFile ? { saveFile: (defaultName: string) => bridge.saveFile!(defaultName) } : {}),
    onEvent(listener) {
      const stop = bridge.onEvent(listener);
      stops.add(stop);
      return () => {
        stops.delete(stop);
        stop();
      };
    },
    close() {
      for (const stop of stops) stop();
      stops.clear();
    },
  };
}
