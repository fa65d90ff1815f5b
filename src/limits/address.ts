import { BlockList, isIP } from 'node:net';

/** Whether an entry of TRUST_PROXY is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isProxyEntry(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
}

/** The proxies (addresses or CIDR ranges, checked by the config) whose X-Forwarded-For is believed. */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** Whether the peer is one of the trusted proxies. */
export function isTrusted(proxies: BlockList, peer: string | undefined): boolean {
  const address = unmapped(peer ?? '');
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** One IPv6 client holds a whole /64, so that is what counts as its address. */
function keyOf(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Who the client is: the socket's peer, unless the peer is a trusted proxy, in which case the
 * nearest address in X-Forwarded-For that is not itself a trusted proxy. Anything a client writes
 * into that header lies further left and is never reached.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: BlockList,
): string {
  let client = unmapped(peer ?? 'unknown');
  if (!isTrusted(proxies, client) || !forwardedFor) return keyOf(client);
  const hops = [forwardedFor]
    .flat()
    .join(',')
    .split(',')
    .map((hop) => unmapped(hop.trim()))
    .filter((hop) => hop !== '');
  for (const hop of hops.reverse()) {
    if (!isIP(hop)) break;
    client = hop;
    if (!isTrusted(proxies, hop)) break;
  }
  return keyOf(client);
}
