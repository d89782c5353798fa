import { mkdirSync } from 'node:fs';
import { freePort } from './ports';

// maildev 2 ships no type declarations; this is the part of its API used here.
interface MailDevInstance {
  listen(callback: (error?: Error) => void): void;
  close(callback: (error?: Error) => void): void;
}
type MailDevConstructor = new (options: Record<string, unknown>) => MailDevInstance;

export interface MailCatcher {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

/** maildev: catches every mail the system sends and shows it in a web page; mails are kept under `dir`. */
export async function startMailCatcher(dir: string): Promise<MailCatcher> {
  mkdirSync(dir, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const MailDev = require('maildev') as MailDevConstructor;
  const smtp = await freePort(1025);
  const web = await freePort(1080);
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const ours = new Set(signals.flatMap((signal) => process.listeners(signal)));
  const maildev = new MailDev({ smtp, web, ip: '127.0.0.1', mailDirectory: dir, silent: true, noOpen: true });
  await new Promise<void>((resolveListen, reject) =>
    maildev.listen((error) => (error ? reject(error) : resolveListen())),
  );
  // maildev installs signal handlers that exit the process at once; the launcher stops it in order instead.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!ours.has(listener)) process.removeListener(signal, listener);
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    webUrl: `http://127.0.0.1:${web}`,
    stop: () => new Promise<void>((resolveStop) => maildev.close(() => resolveStop())),
  };
}
