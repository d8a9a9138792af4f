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
  if (isIP(host) === 0 && !HOST_NAME.test(host)) throw new DsmError('INVALID_INPUT', badHostMessage(input.trim()));
  return host;
}

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

/**
 * Why a host was refused, quoting at most the host part: a URL may carry `user:password@`, and a
 * field value that is neither a name nor an address is never repeated (it may be a pasted secret).
 */
function badHostMessage(raw: string): string {
  const looksLikeUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw);
  const userInfo = raw.includes('@');
  if (!looksLikeUrl && !userInfo) {
    return 'The NAS host must be a name or an IP address (letters, digits, dots, hyphens; IPv6 in brackets or without); enter only the host, with no scheme, port or path.';
  }
  const parts = [`The NAS host must be a name or an IP address, not a URL${userInfo ? ' or user@host' : ''}`];
  const quoted = hostPartOf(raw);
  if (quoted) parts.push(`; enter only the host ("${quoted}")`);
  else parts.push('; enter only the host');
  parts.push(', and the port and HTTPS in their own fields');
  if (userInfo) parts.push('; the user name and password belong in the credentials, never in the host');
  return parts.join('') + '.';
}

/** The bare host name or address of a URL-like value, when it is one we would accept; else ''. */
function hostPartOf(raw: string): string {
  let hostname: string;
  try {
    hostname = new URL(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`).hostname;
  } catch {
    return '';
  }
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  return isIP(hostname) !== 0 || HOST_NAME.test(hostname) ? hostname : '';
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
