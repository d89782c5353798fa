import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  assertParentKind,
  canAdminister,
  canSee,
  childPath,
  ConflictError,
  creditCodeProblem,
  ForbiddenError,
  mayReferenceUpperDepartment,
  NotFoundError,
  unknownReference,
  ValidationFailedError,
} from '@rol/domain';
import { appendAudit, OrganizationEntity, UserEntity } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { CreateOrganizationDto } from './create-organization.dto';
import { ListOrganizationsQuery } from './list-organizations.query';
import { UpdateOrganizationDto } from './update-organization.dto';

export interface OrganizationView {
  id: string;
  code: string;
  name: string;
  kind: OrganizationEntity['kind'];
  parentId: string | null;
  upperDepartmentId: string | null;
  creditCode: string | null;
  principalLeaderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function organizationView(o: OrganizationEntity): OrganizationView {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind,
    parentId: o.parentId,
    upperDepartmentId: o.upperDepartmentId,
    creditCode: o.creditCode,
    principalLeaderId: o.principalLeaderId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

@Injectable()
export class OrganizationService {
  constructor(private readonly dataSource: DataSource) {}

  /** The organisation, if it exists (404) and the actor may see it (403). */
  async findVisible(actor: AuthenticatedActor, id: string): Promise<OrganizationEntity> {
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
    if (!organization || !canSee(actor, organization.path)) throw new NotFoundError('单位', id);
    return organization;
  }

  /** The organisation, if it exists and the actor administers it. */
  async findAdministered(actor: AuthenticatedActor, id: string): Promise<OrganizationEntity> {
    const organization = await this.findVisible(actor, id);
    if (!canAdminister(actor, organization.path)) throw new ForbiddenError('仅本级或上级管理员可执行此操作');
    return organization;
  }

  async list(actor: AuthenticatedActor, query: ListOrganizationsQuery): Promise<Page<OrganizationView>> {
    const qb = this.dataSource.getRepository(OrganizationEntity).createQueryBuilder('o');
    if (actor.organizationPath !== null) qb.andWhere('o.path LIKE :scope', { scope: `${actor.organizationPath}%` });
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.parentId) qb.andWhere('o.parentId = :parentId', { parentId: query.parentId });
    const [rows, total] = await qb.orderBy('o.path', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    return { items: rows.map(organizationView), total };
  }

  async create(actor: AuthenticatedActor, dto: CreateOrganizationDto): Promise<OrganizationView> {
    const parent = dto.parentId ? await this.reference(actor, dto.parentId, 'parentId') : null;
    if (!canAdminister(actor, parent?.path ?? null)) {
      throw new ForbiddenError(parent ? '只能在本级或下级单位下创建单位' : '只有系统管理员可以创建顶级辖区');
    }
    assertParentKind(dto.kind, parent?.kind ?? null);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(OrganizationEntity, { code: dto.code })) {
        throw new ConflictError(`单位代码 ${dto.code} 已存在`, { field: 'code' });
      }
      const id = randomUUID();
      const path = childPath(parent?.path ?? null, id);
      const fields = await this.checkedReferences(manager, actor, dto, { id });
      const organization = manager.create(OrganizationEntity, {
        id,
        code: dto.code,
        name: dto.name,
        kind: dto.kind,
        parentId: parent?.id ?? null,
        path,
        upperDepartmentId: fields.upperDepartmentId ?? null,
        creditCode: fields.creditCode ?? null,
        principalLeaderId: fields.principalLeaderId ?? null,
      });
      await manager.insert(OrganizationEntity, organization);
      const saved = await manager.findOneByOrFail(OrganizationEntity, { id });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'organization.created',
        subjectType: 'organization',
        subjectId: id,
        after: organizationView(saved),
      });
      return organizationView(saved);
    });
  }

  async update(actor: AuthenticatedActor, id: string, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    await this.findAdministered(actor, id);
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneOrFail(OrganizationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      const fields = await this.checkedReferences(manager, actor, dto, before);
      const changes: Partial<OrganizationEntity> = { ...fields };
      if (dto.name !== undefined) changes.name = dto.name;
      if (Object.keys(changes).length === 0) return organizationView(before);
      await manager.update(OrganizationEntity, { id }, changes);
      const after = await manager.findOneByOrFail(OrganizationEntity, { id });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'organization.updated',
        subjectType: 'organization',
        subjectId: id,
        before: organizationView(before),
        after: organizationView(after),
      });
      return organizationView(after);
    });
  }

  private async reference(actor: AuthenticatedActor, id: string, field: string): Promise<OrganizationEntity> {
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
    if (!organization || !canSee(actor, organization.path)) throw unknownReference(field, '单位');
    return organization;
  }

  /** Validates the optional references of a create or update; returns the columns to write. */
  private async checkedReferences(
    manager: EntityManager,
    actor: AuthenticatedActor,
    dto: Pick<UpdateOrganizationDto, 'upperDepartmentId' | 'creditCode' | 'principalLeaderId'>,
    /** The organisation the references are for (being created, or updated). */
    current: Pick<OrganizationEntity, 'id'>,
  ): Promise<Partial<Pick<OrganizationEntity, 'upperDepartmentId' | 'creditCode' | 'principalLeaderId'>>> {
    const out: Partial<Pick<OrganizationEntity, 'upperDepartmentId' | 'creditCode' | 'principalLeaderId'>> = {};
    if (dto.upperDepartmentId !== undefined) {
      if (dto.upperDepartmentId !== null) {
        const upper = await manager.findOneBy(OrganizationEntity, { id: dto.upperDepartmentId });
        // One answer for one that does not exist and one of a jurisdiction beside the caller's.
        if (!upper || !mayReferenceUpperDepartment(actor, upper.path)) {
          throw unknownReference('upperDepartmentId', '单位');
        }
        if (upper.kind !== 'department')
          throw ValidationFailedError.field('upperDepartmentId', '上级主管部门必须是部门');
        if (upper.id === current.id)
          throw ValidationFailedError.field('upperDepartmentId', '不能以本单位为上级主管部门');
      }
      out.upperDepartmentId = dto.upperDepartmentId;
    }
    if (dto.creditCode !== undefined) {
      if (dto.creditCode !== null) {
        const problem = creditCodeProblem(dto.creditCode);
        if (problem) throw ValidationFailedError.field('creditCode', problem);
        const owner = await manager.findOneBy(OrganizationEntity, { creditCode: dto.creditCode });
        if (owner && owner.id !== current.id) {
          throw new ConflictError(`统一社会信用代码 ${dto.creditCode} 已被其他单位使用`, { field: 'creditCode' });
        }
      }
      out.creditCode = dto.creditCode;
    }
    if (dto.principalLeaderId !== undefined) {
      if (dto.principalLeaderId !== null) {
        const leader = await manager.findOneBy(UserEntity, { id: dto.principalLeaderId });
        const leaderOrg = leader?.organizationId
          ? await manager.findOneBy(OrganizationEntity, { id: leader.organizationId })
          : null;
        // One answer for a user that does not exist, is inactive or is outside the caller's reach.
        if (!leader || !leader.active || !canAdminister(actor, leaderOrg?.path ?? null)) {
          throw unknownReference('principalLeaderId', '用户');
        }
        if (!leader.roles.includes('leader'))
          throw ValidationFailedError.field('principalLeaderId', '主要负责人须具有 leader 角色');
      }
      out.principalLeaderId = dto.principalLeaderId;
    }
    return out;
  }
}
