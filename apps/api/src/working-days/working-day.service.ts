import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  addDays,
  canAdminister,
  DomainError,
  ForbiddenError,
  isIsoDate,
  readHolidayNotice,
  unknownReference,
  ValidationFailedError,
  WorkingDays,
} from '@rol/domain';
import {
  appendAudit,
  coveredYears,
  HolidayNoticeEntity,
  loadWorkingDays,
  LocalDayEntity,
  OrganizationEntity,
  packageYears,
  WorkingDayOverrideEntity,
} from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { CalendarService } from '../calendars/calendar.service';
import { ImportNoticeDto } from './import-notice.dto';
import { SetWorkingDayDto } from './set-working-day.dto';

const MAX_RANGE_DAYS = 400;

function checkedDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isIsoDate(value))
    throw ValidationFailedError.field(field, '应为 YYYY-MM-DD 格式的日期');
  return value;
}

/** The dates among `dates` whose working status differs between two working-day calendars. */
function changedDays(before: WorkingDays, after: WorkingDays, dates: Iterable<string>): string[] {
  return [...new Set(dates)].filter((date) => before.isWorkingDay(date) !== after.isWorkingDay(date)).sort();
}

function yearDates(year: number): string[] {
  const dates: string[] = [];
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/**
 * The working-day calendar: the published data, imported State Council notices, the national
 * admins' corrections and each jurisdiction's own non-working days. Every change re-times the
 * launched calendars whose due dates it moves (CalendarService.followWorkingDays).
 */
@Injectable()
export class WorkingDayService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  /** Every day of the range with whether it is a working day, and why; and per year, where its days come from. */
  async list(fromParam: unknown, toParam: unknown, jurisdictionParam?: unknown) {
    const from = checkedDate(fromParam, 'from');
    const to = checkedDate(toParam, 'to');
    if (to < from) throw ValidationFailedError.field('to', '不能早于 from');
    if (to > addDays(from, MAX_RANGE_DAYS)) throw ValidationFailedError.field('to', `区间最长 ${MAX_RANGE_DAYS} 天`);
    const jurisdictionId = jurisdictionParam === undefined ? null : await this.jurisdictionOf(jurisdictionParam);
    const manager = this.dataSource.manager;
    const days = await loadWorkingDays(manager, jurisdictionId);
    const items = [];
    for (let date = from; date <= to; date = addDays(date, 1)) items.push(days.day(date));
    return { items, total: items.length, years: await this.years(manager, from, to, jurisdictionId) };
  }

  /** Per year of the range: whether its holidays are known, and from which sources its days come. */
  private async years(manager: EntityManager, from: string, to: string, jurisdictionId: string | null) {
    const covered = new Set(await coveredYears(manager));
    const published = new Set(packageYears());
    const result = [];
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
      const [notice, overrides, local] = await Promise.all([
        manager.findOneBy(HolidayNoticeEntity, { year }),
        manager
          .createQueryBuilder(WorkingDayOverrideEntity, 'w')
          .where("w.source = 'override' AND w.date BETWEEN :from AND :to", {
            from: `${year}-01-01`,
            to: `${year}-12-31`,
          })
          .getCount(),
        jurisdictionId
          ? manager
              .createQueryBuilder(LocalDayEntity, 'l')
              .where('l.jurisdictionId = :jurisdictionId AND l.date BETWEEN :from AND :to', {
                jurisdictionId,
                from: `${year}-01-01`,
                to: `${year}-12-31`,
              })
              .getCount()
          : Promise.resolve(0),
      ]);
      const sources = [
        ...(published.has(year) ? ['package'] : []),
        ...(notice ? ['notice'] : []),
        ...(overrides > 0 ? ['override'] : []),
        ...(local > 0 ? ['local'] : []),
      ];
      result.push({
        year,
        covered: covered.has(year),
        sources,
        notice: notice && { title: notice.title, importedAt: notice.importedAt.toISOString() },
        overrides,
        localDays: local,
      });
    }
    return result;
  }

  /**
   * Adds or corrects a day: nationally (e.g. from next year's notice; wins over the published data),
   * or, with `jurisdictionId`, a non-working day of that jurisdiction's own.
   */
  async set(actor: AuthenticatedActor, dateParam: string, body: SetWorkingDayDto) {
    const date = checkedDate(dateParam, 'date');
    if (body.jurisdictionId === undefined) {
      this.assertNational(actor);
      return this.changeDay(actor, date, null, 'working_day.overridden', (manager) =>
        manager.upsert(
          WorkingDayOverrideEntity,
          { date, working: body.working, name: body.name ?? null, source: 'override', updatedBy: actor.userId },
          ['date'],
        ),
      );
    }
    const jurisdictionId = await this.jurisdictionOf(body.jurisdictionId, actor);
    if (body.working) {
      throw ValidationFailedError.field('working', '辖区只能增加自己的放假日（全国的调休上班日由国务院通知确定）');
    }
    if (!body.name) throw ValidationFailedError.field('name', '请填写放假日的名称，如「三月三」');
    const name = body.name;
    return this.changeDay(actor, date, jurisdictionId, 'working_day.local_set', (manager) =>
      manager.upsert(LocalDayEntity, { jurisdictionId, date, name, createdBy: actor.userId }, [
        'jurisdictionId',
        'date',
      ]),
    );
  }

  /** Removes a jurisdiction's own non-working day (with `jurisdictionId`) or a national admin correction. */
  async remove(actor: AuthenticatedActor, dateParam: string, jurisdictionParam?: unknown) {
    const date = checkedDate(dateParam, 'date');
    const jurisdictionId =
      jurisdictionParam === undefined || jurisdictionParam === ''
        ? null
        : await this.jurisdictionOf(jurisdictionParam, actor);
    if (jurisdictionId === null) this.assertNational(actor);
    const action = jurisdictionId ? 'working_day.local_removed' : 'working_day.override_removed';
    return this.changeDay(actor, date, jurisdictionId, action, async (manager) => {
      const deleted = jurisdictionId
        ? await manager.delete(LocalDayEntity, { jurisdictionId, date })
        : await manager.delete(WorkingDayOverrideEntity, { date, source: 'override' });
      if (!deleted.affected) {
        throw new DomainError('NOT_FOUND', `${date} 没有可删除的${jurisdictionId ? '辖区放假日' : '人工修正'}`);
      }
    });
  }

  /** Working days are national and feed every jurisdiction's calendar: not for a scoped admin. */
  private assertNational(actor: AuthenticatedActor): void {
    if (actor.organizationPath !== null) throw new ForbiddenError('仅系统管理员可修改全国工作日数据');
  }

  /**
   * One day changed (nationally, or for one jurisdiction): written, audited, and the launched
   * calendars it moves re-timed, in one transaction. Answers the day as it is now.
   */
  private changeDay(
    actor: AuthenticatedActor,
    date: string,
    jurisdictionId: string | null,
    action: string,
    write: (manager: EntityManager) => Promise<unknown>,
  ) {
    return this.dataSource.transaction(async (manager) => {
      const { result } = await this.calendars.followWorkingDays(
        manager,
        auditActor(actor),
        async () => {
          const before = await loadWorkingDays(manager, jurisdictionId);
          await write(manager);
          const after = await loadWorkingDays(manager, jurisdictionId);
          const day = { ...after.day(date), ...(jurisdictionId ? { jurisdictionId } : {}) };
          await appendAudit(manager, {
            actor: auditActor(actor),
            action,
            subjectType: 'working_day',
            subjectId: date,
            before: before.day(date),
            after: day,
          });
          return { result: day, days: changedDays(before, after, [date]) };
        },
        jurisdictionId ? { jurisdictionId } : {},
      );
      return result;
    });
  }

  /**
   * Reads a State Council holiday notice as published. Unless `dryRun`, stores its days (beside
   * admins' corrections, which keep winning), marks its year as known, re-times what it moves and
   * is audited. A text that cannot be read fully is refused (422), naming each sentence.
   */
  async importNotice(actor: AuthenticatedActor, dto: ImportNoticeDto) {
    if (!dto.dryRun && actor.organizationPath !== null) throw new ForbiddenError('仅系统管理员可导入节假日安排通知');
    const reading = readHolidayNotice(dto.text, dto.year);
    if (!reading.ok) {
      const [first] = reading.problems;
      throw new DomainError('NOTICE_UNREADABLE', `通知中有无法识别的内容：「${first.sentence}」（${first.message}）`, {
        problems: reading.problems,
      });
    }
    const notice = reading.notice;
    if (notice.year !== dto.year) {
      throw ValidationFailedError.field('year', `通知安排的是 ${notice.year} 年，与 year（${dto.year}）不符`);
    }
    const parsed = { year: notice.year, title: notice.title, holidays: notice.holidays, workdays: notice.workdays };
    if (dto.dryRun) return { ...parsed, dryRun: true, changedDays: [], retimedCalendars: [] };
    return this.dataSource.transaction(async (manager) => {
      const { result, retimed } = await this.calendars.followWorkingDays(manager, auditActor(actor), async () => {
        const before = await loadWorkingDays(manager);
        const previous = await manager.findOne(HolidayNoticeEntity, {
          where: { year: notice.year },
          lock: { mode: 'pessimistic_write' },
        });
        const listed = [...notice.holidays, ...notice.workdays];
        const earlier = previous ? [...previous.holidays, ...previous.workdays].map((d) => d.date) : [];
        // The days of an earlier import of the same year's notice give way to this one.
        if (earlier.length > 0) {
          await manager.delete(WorkingDayOverrideEntity, { date: In(earlier), source: 'notice' });
        }
        for (const day of listed) {
          const working = notice.workdays.includes(day);
          // An admin's own correction of a day keeps winning over the notice.
          await manager.query(
            `INSERT INTO working_day_override (date, working, name, source, updated_by, updated_at)
             VALUES ($1, $2, $3, 'notice', $4, now())
             ON CONFLICT (date) DO UPDATE SET working = EXCLUDED.working, name = EXCLUDED.name,
               updated_by = EXCLUDED.updated_by, updated_at = now()
             WHERE working_day_override.source = 'notice'`,
            [day.date, working, working ? `${day.name}调休上班` : day.name, actor.userId],
          );
        }
        await manager.upsert(
          HolidayNoticeEntity,
          {
            year: notice.year,
            title: notice.title,
            holidays: notice.holidays,
            workdays: notice.workdays,
            importedBy: actor.userId,
          },
          ['year'],
        );
        const after = await loadWorkingDays(manager);
        const days = changedDays(before, after, [...yearDates(notice.year), ...earlier, ...listed.map((d) => d.date)]);
        await appendAudit(manager, {
          actor: auditActor(actor),
          action: 'working_days.notice_imported',
          subjectType: 'working_day',
          subjectId: `notice-${notice.year}`,
          before: previous ? { holidays: previous.holidays, workdays: previous.workdays } : null,
          after: { ...parsed, changedDays: days },
        });
        return { result: { ...parsed, dryRun: false, changedDays: days }, days };
      });
      return { ...result, retimedCalendars: retimed };
    });
  }

  /** A jurisdiction the caller administers (for its own days), or 400/403. */
  private async jurisdictionOf(value: unknown, actor?: AuthenticatedActor): Promise<string> {
    if (typeof value !== 'string' || !isUUID(value)) throw unknownReference('jurisdictionId', '辖区');
    const jurisdiction = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: value });
    if (!jurisdiction || jurisdiction.kind !== 'jurisdiction') throw unknownReference('jurisdictionId', '辖区');
    if (actor && !canAdminister(actor, jurisdiction.path)) throw new ForbiddenError('只能为本级或下级辖区设置放假日');
    return jurisdiction.id;
  }
}
