/**
 * An address as one client: dual-stack sockets report IPv4 peers as `::ffff:a.b.c.d`, which is
 * the same client as `a.b.c.d` (the kit's rate limit and the simulator's whitelist both need that).
 */
export const unmapIpv4 = (address: string): string => (address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);
