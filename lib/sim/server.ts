// The listening HTTP or HTTPS server: routes /webapi/ to DSM, /sim/ to the control endpoint and
// anything else to a DSM error; keeps track of open sockets so close and a simulated reboot can drop
// every connection; `pause` stops listening (connections are then refused) and `resume` listens
// again on the same port. Any unexpected error answers HTTP 500 with DSM error 100; the process
// never crashes on bad input.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export class SimServer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #host: string;
  #port: number;

  constructor(options: { host: string; port: number; tls?: { cert: string; key: string } }, handler: RequestHandler) {
    this.#host = options.host;
    this.#port = options.port;
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://sim.invalid');
      } catch {
        url = new URL('http://sim.invalid/');
      }
      handler(req, res, url).catch(() => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end('{"error":{"code":100},"success":false}');
        }
      });
    };
    this.#server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
      : createHttpServer(listener);
    this.#server.keepAliveTimeout = 5000;
    this.#server.on('connection', (socket: Socket) => this.#track(socket));
    this.#server.on('secureConnection', (socket: Socket) => this.#track(socket));
    this.#server.on('clientError', (_error, socket) => socket.destroy());
  }

  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#server.listening;
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.#server.once('error', onError);
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.off('error', onError);
        const address = this.#server.address();
        if (address && typeof address === 'object') this.#port = address.port;
        resolve();
      });
    });
  }

  /** Stops listening and drops every open connection. */
  pause(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#server.listening) {
        this.#destroySockets();
        resolve();
        return;
      }
      this.#server.close(() => resolve());
      this.#destroySockets();
    });
  }

  #destroySockets(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }
}
