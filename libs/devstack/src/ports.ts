import { connect, createServer, Socket } from 'node:net';

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

/**
 * A port the OS hands out, left reserved for about a minute: one connection to it is closed from the
 * listening side first, which keeps that side in TIME_WAIT. Meanwhile the OS hands the port to no other
 * bind(0) nor outgoing connection, while a server binding it by number (SO_REUSEADDR, as Node, Go and
 * PostgreSQL do) may. Without it, another process's free port or connection could take it before the
 * server it was chosen for binds it (the Temporal CLI picks its own free ports the same way).
 */
function reservedEphemeralPort(host: string): Promise<number | null> {
  return new Promise((resolvePort) => {
    let port: number | null = null;
    const server = createServer((accepted) => {
      // The listening side closes first: its end of the connection waits in TIME_WAIT.
      accepted.on('error', () => undefined);
      accepted.end();
    });
    const done = () => server.close(() => resolvePort(port));
    server.once('error', () => resolvePort(null));
    server.listen(0, host, () => {
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : null;
      if (port === null) return done();
      const client: Socket = connect(port, host);
      client.on('error', done);
      // The server's FIN arrived: closing now makes this side's close the passive one.
      client.on('end', () => client.end());
      client.on('close', done);
    });
  });
}

/**
 * The preferred port when it is free, else one the OS hands out (reserved, see above); so two
 * instances never clash.
 */
export async function freePort(preferred = 0, host = '127.0.0.1'): Promise<number> {
  if (preferred > 0) {
    const port = await tryListen(preferred, host);
    if (port !== null) return port;
  }
  const port = (await reservedEphemeralPort(host)) ?? (await tryListen(0, host));
  if (port === null) throw new Error('no free TCP port');
  return port;
}

/** Waits until something accepts connections on the port; `check` throws to give up early (e.g. the process died). */
export async function waitForPort(port: number, timeoutMs: number, check: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    check();
    const open = await new Promise<boolean>((resolveOpen) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolveOpen(true);
      });
      socket.once('error', () => resolveOpen(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
