// Tells "plain HTTP sent to an HTTPS port" apart from a dropped connection: Node's HTTPS server
// closes such a connection without an answer, so after a reset we try one TLS handshake.
import { isIP } from 'node:net';
import { connect } from 'node:tls';

/** Whether `host:port` completes a TLS handshake (no certificate check; nothing is sent after it). */
export function speaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, servername: isIP(host) === 0 ? host : undefined });
    const finish = (result: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('secureConnect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
