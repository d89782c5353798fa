import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/**
 * Whether process `pid` listens on the TCP port (Linux: /proc/net/tcp* and the process's open files);
 * null where that cannot be told.
 */
export function listensOn(pid: number, port: number): boolean | null {
  const sockets = new Set<string>();
  let tables = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    tables++;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st … inode: state 0A is LISTEN.
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port)
        sockets.add(`socket:[${fields[9]}]`);
    }
  }
  if (tables === 0 || sockets.size === 0) return null;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return sockets.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
  } catch {
    return null;
  }
}

/**
 * Waits until something accepts connections on the port; `check` throws to give up early (e.g. the process
 * died). With `pid`, only that process listening counts: another launcher's server that got the port first
 * (both found it free) is never taken for this one's, which fails to bind it and exits instead.
 */
export async function waitForPort(port: number, timeoutMs: number, check: () => void, pid?: number): Promise<void> {
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
    const foreign = open && pid !== undefined && listensOn(pid, port) === false;
    if (open && !foreign) return;
    if (Date.now() > deadline)
      throw new Error(
        foreign ? `port ${port} is held by another process` : `nothing listening on port ${port} after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
