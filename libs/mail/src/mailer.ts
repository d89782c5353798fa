import { createHash } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** A message ready to send: what a template renders, plus who gets it and its stable id. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** The transport only: it knows SMTP, not what the messages say (see templates/). */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const options: SMTPTransport.Options = {
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    };
    this.transport = nodemailer.createTransport(options);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
  }

  /** Connects and greets the SMTP server; used by the health check. */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}

/** The same notice key always gives the same Message-ID, so a repeat after a crash is recognisable. */
export function noticeMessageId(noticeKey: string): string {
  return `<${createHash('sha256').update(noticeKey).digest('hex').slice(0, 40)}@notice.rol-cycle>`;
}
