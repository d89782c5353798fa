import { Client } from 'pg';
import { SmtpCapture } from './smtp-capture';

async function sql<T>(databaseUrl: string, text: string, values: unknown[]): Promise<T[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query(text, values)).rows as T[];
  } finally {
    await db.end();
  }
}

/** The reminders of a round that arrived for one address. */
export const remindersTo = (smtp: SmtpCapture, email: string) =>
  smtp.to(email).filter((m) => m.subject?.startsWith('【截止提醒】'));

/** Recipients whose reminder of the cycle's round is recorded as sent. */
export const recordedReminders = (databaseUrl: string, cycleId: string) =>
  sql<{ recipient_email: string }>(
    databaseUrl,
    `SELECT recipient_email FROM notice WHERE kind = 'reminder' AND status = 'sent' AND key LIKE $1`,
    [`reminder:${cycleId}:%`],
  );

/**
 * A reminder round cut by a killed worker, finished by another: everyone is reminded; nobody recorded
 * before the kill gets it again; the one in flight at the kill may come twice, with the same Message-ID
 * (the documented window after SMTP acceptance); every notice is recorded sent and audited once.
 */
export async function expectRoundFinishedOnce(options: {
  databaseUrl: string;
  smtp: SmtpCapture;
  cycleId: string;
  emails: string[];
  sentBeforeKill: { recipient_email: string }[];
}): Promise<void> {
  const { databaseUrl, smtp, cycleId, emails, sentBeforeKill } = options;
  await smtp.waitFor(() => emails.every((e) => remindersTo(smtp, e).length > 0), 150_000);
  await new Promise((r) => setTimeout(r, 1000));
  for (const email of emails) {
    const got = remindersTo(smtp, email);
    if (sentBeforeKill.some((s) => s.recipient_email === email)) expect(got).toHaveLength(1);
    else expect(got.length).toBeLessThanOrEqual(2);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(1);
  }
  expect(emails.filter((e) => remindersTo(smtp, e).length === 2).length).toBeLessThanOrEqual(1);
  const rows = await sql<{ status: string }>(databaseUrl, `SELECT status FROM notice WHERE key LIKE $1`, [
    `reminder:${cycleId}:%`,
  ]);
  expect(rows).toHaveLength(emails.length);
  expect(rows.every((r) => r.status === 'sent')).toBe(true);
  const audit = await sql<{ n: number }>(
    databaseUrl,
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'notice.sent' AND subject_id = $1`,
    [cycleId],
  );
  expect(audit[0].n).toBe(emails.length);
}
