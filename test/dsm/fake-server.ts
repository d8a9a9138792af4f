// A tiny HTTP server for answers the simulator does not give (redirects, empty 200 bodies, odd
// login answers). Each test passes its own handler; the server listens on 127.0.0.1, port 0.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  port: number;
  requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

export type FakeHandler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** Answers SYNO.API.Info like a DSM 7 with Auth and EventScheduler; everything else goes to `handler`. */
export async function startFake(handler: FakeHandler): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      if ((req.url ?? '').includes('api=SYNO.API.Info')) {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            success: true,
            data: {
              'SYNO.API.Auth': { path: 'entry.cgi', minVersion: 1, maxVersion: 7 },
              'SYNO.Core.EventScheduler': { path: 'entry.cgi', minVersion: 1, maxVersion: 1, requestFormat: 'JSON' },
            },
          }),
        );
        return;
      }
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, value: unknown): void {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}
