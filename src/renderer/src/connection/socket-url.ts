import { CONTRACT_SOCKET_PATH } from '../../../contract/constants.ts';

/**
 * The contract socket of the server that served this page, or of `?engine=http://gpu-box:7300` (a remote engine),
 * with `?token=` passed on for servers bound to a network address.
 */
export function contractSocketUrl(location: Pick<Location, 'search' | 'origin'>): URL {
  const query = new URLSearchParams(location.search);
  const base = new URL(query.get('engine') ?? location.origin);
  const socketUrl = new URL(CONTRACT_SOCKET_PATH, base);
  socketUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = query.get('token');
  if (token) socketUrl.searchParams.set('token', token);
  return socketUrl;
}
