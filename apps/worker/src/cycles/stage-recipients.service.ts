import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StageNoticeInput } from '@rol/contracts';
import {
  Audience,
  audience,
  cycleOwner,
  EscalationLevel,
  pendingDivisions,
  whoIsTold,
  whoIsToldOfItem,
  withDefaults,
} from '@rol/domain';
import { findAudience, findCycleOwnerRow, UserEntity } from '@rol/persistence';

/**
 * Who is told about a stage's deadline: the people who may act on what is due, and the escalation
 * ladder above them (`whoIsTold`, the same rule the API checks people's steps with).
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
    // A rectification item is the leader's, whoever acts on the stage itself.
    const whos = input.rectificationItemId
      ? whoIsToldOfItem({ kind: 'rectification', itemId: input.rectificationItemId }, level)
      : whoIsTold(input.stage, level, pending);
    if (!input.evaluators) return findAudience(manager, audience(whos, owner));
    // A 述法 evaluation: the panel members it is about, not every evaluator of the jurisdiction.
    const above = whos.filter((who) => !(who.kind === 'roles' && who.roles.includes('evaluator')));
    const people: Audience[] = input.evaluators.map((userId) => ({ kind: 'person', userId }));
    return findAudience(manager, [...people, ...audience(above, owner)]);
  }
}
