/**
 * Which addresses the fetcher may connect to. Sources are configured data and pages redirect
 * where they like, so without this a source (or a hijacked site) could make a Lambda read its
 * own metadata endpoint (169.254.169.254) or services inside the VPC.
 *
 * Two checks, both needed: IP literals in the URL are refused before any request (Node's net
 * never calls `lookup` for them), and host names are checked on the addresses they resolve to,
 * inside the connect-time `lookup` of the socket that is actually opened, so a name that
 * resolves to a public address once and a private one later (DNS rebinding) cannot slip by.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { BlockedFailure } from './fetch-errors';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

export interface NetworkPolicy {
  /** Allow loopback, private, link-local... addresses (local fixture servers, tests). */
  allowPrivateNetwork: boolean;
}

const SUBNETS: ReadonlyArray<[Exclude<AddressClass, 'public'>, string, number, 'ipv4' | 'ipv6']> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  // Carrier-grade NAT shared space: not routable on the internet, often internal in clouds.
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  // Future use and broadcast, IETF protocol assignments, benchmarking and documentation ranges.
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '192.0.2.0', 24, 'ipv4'],
  ['reserved', '198.51.100.0', 24, 'ipv4'],
  ['reserved', '203.0.113.0', 24, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  // Deprecated site-local addresses: still private wherever they are in use.
  ['private', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['reserved', '2001:db8::', 32, 'ipv6'],
];

// net.BlockList also matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1, ::ffff:7f00:1)
// against the IPv4 subnets, which is exactly the "mapped addresses too" rule.
const LISTS = new Map<Exclude<AddressClass, 'public'>, net.BlockList>();
for (const [kind, address, prefix, family] of SUBNETS) {
  let list = LISTS.get(kind);
  if (!list) {
    list = new net.BlockList();
    LISTS.set(kind, list);
  }
  list.addSubnet(address, prefix, family);
}

/** Strips the brackets URL.hostname keeps around IPv6 literals. */
function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Classifies an IPv4 or IPv6 address; throws TypeError for anything that is not an IP address. */
export function classifyAddress(address: string): AddressClass {
  const ip = bare(address);
  const version = net.isIP(ip);
  if (version === 0) throw new TypeError(`not an IP address: ${address}`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of LISTS) {
    if (list.check(ip, family)) return kind;
  }
  return 'public';
}

const ARTICLE: Record<AddressClass, string> = {
  public: 'a public',
  loopback: 'a loopback',
  private: 'a private',
  'link-local': 'a link-local',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  reserved: 'a reserved',
};

const HINT = 'pass --allow-private-network to allow it';

/**
 * Why the policy refuses this address, or undefined when it may be used. With `hostname`
 * the reason names the host that resolved to it.
 */
export function addressRefusal(address: string, policy: NetworkPolicy, hostname?: string): string | undefined {
  const kind = classifyAddress(address);
  if (kind === 'public' || policy.allowPrivateNetwork) return undefined;
  const ip = bare(address);
  return hostname
    ? `${hostname} resolves to ${ip}, ${ARTICLE[kind]} address; ${HINT}`
    : `${ip} is ${ARTICLE[kind]} address; ${HINT}`;
}

/**
 * Checks what can be checked before connecting: the scheme, and the host when it is an IP
 * literal. Throws BlockedFailure; returns the parsed URL otherwise.
 */
export function checkUrl(url: string, policy: NetworkPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BlockedFailure(url, 'not a valid absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BlockedFailure(url, `only http: and https: URLs are fetched, not ${parsed.protocol}`);
  }
  const host = bare(parsed.hostname);
  if (net.isIP(host) !== 0) {
    const reason = addressRefusal(host, policy);
    if (reason) throw new BlockedFailure(url, reason);
  }
  return parsed;
}

/** Raised inside the socket's lookup; the fetcher turns it into a BlockedFailure naming the URL. */
export class AddressRefusedError extends Error {
  readonly code = 'ERR_GZWATCH_ADDRESS_REFUSED';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'AddressRefusedError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for net/tls.connect that resolves every address of the name and refuses the
 * connection if any of them is refused by the policy (an attacker controls the order).
 */
export function createGuardedLookup(policy: NetworkPolicy, resolve: typeof dns.lookup = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      const list = addresses as dns.LookupAddress[];
      for (const entry of list) {
        const reason = addressRefusal(entry.address, policy, hostname);
        if (reason) {
          callback(new AddressRefusedError(hostname, entry.address, reason), '');
          return;
        }
      }
      const first = list[0];
      if (options.all) callback(null, list);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    });
  };
}

export interface PolicyAgentOptions extends NetworkPolicy {
  /**
   * Socket inactivity limit: a request whose socket stays silent this long (connecting,
   * waiting for headers or body) emits 'timeout', and idle pooled sockets are closed after it.
   */
  connectTimeoutMs: number;
}

/** A keep-alive pool per scheme (node:http refuses an https.Agent for http: URLs and back). */
export interface PolicyAgents {
  http: http.Agent;
  https: https.Agent;
  /** The guarded lookup the agents use, to pass on requests as well. */
  lookup: LookupFunction;
  /** Closes every pooled socket. */
  destroy(): void;
}

/**
 * Keep-alive agents whose every new connection goes through the guarded lookup. Kept apart from
 * any unguarded pool: a socket opened without the check must never be reused for a checked URL.
 */
export function createPolicyAgent(options: PolicyAgentOptions): PolicyAgents {
  const lookup = createGuardedLookup(options);
  const agentOptions = { keepAlive: true, timeout: options.connectTimeoutMs, lookup };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  return { ...agents, lookup, destroy: () => (agents.http.destroy(), agents.https.destroy()) };
}
