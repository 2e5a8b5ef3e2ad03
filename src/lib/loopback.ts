// What counts as "this machine": loopback addresses (127.0.0.0/8, ::1, and IPv4 loopback mapped
// into IPv6) and the name localhost. One rule for the address a server listens on (HOST), the
// address a client connects from, and the host a browser says it asked for.

import { isIP } from 'node:net';

/** A socket's address (`req.socket.remoteAddress`) or a listen address on the loopback interface. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = bare.toLowerCase().startsWith('::ffff:') ? bare.slice(7) : bare;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(bare) === 6 && isIpv6Loopback(bare);
}

/** An address or name to listen on that only this machine can reach: a loopback address or localhost. */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || isLoopbackAddress(name);
}

/**
 * The Host header a browser on this machine sends: a loopback name or address, with or without
 * a port. A page of another site that resolved its own name to 127.0.0.1 (DNS rebinding) sends
 * its own name here, which is how it is told apart.
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (!header) return false;
  const ipv6 = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (ipv6) return isLoopbackAddress(ipv6[1]);
  const [name, port, ...rest] = header.split(':');
  if (rest.length || (port !== undefined && !/^\d{1,5}$/.test(port))) return false;
  // Browsers resolve every *.localhost name to loopback themselves, so no other site can own one.
  return !!name && (isLoopbackHost(name) || name.toLowerCase().endsWith('.localhost'));
}

/** ::1 in any of its spellings (0:0:0:0:0:0:0:1, ::0001), by its eight 16-bit groups. */
function isIpv6Loopback(v6: string): boolean {
  const [head, tail] = v6.includes('::') ? v6.split('::') : [v6, undefined];
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const known = [...part(head), ...part(tail)];
  const groups = tail === undefined ? known : [...part(head), ...Array<string>(8 - known.length).fill('0'), ...part(tail)];
  return groups.length === 8 && groups.every((g, i) => Number.parseInt(g, 16) === (i === 7 ? 1 : 0));
}
