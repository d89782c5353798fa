import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CalendarStage, EscalationLevel, Role, STAGE_RESPONSIBLE } from '@rol/domain';
import { OrganizationEntity, UserEntity } from '@rol/persistence';

/** Who is told about a stage's deadline: the people who must act, and the escalation ladder above them. */
@Injectable()
export class StageRecipientsService {
  constructor(private readonly dataSource: DataSource) {}

  private async withRoles(roles: Role[], where: string, params: Record<string, unknown>): Promise<UserEntity[]> {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoin(OrganizationEntity, 'o', 'o.id = u.organization_id')
      .where('u.active AND u.roles && :roles', { roles })
      .andWhere(where, params)
      .orderBy('u.email')
      .getMany();
  }

  private async principalLeader(organizationId: string): Promise<UserEntity[]> {
    const department = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organizationId });
    if (!department?.principalLeaderId) return [];
    const leader = await this.dataSource
      .getRepository(UserEntity)
      .findOneBy({ id: department.principalLeaderId, active: true });
    return leader ? [leader] : [];
  }

  /** `pendingDivisions`: in the contributions stage, only divisions still to hand in are told. */
  async responsible(
    stage: CalendarStage,
    organizationId: string,
    jurisdictionId: string,
    pendingDivisions?: string[],
  ): Promise<UserEntity[]> {
    const responsible = STAGE_RESPONSIBLE[stage];
    if (responsible.kind === 'principal-leader') return this.principalLeader(organizationId);
    switch (responsible.in) {
      case 'department':
        return this.withRoles(responsible.roles, 'o.id = :id', { id: organizationId });
      case 'divisions':
        if (pendingDivisions) {
          return pendingDivisions.length === 0
            ? []
            : this.withRoles(responsible.roles, 'o.id IN (:...pending)', { pending: pendingDivisions });
        }
        return this.withRoles(responsible.roles, "o.parent_id = :id AND o.kind = 'division'", { id: organizationId });
      case 'jurisdiction':
        return this.withRoles(responsible.roles, 'o.id = :id', { id: jurisdictionId });
    }
  }

  async escalation(
    stage: CalendarStage,
    level: EscalationLevel,
    organizationId: string,
    jurisdictionId: string,
    pendingDivisions?: string[],
  ): Promise<UserEntity[]> {
    const users = await this.responsible(stage, organizationId, jurisdictionId, pendingDivisions);
    if (level !== 'responsible') users.push(...(await this.principalLeader(organizationId)));
    if (level === 'jurisdiction') {
      users.push(...(await this.withRoles(['admin'], 'o.id = :id', { id: jurisdictionId })));
    }
    return [...new Map(users.map((u) => [u.id, u])).values()];
  }
}
