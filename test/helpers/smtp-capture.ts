import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { testPort } from './processes';

/** A real SMTP server that keeps every message it accepts, for tests to read. */
export class SmtpCapture {
  readonly messages: ParsedMail[] = [];
  /** Holds each message this long before accepting it (a slow mail server, for tests that kill mid-round). */
  delayMs = 0;
  private server: SMTPServer | null = null;
  private port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /**
   * Without a port, one of this jest worker's own (testPort): a test that stops the server and starts it
   * again on its port finds it free, where one the OS handed out could be taken meanwhile.
   */
  async start(port?: number): Promise<void> {
    port ??= await testPort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            setTimeout(() => {
              this.messages.push(mail);
              callback();
            }, this.delayMs);
          },
          (error: Error) => callback(error),
        );
      },
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => {
      const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
      return to.some((t) => t.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()));
    });
  }

  async waitFor(predicate: (messages: ParsedMail[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline)
        throw new Error(`mail not received within ${timeoutMs} ms (have ${this.messages.length})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
