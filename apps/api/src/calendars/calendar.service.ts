import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '@rol/config';
import {
  CLOSE_CALENDAR_WORKFLOW,
  CloseInput,
  closeWorkflowId,
  RETIME_CALENDAR_WORKFLOW,
  RetimeInput,
  retimeWorkflowId,
} from '@rol/contracts';
import {
  assertValidCalendar,
  CalendarSettings,
  calendarPreview,
  canAdminister,
  canSeeAlongLine,
  ConflictError,
  DomainError,
  HolidayWarning,
  effectiveDues,
  ForbiddenError,
  holidayWarnings,
  isIsoDate,
  NotFoundError,
  unknownReference,
  parseDue,
  ValidationFailedError,
  WorkingDays,
  PanelMember,
  ShufaSettings,
  QuietHours,
  quietHoursProblems,
  withQuietHoursDefaults,
  calendarSendWindow,
  shufaSettingsProblems,
  withShufaDefaults,
  CalendarStage,
} from '@rol/domain';
import {
  AuditActor,
  appendAudit,
  CalendarEntity,
  calendarDueInstants,
  panelMembershipProblems,
  calendarSettings as settingsOf,
  LaunchStatusRepository,
  loadWorkingDays,
  OrganizationEntity,
  whereAlongLine,
} from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { APP_CONFIG } from '../common/tokens';
import { CloseCalendarDto } from './close-calendar.dto';
import { CreateCalendarDto } from './create-calendar.dto';
import { ListCalendarsQuery } from './list-calendars.query';
import { UpdateCalendarDto } from './update-calendar.dto';
import { LaunchScheduleService } from './launch-schedule.service';

/**
 * A launch (now, or scheduled) of a calendar that plans in years whose holidays are unknown goes
 * ahead only when the admin says he knows (`acknowledgeUnknownHolidays`): else 422 HOLIDAYS_UNKNOWN.
 */
export function assertHolidaysAcknowledged(warnings: HolidayWarning[], acknowledged: boolean | undefined): void {
  if (warnings.length === 0 || acknowledged === true) return;
  const years = warnings.map((w) => w.year).join('、');
  throw new DomainError(
    'HOLIDAYS_UNKNOWN',
    `${years}年的节假日安排尚未导入，截止时间和提醒可能落在节假日；请先导入国务院办公厅的节假日安排通知，或确认知悉后以 acknowledgeUnknownHolidays: true 启动`,
    { warnings },
  );
}

/** The given stages' due instants, as ISO strings. */
function isoDues(dues: Record<string, number>, stages: string[]): Record<string, string> {
  return Object.fromEntries(stages.map((stage) => [stage, new Date(dues[stage]).toISOString()]));
}

/** A scheduled launch instant: a date-time with offset, in the future; null clears it. */
function parseLaunchAt(value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const at = isIsoDate(value) ? null : parseDue(value);
  if (!at) throw ValidationFailedError.field('launchAt', '应为带时区的 ISO-8601 时间，如 2027-01-05T09:00:00+08:00');
  if (at.getTime() <= Date.now()) throw ValidationFailedError.field('launchAt', '定时启动时间必须晚于当前时间');
  return at;
}

