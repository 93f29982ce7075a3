/**
 * The address in use for each server this device knows, shared by every ServerClient and
 * every document socket of it: when the HTTP calls find a node gone, the sockets reconnect
 * to the next one too, and the other way round. Keyed by the server as the session names it
 * (the list as written), so one server's state never leaks into another's.
 */
import { parseServerAddresses, ServerAddresses } from '../../shared/server-addresses';
import { fullJitter } from '../../shared/backoff';

const known = new Map<string, ServerAddresses>();

export function addressesOf(server: string): ServerAddresses {
  let a = known.get(server);
  if (!a) {
    const parsed = parseServerAddresses(server);
    // A stored session from before lists were accepted is one plain address.
    a = new ServerAddresses('error' in parsed ? [server.replace(/\/+$/, '')] : parsed.addresses);
    known.set(server, a);
  }
  return a;
}

/**
 * The wait before trying the next address after a failure: full jitter, so 3,152 devices
 * that lost the same node at the same moment do not all arrive at the next one together.
 */
export function failoverWaitMs(attempt: number): number {
  return fullJitter(attempt, 100, 1_000);
}
