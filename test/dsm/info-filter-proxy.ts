// A forwarding HTTP proxy in front of the simulator that removes APIs from SYNO.API.Info answers,
// to play a DSM that lacks them.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InfoFilterProxy {
  port: number;
  close(): Promise<void>;
}

export async function startInfoFilterProxy(targetPort: number, hide: readonly string[]): Promise<InfoFilterProxy> {
  const server: Server = createServer((req, res) => {
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString();
          if ((req.url ?? '').includes('SYNO.API.Info')) {
            const parsed = JSON.parse(body) as { data: Record<string, unknown> };
            for (const api of hide) delete parsed.data[api];
            body = JSON.stringify(parsed);
          }
          const headers = { ...answer.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
