import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FieldProblem, maskWebhook, ValidationFailedError, webhookProblem } from '@rol/domain';
import { appendAudit, NoticeChannelEntity, OrganizationEntity } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { NoticeChannelsDto } from './notice-channels.dto';
import { OrganizationService } from './organization.service';

/** What is shown of an organisation's channels: the robots' tokens masked, their secrets never. */
export interface NoticeChannelsView {
  organizationId: string;
  email: string | null;
  dingtalk: { webhook: string; secretSet: true } | null;
  wecom: { webhook: string } | null;
  updatedAt: Date | null;
}

export function noticeChannelsView(organizationId: string, row: NoticeChannelEntity | null): NoticeChannelsView {
  return {
    organizationId,
    email: row?.email ?? null,
    dingtalk: row?.dingtalkWebhook ? { webhook: maskWebhook(row.dingtalkWebhook), secretSet: true } : null,
    wecom: row?.wecomWebhook ? { webhook: maskWebhook(row.wecomWebhook) } : null,
    updatedAt: row?.updatedAt ?? null,
  };
}

/**
 * Where a department's reminders and escalations go besides each person's mail. Set by an admin of the
 * department or above it; the worker reads it when it sends a round.
 */
@Injectable()
export class NoticeChannelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationService,
  ) {}

  async get(actor: AuthenticatedActor, organizationId: string): Promise<NoticeChannelsView> {
    await this.organizations.findAdministered(actor, organizationId);
    const row = await this.dataSource.getRepository(NoticeChannelEntity).findOneBy({ organizationId });
    return noticeChannelsView(organizationId, row);
  }

  /**
   * Replaces the whole set (`put`: a channel absent or null is no longer set), or changes some of it
   * (`patch`: a channel absent stays as it is, null is no longer set; the console keeps a robot this
   * way, its address and secret never being shown back).
   */
  async put(
    actor: AuthenticatedActor,
    organizationId: string,
    dto: NoticeChannelsDto,
    how: 'replace' | 'merge' = 'replace',
  ): Promise<NoticeChannelsView> {
    const organization = await this.organizations.findAdministered(actor, organizationId);
    const problems: FieldProblem[] = [];
    if (organization.kind !== 'department') {
      // Reminders and escalations are sent for a cycle to its own department's channels only.
      problems.push({ field: 'id', problems: ['只有部门可以设置通知渠道（提醒与督办发往周期所属部门的渠道）'] });
    }
    for (const [field, webhook] of [
      ['dingtalk.webhook', dto.dingtalk?.webhook],
      ['wecom.webhook', dto.wecom?.webhook],
    ] as const) {
      const problem = webhook === undefined ? null : webhookProblem(webhook);
      if (problem) problems.push({ field, problems: [problem] });
    }
    if (problems.length > 0) {
      throw new ValidationFailedError(problems, problems.map((p) => `${p.field}: ${p.problems.join('；')}`).join('；'));
    }
    return this.dataSource.transaction(async (manager) => {
      // One change at a time per organisation, so each audit row's `before` is what it replaced.
      await manager.findOne(OrganizationEntity, { where: { id: organizationId }, lock: { mode: 'pessimistic_write' } });
      const before = await manager.findOneBy(NoticeChannelEntity, { organizationId });
      const kept = (channel: unknown) => how === 'merge' && channel === undefined;
      const values = {
        email: kept(dto.email) ? (before?.email ?? null) : (dto.email ?? null),
        dingtalkWebhook: kept(dto.dingtalk) ? (before?.dingtalkWebhook ?? null) : (dto.dingtalk?.webhook ?? null),
        dingtalkSecret: kept(dto.dingtalk) ? (before?.dingtalkSecret ?? null) : (dto.dingtalk?.secret ?? null),
        wecomWebhook: kept(dto.wecom) ? (before?.wecomWebhook ?? null) : (dto.wecom?.webhook ?? null),
      };
      if (before) await manager.update(NoticeChannelEntity, { organizationId }, { ...values, updatedAt: new Date() });
      else await manager.insert(NoticeChannelEntity, { organizationId, ...values });
      const after = await manager.findOneByOrFail(NoticeChannelEntity, { organizationId });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'organization.channels_updated',
        subjectType: 'organization',
        subjectId: organizationId,
        before: before ? noticeChannelsView(organizationId, before) : null,
        after: {
          ...noticeChannelsView(organizationId, after),
          // The secret itself is never recorded, only that it changed.
          ...(values.dingtalkSecret !== null && values.dingtalkSecret !== before?.dingtalkSecret
            ? { dingtalkSecretChanged: true }
            : {}),
        },
      });
      return noticeChannelsView(organizationId, after);
    });
  }
}
