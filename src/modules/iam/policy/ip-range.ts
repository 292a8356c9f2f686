// IPv4/IPv6 addresses and CIDR ranges for IpAddress / NotIpAddress (IPv4-mapped IPv6 counts as IPv4).
import { BlockList, isIP } from 'node:net';

export interface IpRange {
  contains(address: string): boolean;
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** `::ffff:10.0.0.1` (how Node reports IPv4 clients on a dual-stack socket) -> `10.0.0.1`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return MAPPED_V4.exec(trimmed)?.[1] ?? trimmed;
}

/** Parses `203.0.113.0/24`, `2001:db8::/32` or a bare address; undefined when malformed. */
export function parseIpRange(text: string): IpRange | undefined {
  const [rawAddress, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || rawAddress === undefined) return undefined;
  const address = normalizeAddress(rawAddress);
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(address, prefix, type);
  return {
    contains(candidate) {
      const normalized = normalizeAddress(candidate);
      const candidateFamily = isIP(normalized);
      if (candidateFamily !== family) return false;
      return list.check(normalized, type);
    },
  };
}
