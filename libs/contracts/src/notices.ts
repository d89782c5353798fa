import type { NoticeChannel } from '@rol/domain';

/** Contracts of the mail notices that workflows ask activities to deliver. */

export interface WelcomeUserInput {
  userId: string;
}

export interface NoticeDelivery {
  noticeId: string;
  messageId: string;
  /** true when this call sent it; false when an earlier attempt already had. */
  sentNow: boolean;
}

/** Activities the workflows call; workflows import this type only (never the implementation). */
export interface NoticeActivities {
  deliverWelcomeNotice(input: WelcomeUserInput): Promise<NoticeDelivery>;
}

export const WELCOME_USER_WORKFLOW = 'welcomeUserWorkflow';

/** One welcome per account: a second start with the same id is refused by Temporal. */
export function welcomeWorkflowId(userId: string): string {
  return `welcome-user-${userId}`;
}

/**
 * Who a notice goes to: a user (his id), or one of the organisation's channels (its mailbox, a group
 * robot), which gets one message per round whoever the round's users are.
 */
export type NoticeRecipient = string | { channel: NoticeChannel };

/**
 * Notice keys: what makes a notice unique (a retried round re-sends nothing that went out). Built
 * here only. The key names the item it is about: the cycle, its stage and the visit of that stage
 * (rework after a rejection is a new visit) and, for a division's part, the division; then the round,
 * then the recipient (a user's keys are as they always were; a channel's end in `channel-<name>`).
 */
export const noticeKeys = {
  welcome: (userId: string): string => `welcome:${userId}`,
  /** A reminder `offset` before the due instant; the due instant is in the key since reminders re-plan when it moves. */
  reminder: (item: NoticeItem, offset: string, dueAt: number | null, to: NoticeRecipient): string =>
    `reminder:${itemKey(item)}:${dueAt === null ? offset : `${offset}@${dueAt}`}:${recipientKey(to)}`,
  /** Escalation `round` of overdue period `period`. */
  escalation: (item: NoticeItem, period: number, round: number, to: NoticeRecipient): string =>
    `escalation:${itemKey(item)}:p${period}-round-${round}:${recipientKey(to)}`,
};

function recipientKey(to: NoticeRecipient): string {
  return typeof to === 'string' ? to : `channel-${to.channel}`;
}

/** The deadline item a stage notice is about: the stage's visit, or one division's part in it. */
export interface NoticeItem {
  cycleId: string;
  stage: string;
  visit: number;
  /** A division's part of the material, with a deadline of its own. */
  divisionId?: string;
  /** An item of a 述法 cycle's 问题清单, with a deadline of its own. */
  rectificationItemId?: string;
}

function itemKey(item: NoticeItem): string {
  const key = `${item.cycleId}:${item.stage}:${item.visit}`;
  if (item.divisionId) return `${key}:division-${item.divisionId}`;
  return item.rectificationItemId ? `${key}:rectification-${item.rectificationItemId}` : key;
}
