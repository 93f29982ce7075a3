/**
 * Wire format of browser mode: the renderer talks to the desktop core in a Node host
 * over a loopback WebSocket at `ws://127.0.0.1:<port>/bridge?token=<per-launch token>`.
 * The host opens the page at `http://127.0.0.1:<port>/#token=<token>`; the renderer reads
 * the token from the fragment (never sent over HTTP) and keeps it in sessionStorage.
 */
import { z } from 'zod';
import type { Result } from './contract';

export const bridgePath = '/bridge';

export const BridgeRequest = z.object({
  t: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string(),
  input: z.unknown(),
});
export type BridgeRequest = z.infer<typeof BridgeRequest>;

export type BridgeMessage =
  | { t: 'result'; id: number; result: Result }
  | { t: 'event'; event: string; payload: unknown };

/**
 * Browser mode cannot hand the core a file path, so the renderer first uploads the file's
 * bytes to its own host: `PUT /staging` with headers `x-opencabinet-token` (the launch
 * token) and `x-file-name` (URI-encoded), body = the bytes. Answer: `{ id }`, to be passed
 * as `{ kind: 'staged', id }` wherever the contract takes a FileRef.
 */
export const stagingPath = '/staging';
