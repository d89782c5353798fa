import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { freePort, waitForPort } from './ports';
import { startServiceProcess } from './processes';

export interface MailCatcherProcess {
  smtpUrl: string;
  webUrl: string;
  /** Starts maildev as its own process and waits until its SMTP port accepts connections. */
  start(track?: (child: ChildProcess) => void): Promise<ChildProcess>;
}

/**
 * maildev: catches every mail the system sends and shows it in a web page; mails are kept under `dir`.
 * Ports are chosen once (by the caller, else free ones), so a restarted catcher comes back where the API
 * and the worker expect it.
 */
export async function mailCatcher(
  dir: string,
  ports: { smtp?: number; web?: number } = {},
): Promise<MailCatcherProcess> {
  mkdirSync(dir, { recursive: true });
  const smtp = ports.smtp || (await freePort());
  const web = ports.web || (await freePort());
  const bin = require.resolve('maildev/bin/maildev');
  const args = [bin, '--smtp', String(smtp), '--web', String(web), '--ip', '127.0.0.1'];
  args.push('--mail-directory', dir, '--silent');
  const start = (track?: (child: ChildProcess) => void) =>
    startServiceProcess({
      name: 'maildev',
      command: process.execPath,
      args,
      spawn: { detached: true },
      track,
      ready: (failIfExited, pid) => waitForPort(smtp, 30_000, failIfExited, pid),
    });
  return { smtpUrl: `smtp://127.0.0.1:${smtp}`, webUrl: `http://127.0.0.1:${web}`, start };
}
