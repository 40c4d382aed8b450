import { BlockList, isIP } from 'node:net';
import { NAMED_RANGES } from '../config/config.js';
import type { TrustProxy } from '../config/config.js';

/**
 * proxy-addr's trust function: `hop` 0 is the socket's peer, 1 the address that
 * peer wrote last into X-Forwarded-For, and so on. Fastify walks the hops while
 * this answers true; the first untrusted one is the client's address.
 */
export type TrustFunction = (address: string, hop: number) => boolean;

export function trustFunction(trust: TrustProxy): TrustFunction {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  const ranges = new BlockList();
  for (const entry of trust.flatMap((e) => NAMED_RANGES[e] ?? [e])) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) ranges.addAddress(address, family);
    else ranges.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
    const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
    const family = isIP(plain);
    return family !== 0 && ranges.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** Whether the socket's peer is a trusted proxy, i.e. may hand us a request id. */
export function peerIsTrusted(trust: TrustFunction, remoteAddress: string | undefined): boolean {
  return remoteAddress !== undefined && trust(remoteAddress, 0);
}
