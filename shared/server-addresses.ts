/**
 * A server given as a list of addresses, comma-separated ("http://10.0.0.11:8080,
 * http://10.0.0.12:8080"): the nodes of one cluster, or a balancer and a node behind it.
 * The list as written is the server's identity on the device (its cache, outbox and
 * documents are keyed by it); one address of it is used at a time, and a device moves to
 * the next one when the current one fails (see main/core/server-addresses.ts).
 */
import { z } from 'zod';

const fullAddress = z.url();

/** The addresses of a list, in order, or a sentence naming the one that is wrong. */
export function parseServerAddresses(list: string): { addresses: string[] } | { error: string } {
  const parts = list.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) return { error: 'Enter the server address, such as http://127.0.0.1:8080.' };
  const addresses: string[] = [];
  for (const part of parts) {
    if (part === '') return { error: 'The list of server addresses has an empty entry: separate addresses with one comma.' };
    if (!fullAddress.safeParse(part).success) return { error: `"${part}" is not a full address such as http://127.0.0.1:8080.` };
    if (!/^https?:\/\//i.test(part)) return { error: `"${part}" must start with http:// or https://.` };
    const address = part.replace(/\/+$/, '');
    if (!addresses.includes(address)) addresses.push(address);
  }
  return { addresses };
}

/** Which address of a list is in use; every HTTP client and socket of one server shares one. */
export class ServerAddresses {
  private index = 0;

  constructor(readonly list: readonly string[]) {
    if (list.length === 0) throw new Error('A server needs at least one address.');
  }

  current(): string {
    return this.list[this.index]!;
  }

  /**
   * `address` failed (refused, draining, socket dropped): the next one is used from now on.
   * Only when it is still the current one, so ten calls failing on the same dead node move
   * the device one step, not ten.
   */
  failed(address: string): string {
    if (this.list[this.index] === address) this.index = (this.index + 1) % this.list.length;
    return this.current();
  }
}
