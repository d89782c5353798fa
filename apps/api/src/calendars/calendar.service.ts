import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  assertValidCalendar,
  CalendarSettings,
  calendarPreview,
  canAdminister,
  ConflictError,
  effectiveDues,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@rol/domain';
import { appendAudit, CalendarEntity, loadWorkingDays, OrganizationEntity } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { CreateCalendarDto } from './create-calendar.dto';
import { ListCalendarsQuery } from './list-calendars.query';
import { UpdateCalendarDto } from './update-calendar.dto';

function settingsOf(c: CalendarEntity): CalendarSettings {
  return {
    year: c.year,
    timezone: c.timezone,
    rollover: c.rollover,
    due: c.due,
    reminders: c.reminders,
    escalation: c.escalation,
  };
}

@Injectable()
export class CalendarService {
  constructor(private readonly dataSource: DataSource) {}

  /** The calendar with its effective (rolled-over) due instants, under today's working-day data. */
  async view(manager: EntityManager, c: CalendarEntity) {
    const dues = effectiveDues(settingsOf(c), await loadWorkingDays(manager));
    return {
      id: c.id,
      jurisdictionId: c.jurisdictionId,
      year: c.year,
      timezone: c.timezone,
      rollover: c.rollover,
      due: c.due,
      effectiveDue: Object.fromEntries(dues.map((d) => [d.stage, d.effective.toISOString()])),
      rolledOver: dues.filter((d) => d.rolledOver).map((d) => d.stage),
      reminders: c.reminders,
      escalation: c.escalation,
      status: c.status,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }

  async find(actor: AuthenticatedActor, id: string): Promise<CalendarEntity> {
    const calendar = await this.dataSource.getRepository(CalendarEntity).findOneBy({ id });
    if (!calendar) throw new NotFoundError('日历', id);
    const jurisdiction = await this.dataSource
      .getRepository(OrganizationEntity)
      .findOneByOrFail({ id: calendar.jurisdictionId });
    // Everyone in the jurisdiction may read its calendar (officers plan by it); only its admins change it.
    const visible =
      actor.organizationPath === null ||
      jurisdiction.path.startsWith(actor.organizationPath) ||
      actor.organizationPath.startsWith(jurisdiction.path);
    if (!visible) throw new ForbiddenError('无权访问其他辖区的日历');
    return calendar;
  }

  async get(actor: AuthenticatedActor, id: string) {
    return this.view(this.dataSource.manager, await this.find(actor, id));
  }

  private async administeredJurisdiction(actor: AuthenticatedActor, id: string): Promise<OrganizationEntity> {
    const jurisdiction = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
    if (!jurisdiction) throw ValidationFailedError.field('jurisdictionId', '引用的单位不存在');
    if (jurisdiction.kind !== 'jurisdiction') throw ValidationFailedError.field('jurisdictionId', '日历只能属于辖区');
    if (!canAdminister(actor, jurisdiction.path)) throw new ForbiddenError('只能为本级或下级辖区设置日历');
    return jurisdiction;
  }

  async create(actor: AuthenticatedActor, dto: CreateCalendarDto) {
    await this.administeredJurisdiction(actor, dto.jurisdictionId);
    const settings = {
      ...dto,
      timezone: dto.timezone ?? 'Asia/Shanghai',
      rollover: dto.rollover ?? 'previous-workday',
    };
    return this.dataSource.transaction(async (manager) => {
      assertValidCalendar(settings, await loadWorkingDays(manager));
      if (await manager.existsBy(CalendarEntity, { jurisdictionId: dto.jurisdictionId, year: dto.year })) {
        throw new ConflictError(`该辖区 ${dto.year} 年度的日历已存在`, { field: 'year' });
      }
      const created = await manager.save(
        manager.create(CalendarEntity, { ...settings, due: settings.due as CalendarSettings['due'], status: 'draft' }),
      );
      const view = await this.view(manager, created);
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'calendar.created',
        subjectType: 'calendar',
        subjectId: created.id,
        after: view,
      });
      return view;
    });
  }

  async list(
    actor: AuthenticatedActor,
    query: ListCalendarsQuery,
  ): Promise<Page<Awaited<ReturnType<CalendarService['view']>>>> {
    const qb = this.dataSource
      .getRepository(CalendarEntity)
      .createQueryBuilder('c')
      .innerJoin(OrganizationEntity, 'o', 'o.id = c.jurisdictionId');
    if (actor.organizationPath !== null) {
      qb.andWhere("(o.path LIKE :scope OR :own LIKE o.path || '%')", {
        scope: `${actor.organizationPath}%`,
        own: actor.organizationPath,
      });
    }
    if (query.year !== undefined) qb.andWhere('c.year = :year', { year: query.year });
    if (query.jurisdictionId)
      qb.andWhere('c.jurisdictionId = :jurisdictionId', { jurisdictionId: query.jurisdictionId });
    const [rows, total] = await qb
      .orderBy('c.year', 'DESC')
      .addOrderBy('c.id')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    const items = [];
    for (const row of rows) items.push(await this.view(this.dataSource.manager, row));
    return { items, total };
  }

  async update(actor: AuthenticatedActor, id: string, dto: UpdateCalendarDto) {
    const current = await this.find(actor, id);
    await this.administeredJurisdiction(actor, current.jurisdictionId);
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(CalendarEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      // Re-timing running cycles comes with the cycle workflows; until then a launched calendar is frozen.
      if (locked.status !== 'draft') throw new ConflictError('日历已启动，暂不支持修改');
      const next = { ...settingsOf(locked), ...dto } as CalendarSettings;
      assertValidCalendar(next, await loadWorkingDays(manager));
      const before = await this.view(manager, locked);
      Object.assign(locked, next);
      const saved = await manager.save(locked);
      const after = await this.view(manager, saved);
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'calendar.updated',
        subjectType: 'calendar',
        subjectId: id,
        before,
        after,
      });
      return after;
    });
  }

  async preview(actor: AuthenticatedActor, id: string) {
    const calendar = await this.find(actor, id);
    return {
      calendarId: calendar.id,
      year: calendar.year,
      stages: calendarPreview(settingsOf(calendar), await loadWorkingDays(this.dataSource.manager)),
    };
  }
}
