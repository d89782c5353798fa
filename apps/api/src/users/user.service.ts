import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@rol/config';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { WELCOME_USER_WORKFLOW, welcomeWorkflowId, WelcomeUserInput } from '@rol/contracts';
import {
  canAdminister,
  canSee,
  ConflictError,
  DomainError,
  ForbiddenError,
  LoginFailures,
  lockoutView,
  NotFoundError,
  unknownReference,
  passwordProblems,
  Role,
  ValidationFailedError,
} from '@rol/domain';
import { appendAudit, AuditActor, LoginLockoutEntity, OrganizationEntity, UserEntity } from '@rol/persistence';
import { LoginLockoutService } from '../auth/login-lockout.service';
import { hashPassword } from '../auth/password';
import { CallerSession, ClientInfo } from '../auth/session';
import { SessionService } from '../auth/session.service';
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
  /** An administrator reset the password: the user must change it before doing anything else. */
  mustChangePassword: boolean;
  /** Too many failed sign-ins: refused until `lockedUntil` or an administrator's unlock. */
  locked: boolean;
  lockedUntil: Date | null;
  /** Failed sign-ins in the current 15-minute window (5 lock). */
  failedLogins: number;
  createdAt: Date;
  updatedAt: Date;
}

function failuresOf(lockout: LoginLockoutEntity | null | undefined): LoginFailures | null {
  if (!lockout) return null;
  return {
    failedCount: lockout.failedCount,
    windowStartedAt: lockout.windowStartedAt.getTime(),
    lockedUntil: lockout.lockedUntil ? lockout.lockedUntil.getTime() : null,
  };
}

/** The password rule (libs/domain/src/sign-in/password-policy.ts), as a 400 naming the field. */
function assertAcceptablePassword(password: string, email: string): void {
  const problems = passwordProblems(password, email);
  if (problems.length > 0) {
    throw new ValidationFailedError(
      [{ field: 'password', problems }],
      `password: 密码不符合要求：${problems.join('；')}`,
    );
  }
}

