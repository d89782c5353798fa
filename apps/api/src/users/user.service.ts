import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@rol/config';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WELCOME_USER_WORKFLOW, welcomeWorkflowId, WelcomeUserInput } from '@rol/contracts';
import {
  canAdminister,
  canSee,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  Role,
  ValidationFailedError,
} from '@rol/domain';
import { appendAudit, AuditActor, OrganizationEntity, UserEntity } from '@rol/persistence';
import { hashPassword } from '../auth/password';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { APP_CONFIG } from '../common/tokens';
import { CreateUserDto } from './create-user.dto';
import { ListUsersQuery } from './list-users.query';
import { UpdateUserDto } from './update-user.dto';

export interface UserView {
  id: string;
  name: string;
  email: string;
  organizationId: string | null;
  roles: Role[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  view(u: UserEntity): UserView {
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      organizationId: u.organizationId,
      roles: u.roles,
      active: u.active,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    };
  }

  async findVisible(actor: AuthenticatedActor, id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new NotFoundError('用户', id);
    if (user.id === actor.userId) return user;
    const path = await this.organizationPath(user.organizationId, 'organizationId');
    // A system-wide account (no organisation) is visible to system-wide accounts only.
    if (path === null ? actor.organizationPath !== null : !canSee(actor, path)) {
      throw new ForbiddenError('无权访问其他单位的用户');
    }
    return user;
  }

  async list(actor: AuthenticatedActor, query: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .leftJoin(OrganizationEntity, 'o', 'o.id = u.organizationId');
    if (actor.organizationPath !== null) qb.andWhere('o.path LIKE :scope', { scope: `${actor.organizationPath}%` });
    if (query.organizationId)
      qb.andWhere('u.organizationId = :organizationId', { organizationId: query.organizationId });
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    const [rows, total] = await qb
      .orderBy('u.createdAt', 'ASC')
      .addOrderBy('u.id')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { items: rows.map((u) => this.view(u)), total };
  }

  /**
   * Creates the account and starts its welcome-mail workflow in one step: if Temporal cannot take the
   * workflow, the transaction rolls back and the caller gets UNAVAILABLE, so nothing is half done.
   */
  async create(actor: AuthenticatedActor, dto: CreateUserDto): Promise<UserView> {
    const organizationId = dto.organizationId ?? null;
    const path = await this.organizationPath(organizationId, 'organizationId');
    if (!canAdminister(actor, path)) {
      throw new ForbiddenError(organizationId ? '只能为本级或下级单位创建用户' : '只有系统管理员可以创建全系统账号');
    }
    const passwordHash = await hashPassword(dto.password);
    const email = dto.email.toLowerCase();
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(UserEntity, { email })) {
        throw new ConflictError(`邮箱 ${email} 已被使用`, { field: 'email' });
      }
      const id = randomUUID();
      await manager.insert(UserEntity, {
        id,
        name: dto.name,
        email,
        passwordHash,
        organizationId,
        roles: dto.roles,
        active: true,
      });
      const user = await manager.findOneByOrFail(UserEntity, { id });
      const view = this.view(user);
      await this.temporal.workflow.start(WELCOME_USER_WORKFLOW, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: welcomeWorkflowId(id),
        args: [{ userId: id } satisfies WelcomeUserInput],
      });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'user.created',
        subjectType: 'user',
        subjectId: id,
        after: view,
      });
      return view;
    });
  }

  async update(actor: AuthenticatedActor, id: string, dto: UpdateUserDto): Promise<UserView> {
    const target = await this.findVisible(actor, id);
    const adminFields = dto.organizationId !== undefined || dto.roles !== undefined || dto.active !== undefined;
    const targetPath = await this.organizationPath(target.organizationId, 'organizationId');
    const administers = canAdminister(actor, targetPath);
    if (!administers && (target.id !== actor.userId || adminFields)) {
      throw new ForbiddenError(
        target.id === actor.userId ? '只能修改本人的姓名和密码' : '仅本级或上级管理员可修改用户',
      );
    }
    if (dto.organizationId !== undefined) {
      const newPath = await this.organizationPath(dto.organizationId, 'organizationId');
      if (!canAdminister(actor, newPath)) throw new ForbiddenError('只能将用户调整到本级或下级单位');
    }
    if (
      target.id === actor.userId &&
      (dto.active === false || (dto.roles && !dto.roles.includes('admin') && target.roles.includes('admin')))
    ) {
      throw ValidationFailedError.field(
        dto.active === false ? 'active' : 'roles',
        '不能停用自己或撤销自己的管理员角色',
      );
    }
    const changes: Partial<UserEntity> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.password !== undefined) changes.passwordHash = await hashPassword(dto.password);
    if (dto.organizationId !== undefined) changes.organizationId = dto.organizationId;
    if (dto.roles !== undefined) changes.roles = dto.roles;
    if (dto.active !== undefined) changes.active = dto.active;
    if (Object.keys(changes).length === 0) return this.view(target);
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneOrFail(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      await manager.update(UserEntity, { id }, changes);
      const after = await manager.findOneByOrFail(UserEntity, { id });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: dto.password !== undefined ? 'user.updated_with_password' : 'user.updated',
        subjectType: 'user',
        subjectId: id,
        before: this.view(before),
        after: this.view(after),
      });
      return this.view(after);
    });
  }

  /** Creates the first system-wide administrator from ADMIN_EMAIL/ADMIN_PASSWORD when he does not exist yet. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<boolean> {
    const actor: AuditActor = { id: null, label: 'bootstrap (ADMIN_EMAIL)' };
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(7311202613)');
      if (await manager.existsBy(UserEntity, { email })) return false;
      const id = randomUUID();
      await manager.insert(UserEntity, {
        id,
        name: '系统管理员',
        email,
        passwordHash: await hashPassword(password),
        organizationId: null,
        roles: ['admin'],
        active: true,
      });
      const user = await manager.findOneByOrFail(UserEntity, { id });
      await appendAudit(manager, {
        actor,
        action: 'user.bootstrapped',
        subjectType: 'user',
        subjectId: id,
        after: this.view(user),
      });
      return true;
    });
  }

  private async organizationPath(organizationId: string | null, field: string): Promise<string | null> {
    if (organizationId === null) return null;
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organizationId });
    if (!organization) throw ValidationFailedError.field(field, '引用的单位不存在');
    return organization.path;
  }
}
