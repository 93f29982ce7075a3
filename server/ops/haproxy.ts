/**
 * The balancer in front of several nodes (issue 13): an HAProxy configuration (Debian's
 * `haproxy` package, 2.6+). TCP mode, so HTTP and the y-websocket upgrades pass through
 * untouched; a node gets new connections only while `GET /api/ready` answers 200, so a
 * draining node (SIGTERM), or one that lost PostgreSQL or Redis, is taken out within about
 * `fall × interMs`, and put back after `rise` good checks.
 *
 * Existing connections to a node marked down are left alone: a draining node closes its
 * sockets itself, with "try again" (1012), after --drain-ms; give that at least
 * fall × interMs plus a margin.
 */
export interface BalancedNode {
  name: string;
  host: string;
  port: number;
}

export interface HaproxyOptions {
  /** Where clients connect, e.g. 0.0.0.0:8080. */
  bindHost: string;
  bindPort: number;
  nodes: readonly BalancedNode[];
  /** Health check interval (default 1000 ms). */
  interMs?: number;
  /** Failed checks before a node is out (default 2) and good ones before it is back (default 2). */
  fall?: number;
  rise?: number;
  /**
   * Connections at once (default 20000: a 3,152-delegate congress opens two sync sockets per
   * device). HAProxy needs two file descriptors per connection and refuses to start when
   * it cannot raise its limit that far (ulimit -n).
   */
  maxConnections?: number;
}

const nameOk = /^[A-Za-z0-9_.-]{1,64}$/;
const hostOk = /^[A-Za-z0-9_.:-]{1,253}$/;

export function haproxyConfig(opts: HaproxyOptions): string {
  if (!opts.nodes.length) throw new Error('The balancer needs at least one node.');
  for (const n of opts.nodes) {
    if (!nameOk.test(n.name)) throw new Error(`Node name "${n.name}" must be 1–64 letters, digits, "_", "." or "-".`);
    if (!hostOk.test(n.host)) throw new Error(`Node host "${n.host}" is not a host name or address.`);
    if (!Number.isInteger(n.port) || n.port < 1 || n.port > 65535) throw new Error(`Node ${n.name}: port must be 1–65535.`);
  }
  if (new Set(opts.nodes.map((n) => n.name)).size !== opts.nodes.length) throw new Error('Node names must differ.');
  const host = opts.bindHost.includes(':') ? `[${opts.bindHost}]` : opts.bindHost;
  const target = (n: BalancedNode) => (n.host.includes(':') ? `[${n.host}]` : n.host);
  return [
    'global',
    `  maxconn ${opts.maxConnections ?? 20000}`,
    '',
    'defaults',
    '  mode tcp',
    '  timeout connect 5s',
    // Sync sockets stay open for a whole meeting; the server's own heartbeat ends dead ones.
    '  timeout client 2h',
    '  timeout server 2h',
    '  timeout check 2s',
    // A connection refused by a node that just died is retried on another one.
    '  retries 3',
    '  option redispatch',
    '',
    'frontend opencabinet',
    `  bind ${host}:${opts.bindPort}`,
    '  default_backend opencabinet_nodes',
    '',
    'backend opencabinet_nodes',
    // Long-lived sockets: send a newcomer to the node with the fewest, not round-robin.
    '  balance leastconn',
    '  option httpchk',
    '  http-check send meth GET uri /api/ready ver HTTP/1.1 hdr Host opencabinet',
    '  http-check expect status 200',
    `  default-server inter ${opts.interMs ?? 1000} fall ${opts.fall ?? 2} rise ${opts.rise ?? 2}`,
    ...opts.nodes.map((n) => `  server ${n.name} ${target(n)}:${n.port} check`),
    '',
  ].join('\n');
}