@Injectable()
export class UserService {
  private readonly logger = new Logger('UserService');

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lockout: LoginLockoutService,
    private readonly sessions: SessionService,
  ) {}

  /** The lock fields are read from `u.lockout` (see `load`); without it the account shows as unlocked. */
  view(u: UserEntity): UserView {
    const lock = lockoutView(failuresOf(u.lockout), Date.now());
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      organizationId: u.organizationId,
      roles: u.roles,
      active: u.active,
      mustChangePassword: u.mustChangePassword,
      locked: lock.locked,
      lockedUntil: lock.lockedUntil,
      failedLogins: lock.failedLogins,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    };
  }

  /** The user with his sign-in failures joined (by e-mail), or null. */
  async find(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .leftJoinAndMapOne('u.lockout', LoginLockoutEntity, 'l', 'l.email = u.email')
      .where('u.id = :id', { id })
      .getOne();
  }

  async load(manager: EntityManager, id: string): Promise<UserEntity> {
    const user = await this.find(manager, id);
    if (!user) throw new NotFoundError('用户', id);
    return user;
  }

  /** The user and the organisation he belongs to (null: a system-wide account). */
  async withOrganization(id: string): Promise<{ user: UserEntity; organization: OrganizationEntity | null }> {
    const user = await this.load(this.dataSource.manager, id);
    const organization = user.organizationId
      ? await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: user.organizationId })
      : null;
    return { user, organization };
  }

  async findVisible(actor: AuthenticatedActor, id: string): Promise<UserEntity> {
    const { user, organization } = await this.withOrganization(id);
    if (user.id === actor.userId) return user;
    // A system-wide account (no organisation) is visible to system-wide accounts only. One answer for
    // a user outside the caller's reach and one that does not exist.
    const visible = organization ? canSee(actor, organization.path) : actor.organizationPath === null;
    if (!visible) throw new NotFoundError('用户', id);
    return user;
  }

  async list(actor: AuthenticatedActor, query: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .leftJoin(OrganizationEntity, 'o', 'o.id = u.organizationId')
      .leftJoinAndMapOne('u.lockout', LoginLockoutEntity, 'l', 'l.email = u.email');
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
    const path = await this.organizationPath(actor, organizationId, 'organizationId');
    if (!canAdminister(actor, path)) {
      throw new ForbiddenError(organizationId ? '只能为本级或下级单位创建用户' : '只有系统管理员可以创建全系统账号');
    }
    const email = dto.email.toLowerCase();
    assertAcceptablePassword(dto.password, email);
    const passwordHash = await hashPassword(dto.password);
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
      const user = await this.load(manager, id);
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

  /**
   * A user changes his own name and password (the current one needed; every session of his ends and
   * the answer carries a fresh token); an administrator of the user's organisation changes the rest
   * and may reset the password, which ends the user's sessions and makes him change it first.
   */
  async update(
    actor: AuthenticatedActor,
    id: string,
    dto: UpdateUserDto,
    session: CallerSession,
    client: ClientInfo,
  ): Promise<UserView & { accessToken?: string }> {
    const target = await this.findVisible(actor, id);
    const own = target.id === actor.userId;
    const adminFields = dto.organizationId !== undefined || dto.roles !== undefined || dto.active !== undefined;
    if (session.mustChangePassword && (!own || dto.password === undefined || adminFields || dto.name !== undefined)) {
      throw new DomainError(
        'PASSWORD_CHANGE_REQUIRED',
        '管理员已重置您的密码，请先修改密码（请求中只填 password 与 currentPassword）',
      );
    }
    const targetPath = await this.organizationPath(actor, target.organizationId, 'organizationId');
    const administers = canAdminister(actor, targetPath);
    if (!administers && (!own || adminFields)) {
      throw new ForbiddenError(own ? '只能修改本人的姓名和密码' : '仅本级或上级管理员可修改用户');
    }
    if (dto.organizationId !== undefined) {
      const newPath = await this.organizationPath(actor, dto.organizationId, 'organizationId');
      if (!canAdminister(actor, newPath)) throw new ForbiddenError('只能将用户调整到本级或下级单位');
    }
    if (
      own &&
      (dto.active === false || (dto.roles && !dto.roles.includes('admin') && target.roles.includes('admin')))
    ) {
      throw ValidationFailedError.field(
        dto.active === false ? 'active' : 'roles',
        '不能停用自己或撤销自己的管理员角色',
      );
    }
    const changes: Partial<UserEntity> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.password !== undefined) {
      if (own) {
        if (dto.currentPassword === undefined) {
          throw ValidationFailedError.field('currentPassword', '修改本人密码须提供当前密码');
        }
        const check = await this.lockout.confirmPassword(target, dto.currentPassword, client);
        if (!check.matches) throw ValidationFailedError.field('currentPassword', '当前密码不正确');
        if (dto.password === dto.currentPassword) {
          throw ValidationFailedError.field('password', '新密码不能与当前密码相同');
        }
      }
      assertAcceptablePassword(dto.password, target.email);
      changes.passwordHash = await hashPassword(dto.password);
      changes.passwordChangedAt = new Date();
      // Someone else set it (an administrator's reset): only its owner should know a password.
      changes.mustChangePassword = !own;
    }
    if (dto.organizationId !== undefined) changes.organizationId = dto.organizationId;
    if (dto.roles !== undefined) changes.roles = dto.roles;
    if (dto.active !== undefined) changes.active = dto.active;
    if (Object.keys(changes).length === 0) return this.view(target);
    const action = dto.password === undefined ? 'user.updated' : own ? 'user.password_changed' : 'user.password_reset';
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE`, [id]);
      const before = await this.load(manager, id);
      await manager.update(UserEntity, { id }, changes);
      let accessToken: string | undefined;
      let sessionsEnded = 0;
      if (dto.password !== undefined) {
        sessionsEnded = await this.sessions.revokeAll(manager, id, own ? 'password_changed' : 'password_reset');
        if (own) accessToken = await this.sessions.open(manager, id, client);
      }
      const after = await this.load(manager, id);
      await appendAudit(manager, {
        actor: auditActor(actor),
        action,
        subjectType: 'user',
        subjectId: id,
        before: this.view(before),
        after: dto.password === undefined ? this.view(after) : { ...this.view(after), sessionsEnded },
      });
      return accessToken ? { ...this.view(after), accessToken } : this.view(after);
    });
  }

  /** Lifts a sign-in lock (and clears the failures counted) before it runs out; audited when there was one. */
  async unlock(actor: AuthenticatedActor, id: string): Promise<UserView> {
    const target = await this.findVisible(actor, id);
    if (!canAdminister(actor, await this.organizationPath(actor, target.organizationId, 'organizationId'))) {
      throw new ForbiddenError('仅本级或上级管理员可解锁用户');
    }
    return this.dataSource.transaction(async (manager) => {
      const now = Date.now();
      const before = lockoutView(await this.lockout.clear(manager, target.email), now);
      if (before.locked || before.failedLogins > 0) {
        await appendAudit(manager, {
          actor: auditActor(actor),
          action: 'user.unlocked',
          subjectType: 'user',
          subjectId: id,
          before,
          after: lockoutView(null, now),
        });
      }
      return this.view(await this.load(manager, id));
    });
  }

  /**
   * Creates the first system-wide administrator from ADMIN_EMAIL/ADMIN_PASSWORD when he does not exist
   * yet. A password that breaks the password rule is still taken (a fresh install must start), but the
   * administrator must change it at his first sign-in, as after a reset.
   */
  async ensureBootstrapAdmin(email: string, password: string): Promise<boolean> {
    const actor: AuditActor = { id: null, label: 'bootstrap (ADMIN_EMAIL)' };
    const problems = passwordProblems(password, email);
    const passwordHash = await hashPassword(password);
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(7311202613)');
      if (await manager.existsBy(UserEntity, { email })) return false;
      const id = randomUUID();
      await manager.insert(UserEntity, {
        id,
        name: '系统管理员',
        email,
        passwordHash,
        organizationId: null,
        roles: ['admin'],
        active: true,
        mustChangePassword: problems.length > 0,
      });
      const user = await this.load(manager, id);
      await appendAudit(manager, {
        actor,
        action: 'user.bootstrapped',
        subjectType: 'user',
        subjectId: id,
        after: this.view(user),
      });
      return true;
    });
    if (created && problems.length > 0) {
      this.logger.warn(
        `ADMIN_PASSWORD 不符合密码规则（${problems.join('；')}）：${email} 首次登录后须先修改密码 / ADMIN_PASSWORD breaks the password rule: the administrator must change it at first sign-in`,
      );
    }
    return created;
  }

  /** The path of a referenced organisation; one answer for one that does not exist and one the caller cannot see. */
  private async organizationPath(
    actor: AuthenticatedActor,
    organizationId: string | null,
    field: string,
  ): Promise<string | null> {
    if (organizationId === null) return null;
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organizationId });
    if (!organization || !canSee(actor, organization.path)) throw unknownReference(field, '单位');
    return organization.path;
  }
}
