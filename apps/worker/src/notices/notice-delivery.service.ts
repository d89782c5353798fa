import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { maskWebhook, NoticeChannel } from '@rol/domain';
import { Mailer, noticeMessageId, RenderedMail, RobotMessage, RobotSender, RobotTarget } from '@rol/mail';
import { appendAudit, NoticeEntity, SYSTEM_ACTOR } from '@rol/persistence';

/**
 * How long a claim holds. A claim covers one send, and the mailer gives up on a send after its worst
 * case (connect 10 s + greeting 10 s + socket 30 s), so a live attempt never loses its claim; an
 * attempt that died (worker killed) holds it no longer than this.
 */
const CLAIM_LEASE_SECONDS = 60;

interface NoticeRequestBase {
  /** What makes the notice unique: built by `noticeKeys` (libs/contracts/src/notices.ts), never by hand. */
  key: string;
  kind: string;
  recipientUserId: string | null;
  /** The audit subject the notice belongs to. */
  subjectType: string;
  subjectId: string;
}

/** A mail to `to`, or a message to an organisation's group robot. */
export type NoticeRequest = NoticeRequestBase &
  ({ to: string; mail: RenderedMail } | { robot: RobotTarget; message: RobotMessage });

export interface NoticeOutcome {
  noticeId: string;
  messageId: string;
  sentNow: boolean;
}

/**
 * Sends each notice at most once per key: the row is claimed (with a lease) first, the mail carries a Message-ID
 * derived from the key, and the row is marked sent in the same transaction as its audit entry. A group
 * robot's message is a notice like a mail (its own key, claim and audit); a robot that is down fails the
 * attempt as an SMTP outage does.
 *
 * The one window no system closes: a crash after the SMTP server accepted the message and before
 * the row is marked sent. The retried activity then sends it again, with the same Message-ID, so the
 * receiving side can recognise the repeat.
 */
@Injectable()
export class NoticeDeliveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly robots: RobotSender,
  ) {}

  async deliver(request: NoticeRequest): Promise<NoticeOutcome> {
    const repo = this.dataSource.getRepository(NoticeEntity);
    const messageId = noticeMessageId(request.key);
    const channel: NoticeChannel = 'robot' in request ? request.robot.kind : 'email';
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        key: request.key,
        kind: request.kind,
        channel,
        // A robot's webhook carries its token: the row keeps it masked.
        recipientEmail: 'robot' in request ? maskWebhook(request.robot.webhook) : request.to,
        recipientUserId: request.recipientUserId,
        subject: 'robot' in request ? request.message.title : request.mail.subject,
        messageId,
        status: 'pending',
        attempts: 0,
      })
      .orIgnore()
      .execute();
    // Claim it atomically: only one attempt at a time may send, even when a timed-out attempt still runs.
    const claimed = await repo
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claimedUntil: () => `now() + interval '${CLAIM_LEASE_SECONDS} seconds'` })
      .where("key = :key AND (status = 'pending' OR (status = 'sending' AND claimed_until < now()))", {
        key: request.key,
      })
      .returning('id')
      .execute();
    const notice = await repo.findOneByOrFail({ key: request.key });
    if (notice.status === 'sent') return { noticeId: notice.id, messageId: notice.messageId, sentNow: false };
    if (claimed.raw.length === 0) throw new Error(`notice ${request.key} is being sent by another attempt`);

    try {
      if ('robot' in request) await this.robots.send(request.robot, request.message);
      else await this.mailer.send({ to: notice.recipientEmail, messageId: notice.messageId, ...request.mail });
    } catch (error) {
      const message = (error as Error).message;
      await this.dataSource.transaction(async (manager) => {
        await manager.increment(NoticeEntity, { id: notice.id }, 'attempts', 1);
        await manager.update(
          NoticeEntity,
          { id: notice.id },
          { status: 'pending', claimedUntil: null, lastError: message },
        );
        await appendAudit(manager, {
          actor: SYSTEM_ACTOR,
          action: 'notice.delivery_failed',
          subjectType: request.subjectType,
          subjectId: request.subjectId,
          after: {
            key: request.key,
            noticeId: notice.id,
            kind: notice.kind,
            ...(channel === 'email' ? {} : { channel }),
            to: notice.recipientEmail,
            messageId: notice.messageId,
            error: message,
          },
        });
      });
      throw error; // retried by Temporal with backoff (SMTP and robots alike): never dropped
    }

    await this.dataSource.transaction(async (manager) => {
      await manager.increment(NoticeEntity, { id: notice.id }, 'attempts', 1);
      await manager.update(
        NoticeEntity,
        { id: notice.id },
        { status: 'sent', sentAt: new Date(), claimedUntil: null, lastError: null },
      );
      await appendAudit(manager, {
        actor: SYSTEM_ACTOR,
        action: 'notice.sent',
        subjectType: request.subjectType,
        subjectId: request.subjectId,
        after: {
          key: request.key,
          noticeId: notice.id,
          kind: notice.kind,
          ...(channel === 'email' ? {} : { channel }),
          to: notice.recipientEmail,
          subject: notice.subject,
          messageId: notice.messageId,
        },
      });
    });
    return { noticeId: notice.id, messageId: notice.messageId, sentNow: true };
  }
}
