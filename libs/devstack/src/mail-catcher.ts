import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { freePort, readyOrStopped, waitForPort } from './ports';

export interface MailCatcherProcess {
  smtpUrl: string;
  webUrl: string;
  /** Starts maildev as its own process and waits until its SMTP port accepts connections. */
  start(track?: (child: ChildProcess) => void): Promise<ChildProcess>;
}

/**
 * maildev: catches every mail the system sends and shows it in a web page; mails are kept under `dir`.
 * Ports are chosen once, so a restarted catcher comes back where the API and the worker expect it.
 */
export async function mailCatcher(dir: string): Promise<MailCatcherProcess> {
  mkdirSync(dir, { recursive: true });
  const smtp = await freePort(1025);
  const web = await freePort(1080);
  const bin = require.resolve('maildev/bin/maildev');
  const start = async (track?: (child: ChildProcess) => void) => {
    const args = [bin, '--smtp', String(smtp), '--web', String(web), '--ip', '127.0.0.1'];
    args.push('--mail-directory', dir, '--silent');
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    track?.(child);
    child.on('error', () => undefined); // reported through its exit, below
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    await readyOrStopped(child, () =>
      waitForPort(smtp, 30_000, () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`maildev exited (${child.signalCode ?? child.exitCode}): ${stderr.trim()}`);
      }),
    );
    return child;
  };
  return { smtpUrl: `smtp://127.0.0.1:${smtp}`, webUrl: `http://127.0.0.1:${web}`, start };
}