@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedule: LaunchScheduleService,
    private readonly launches: LaunchStatusRepository,
  ) {}

  /** The calendar with its effective (rolled-over) due instants, under today's working-day data. */
  async view(manager: EntityManager, c: CalendarEntity) {
    const workingDays = await loadWorkingDays(manager, c.jurisdictionId);
    const dues = effectiveDues(settingsOf(c), workingDays);
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
      // The 述法 rules its cycles run by, with the defaults filled in.
      shufa: withShufaDefaults(c.shufa),
      quietHours: withQuietHoursDefaults(c.quietHours),
      status: c.status,
      revision: c.revision,
      launchAt: c.launchAt,
      launchedAt: c.launchedAt,
      closedAt: c.closedAt,
      closedBy: c.closedBy,
      closeReason: c.closeReason,
      // Years it plans in whose holidays are not known yet (launching then needs an acknowledgement).
      warnings: holidayWarnings(settingsOf(c), workingDays),
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
    if (!canSeeAlongLine(actor, jurisdiction.path)) throw new NotFoundError('日历', id);
    return calendar;
  }

  async get(actor: AuthenticatedActor, id: string) {
    return this.view(this.dataSource.manager, await this.find(actor, id));
  }

  /** The jurisdiction, if the caller administers it (and may change its calendar). */
  async administeredJurisdiction(actor: AuthenticatedActor, id: string): Promise<OrganizationEntity> {
    const jurisdiction = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
    if (!jurisdiction || !canSeeAlongLine(actor, jurisdiction.path)) throw unknownReference('jurisdictionId', '辖区');
    if (jurisdiction.kind !== 'jurisdiction') throw ValidationFailedError.field('jurisdictionId', '日历只能属于辖区');
    if (!canAdminister(actor, jurisdiction.path)) throw new ForbiddenError('只能为本级或下级辖区设置日历');
    return jurisdiction;
  }

  async create(actor: AuthenticatedActor, dto: CreateCalendarDto) {
    await this.administeredJurisdiction(actor, dto.jurisdictionId);
    const { launchAt: launchAtText, acknowledgeUnknownHolidays, shufa, quietHours, ...rest } = dto;
    const launchAt = parseLaunchAt(launchAtText) ?? null;
    const settings = {
      ...rest,
      timezone: dto.timezone ?? 'Asia/Shanghai',
      rollover: dto.rollover ?? 'previous-workday',
    };
    return this.dataSource.transaction(async (manager) => {
      const workingDays = await loadWorkingDays(manager, dto.jurisdictionId);
      assertValidCalendar(settings, workingDays);
      await this.assertShufaSettings(manager, dto.jurisdictionId, shufa);
      assertQuietHours(quietHours);
      // A scheduled launch goes ahead unattended: the admin acknowledges unknown holidays when setting it.
      if (launchAt) assertHolidaysAcknowledged(holidayWarnings(settings, workingDays), acknowledgeUnknownHolidays);
      if (await manager.existsBy(CalendarEntity, { jurisdictionId: dto.jurisdictionId, year: dto.year })) {
        throw new ConflictError(`该辖区 ${dto.year} 年度的日历已存在`, { field: 'year' });
      }
      const created = await manager.save(
        manager.create(CalendarEntity, {
          ...settings,
          due: settings.due as CalendarSettings['due'],
          shufa: (shufa as Partial<ShufaSettings> | undefined) ?? null,
          quietHours: (quietHours as Partial<QuietHours> | undefined) ?? null,
          status: 'draft',
          launchAt,
        }),
      );
      await this.schedule.sync(created);
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
    whereAlongLine(qb, 'o', actor);
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

  /**
   * Changes a calendar. Once launched, the change re-times every running cycle of it: a fan-out
   * workflow is started inside the transaction (if Temporal refuses, nothing changes) and each
   * cycle applies the new revision, with the reason in its own audit trail.
   */
  async update(actor: AuthenticatedActor, id: string, dto: UpdateCalendarDto) {
    const current = await this.find(actor, id);
    await this.administeredJurisdiction(actor, current.jurisdictionId);
    const { reason, launchAt: launchAtText, acknowledgeUnknownHolidays, shufa, quietHours, ...changes } = dto;
    const launchAt = parseLaunchAt(launchAtText);
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(CalendarEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (locked.status === 'closed') throw new ConflictError('该年度已关闭，日历不能再修改');
      if (locked.status === 'launched' && !reason) {
        throw ValidationFailedError.field('reason', '日历已启动，修改将调整所有运行中的流程，必须说明原因');
      }
      if (launchAt !== undefined && locked.status === 'launched') {
        throw ValidationFailedError.field('launchAt', '日历已启动，不能再设置定时启动');
      }
      const next = { ...settingsOf(locked), ...changes } as CalendarSettings;
      const workingDays = await loadWorkingDays(manager, locked.jurisdictionId);
      assertValidCalendar(next, workingDays);
      if (shufa !== undefined) await this.assertShufaSettings(manager, locked.jurisdictionId, shufa);
      assertQuietHours(quietHours);
      const scheduled = launchAt !== undefined ? launchAt : locked.status === 'launched' ? null : locked.launchAt;
      if (scheduled) assertHolidaysAcknowledged(holidayWarnings(next, workingDays), acknowledgeUnknownHolidays);
      const before = await this.view(manager, locked);
      Object.assign(locked, next, {
        // The 述法 settings reach cycles launched after the change (a running cycle's panel: PUT …/panel).
        ...(shufa !== undefined ? { shufa: shufa as Partial<ShufaSettings> } : {}),
        // Quiet hours reach running cycles with the new revision (their reminders and escalations re-planned).
        ...(quietHours !== undefined ? { quietHours: quietHours as Partial<QuietHours> | null } : {}),
        ...(launchAt !== undefined ? { launchAt } : {}),
        revision: locked.revision + 1,
        changeReason: reason ?? null,
        changedBy: auditActor(actor),
      });
      const saved = await manager.save(locked);
      const after = await this.view(manager, saved);
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'calendar.updated',
        subjectType: 'calendar',
        subjectId: id,
        before,
        after,
        reason: reason ?? null,
      });
      if (launchAt !== undefined) await this.schedule.sync(saved);
      if (saved.status === 'launched') await this.fanOut(saved);
      return after;
    });
  }

  /**
   * Closes a launched year (its admin, with a reason): the calendar becomes read-only and a close
   * workflow, started inside the transaction (if Temporal refuses, nothing changes), ends every cycle
   * still running, in batches, each with the reason in its own trail. Everything stays in PostgreSQL.
   */
  async close(actor: AuthenticatedActor, id: string, dto: CloseCalendarDto) {
    const current = await this.find(actor, id);
    await this.administeredJurisdiction(actor, current.jurisdictionId);
    const reason = dto.reason.trim();
    if (!reason) throw ValidationFailedError.field('reason', '关闭年度必须说明原因');
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(CalendarEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (locked.status === 'closed') throw new ConflictError('该年度已关闭');
      if (locked.status !== 'launched') throw new ConflictError('日历尚未启动，无需关闭；可直接修改或删除');
      const before = await this.view(manager, locked);
      Object.assign(locked, {
        status: 'closed',
        closedAt: new Date(),
        closedBy: auditActor(actor),
        closeReason: reason,
      });
      const saved = await manager.save(locked);
      const after = await this.view(manager, saved);
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'calendar.closed',
        subjectType: 'calendar',
        subjectId: id,
        before: { status: before.status },
        after: { status: after.status, closedAt: after.closedAt },
        reason,
      });
      const input: CloseInput = { calendarId: id, batchSize: this.config.launchBatchSize };
      await this.temporal.workflow.start(CLOSE_CALENDAR_WORKFLOW, {
        workflowId: closeWorkflowId(id),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return after;
    });
  }

  /**
   * Tells every running cycle of a launched calendar about its new revision: a fan-out workflow
   * started inside the caller's transaction (if Temporal refuses, nothing changes).
   */
  private async fanOut(calendar: CalendarEntity): Promise<void> {
    const input: RetimeInput = {
      calendarId: calendar.id,
      revision: calendar.revision,
      batchSize: this.config.launchBatchSize,
    };
    await this.temporal.workflow.start(RETIME_CALENDAR_WORKFLOW, {
      workflowId: retimeWorkflowId(calendar.id, calendar.revision),
      taskQueue: this.config.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  /**
   * Working days change under launched calendars (an override, an imported notice, a jurisdiction's
   * own day, newer published data): `change` is made in the transaction and names the days whose
   * working status it changed; every launched calendar
   * (of `jurisdictionId` only, for its own day) whose effective due dates move gets a new revision,
   * with the reason 节假日安排变更 and the days, audited and fanned out like a calendar change.
   * Reminders already sent are not sent again (the cycles keep their timer progress).
   */
  async followWorkingDays<T>(
    manager: EntityManager,
    actor: AuditActor,
    change: () => Promise<{ result: T; days: string[] }>,
    options: { jurisdictionId?: string; before?: (jurisdictionId: string) => Promise<WorkingDays> } = {},
  ): Promise<{ result: T; retimed: { calendarId: string; revision: number }[] }> {
    const calendars = await manager.find(CalendarEntity, {
      where: { status: 'launched', ...(options.jurisdictionId ? { jurisdictionId: options.jurisdictionId } : {}) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const load = (at: (jurisdictionId: string) => Promise<WorkingDays>) => {
      const cache = new Map<string, Promise<WorkingDays>>();
      return (jurisdictionId: string) => {
        if (!cache.has(jurisdictionId)) cache.set(jurisdictionId, at(jurisdictionId));
        return cache.get(jurisdictionId) as Promise<WorkingDays>;
      };
    };
    const before = load(options.before ?? ((j) => loadWorkingDays(manager, j)));
    const dues = new Map<string, Record<string, number>>();
    // Under quiet hours a day's change moves the notices on it even when no due date moves.
    const windows = new Map<string, string>();
    for (const c of calendars) {
      const workingDays = await before(c.jurisdictionId);
      dues.set(c.id, calendarDueInstants(c, workingDays));
      windows.set(c.id, JSON.stringify(calendarSendWindow(c, workingDays)));
    }
    const { result, days } = await change();
    if (days.length === 0) return { result, retimed: [] };
    const after = load((j) => loadWorkingDays(manager, j));
    const reason = `节假日安排变更：${days.join('、')}`;
    const retimed: { calendarId: string; revision: number }[] = [];
    for (const c of calendars) {
      const was = dues.get(c.id) as Record<string, number>;
      const workingDays = await after(c.jurisdictionId);
      const now = calendarDueInstants(c, workingDays);
      const moved = Object.keys(now).filter((stage) => now[stage as CalendarStage] !== was[stage]);
      const noticesMoved = JSON.stringify(calendarSendWindow(c, workingDays)) !== windows.get(c.id);
      if (moved.length === 0 && !noticesMoved) continue;
      const revision = c.revision;
      Object.assign(c, { revision: revision + 1, changeReason: reason, changedBy: actor });
      const saved = await manager.save(c);
      await appendAudit(manager, {
        actor,
        action: 'calendar.retimed',
        subjectType: 'calendar',
        subjectId: c.id,
        reason,
        before: { revision, due: isoDues(was, moved) },
        after: { revision: saved.revision, due: isoDues(now, moved), days, ...(noticesMoved ? { noticesMoved } : {}) },
      });
      await this.fanOut(saved);
      retimed.push({ calendarId: c.id, revision: saved.revision });
    }
    return { result, retimed };
  }

  /**
   * The 述法 settings block, each field named when wrong; its panel must be evaluators of the
   * jurisdiction itself (the panel is the 依法治X办's, as the "who" rule says).
   */
  async assertShufaSettings(manager: EntityManager, jurisdictionId: string, shufa: unknown): Promise<void> {
    if (shufa === undefined || shufa === null) return;
    const problems = shufaSettingsProblems(shufa);
    const panel = (shufa as { panel?: unknown }).panel;
    if (problems.length === 0 && Array.isArray(panel)) {
      problems.push(...(await panelMembershipProblems(manager, jurisdictionId, panel as PanelMember[], 'shufa.panel')));
    }
    if (problems.length > 0) {
      throw new ValidationFailedError(problems, `述法设置不合法：${problems.map((p) => p.field).join('、')}`);
    }
  }

  async preview(actor: AuthenticatedActor, id: string) {
    const calendar = await this.find(actor, id);
    const workingDays = await loadWorkingDays(this.dataSource.manager, calendar.jurisdictionId);
    return {
      calendarId: calendar.id,
      year: calendar.year,
      warnings: holidayWarnings(settingsOf(calendar), workingDays),
      quietHours: withQuietHoursDefaults(calendar.quietHours),
      stages: calendarPreview(settingsOf(calendar), workingDays, calendarSendWindow(calendar, workingDays)),
      shufa: withShufaDefaults(calendar.shufa),
    };
  }
}

/** The quiet hours as sent, each wrong field named. */
function assertQuietHours(quietHours: unknown): void {
  if (quietHours === undefined || quietHours === null) return;
  const problems = quietHoursProblems(quietHours);
  if (problems.length > 0) {
    throw new ValidationFailedError(problems, `免打扰时段设置不合法：${problems.map((p) => p.field).join('、')}`);
  }
}
