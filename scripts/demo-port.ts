// Port choice for the demo: the wanted port when it is free on 127.0.0.1, else any free one.
import { createServer } from 'node:net';

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** `wanted` when it can be bound (0 = any); otherwise a free port the system picks. */
export async function pickPort(wanted: number): Promise<{ port: number; wantedWasBusy: boolean }> {
  const port = await listenOn(wanted);
  if (port !== undefined) return { port, wantedWasBusy: false };
  const other = await listenOn(0);
  if (other === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return { port: other, wantedWasBusy: true };
}

/** True when nothing listens on the port any more (it can be bound again). */
export async function isPortFree(port: number): Promise<boolean> {
  return (await listenOn(port)) !== undefined;
}
