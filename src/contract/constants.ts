// Constants with no imports at all: start-up code (the renderer's early socket) reads them before any schema in
// the contract has been built, so this module must never import one.

/** Path of the contract socket on the server; the streaming endpoint (/ws/generate) is separate. */
export const CONTRACT_SOCKET_PATH = '/api/ws';

/** Path of single contract calls over HTTP (POST, JSON): the page's first calls, scripts. */
export const CONTRACT_HTTP_PATH = '/api/call';

/**
 * The overview envelope's resolution (min/max pairs): the store saves one at exactly this size with every track,
 * so asking for it reads no samples; any other size is computed from the audio.
 */
export const ENVELOPE_BUCKETS = 6000;
