import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StageNoticeInput } from '@rol/contracts';
import {
  cycleOwner,
  EscalationLevel,
  NoticeRecipientRole,
  pendingDivisions,
  toldOfDeadline,
  withDefaults,
} from '@rol/domain';
import { findAudience, findCycleOwnerRow, UserEntity } from '@rol/persistence';

/** A person a deadline notice goes to, and whether he acts on it or is asked to see to it. */
export interface StageAddressee {
  user: UserEntity;
  role: Extract<NoticeRecipientRole, 'actor' | 'overseer'>;
}

/**
 * Who is told about a stage's deadline: the people who may act on what is due, and the escalation
 * ladder above them (`toldOfDeadline`, the same rule the API checks people's steps with and the
 * calendar feeds list deadlines by).
 */
@Injectable()
export class StageRecipientsService {
  constructor(private readonly dataSource: DataSource) {}

  /** `level` 'responsible' for a reminder and the first escalation round. */
  async recipients(input: StageNoticeInput, level: EscalationLevel): Promise<UserEntity[]> {
    return (await this.addressees(input, level)).map((a) => a.user);
  }

  /**
   * The same people, each an `actor` when he is among those who act on it (the 'responsible' rung),
   * else an `overseer` the ladder adds above them.
   */
  async addressees(input: StageNoticeInput, level: EscalationLevel): Promise<StageAddressee[]> {
    const manager = this.dataSource.manager;
    const row = await findCycleOwnerRow(manager, input.cycleId, input.organizationId);
    if (!row) return [];
    const owner = cycleOwner(
      { kind: input.kind, jurisdictionId: input.jurisdictionId, leaderId: row.cycleLeaderId },
      { path: row.departmentPath, principalLeaderId: row.principalLeaderId },
    );
    // The workflow names the divisions still to hand in; a round scheduled by older code did not.
    const pending = input.pendingDivisions ?? (row.state ? pendingDivisions(withDefaults(row.state)) : []);
    const subject = { ...input, pendingDivisions: pending };
    const users = await findAudience(manager, toldOfDeadline(subject, level, owner));
    if (level === 'responsible') return users.map((user) => ({ user, role: 'actor' }));
    const actors = new Set(
      (await findAudience(manager, toldOfDeadline(subject, 'responsible', owner))).map((user) => user.id),
    );
    return users.map((user) => ({ user, role: actors.has(user.id) ? 'actor' : 'overseer' }));
  }
}
