import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StageNoticeInput } from '@rol/contracts';
import { cycleOwner, EscalationLevel, pendingDivisions, toldOfDeadline, withDefaults } from '@rol/domain';
import { findAudience, findCycleOwnerRow, UserEntity } from '@rol/persistence';

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
    const manager = this.dataSource.manager;
    const row = await findCycleOwnerRow(manager, input.cycleId, input.organizationId);
    if (!row) return [];
    const owner = cycleOwner(
      { kind: input.kind, jurisdictionId: input.jurisdictionId, leaderId: row.cycleLeaderId },
      { path: row.departmentPath, principalLeaderId: row.principalLeaderId },
    );
    // The workflow names the divisions still to hand in; a round scheduled by older code did not.
    const pending = input.pendingDivisions ?? (row.state ? pendingDivisions(withDefaults(row.state)) : []);
    return findAudience(manager, toldOfDeadline({ ...input, pendingDivisions: pending }, level, owner));
  }
}
