import { createServer } from 'node:net';

function tryListen(port: number, host: string): Promise<number | null> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(null));
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : null;
      server.close(() => resolvePort(actual));
    });
  });
}

/** The preferred port when it is free, else one the OS hands out; so two instances never clash. */
export async function freePort(preferred = 0, host = '127.0.0.1'): Promise<number> {
  if (preferred > 0) {
    const port = await tryListen(preferred, host);
    if (port !== null) return port;
  }
  const port = await tryListen(0, host);
  if (port === null) throw new Error('no free TCP port');
  return port;
}
