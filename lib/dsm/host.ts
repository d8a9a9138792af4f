// Host names and addresses as users type them: a name, IPv4, or IPv6 with or without brackets.
import { isIP } from 'node:net';
import { DsmError } from './errors';

/** The bare host (IPv6 without brackets), or an INVALID_INPUT error. */
export function normalizeHost(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new DsmError('INVALID_INPUT', 'No NAS host is configured; enter the NAS\'s name or IP address.');
  }
  let host = input.trim();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/.test(host)) {
    throw new DsmError('INVALID_INPUT', `"${input}" is not a host name or IP address; enter only the host (no scheme, port or path).`);
  }
  return host;
}

/** The host as it goes into a URL: IPv6 in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

export function normalizePort(input: unknown, https: boolean): number {
  if (input === undefined || input === null || input === '' || input === 0) return https ? 5001 : 5000;
  const port = typeof input === 'string' ? Number(input) : input;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DsmError('INVALID_INPUT', `Port "${String(input)}" is not valid; use a number from 1 to 65535 (DSM: 5001 for HTTPS, 5000 for HTTP).`);
  }
  return port;
}
