import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, ForbiddenError, isIsoDate, ValidationFailedError } from '@rol/domain';
import { appendAudit, loadWorkingDays, WorkingDayOverrideEntity } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { SetWorkingDayDto } from './set-working-day.dto';

const MAX_RANGE_DAYS = 400;

function checkedDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isIsoDate(value))
    throw ValidationFailedError.field(field, '应为 YYYY-MM-DD 格式的日期');
  return value;
}

/** The national working-day calendar: the published data and the admins' corrections. */
@Injectable()
export class WorkingDayService {
  constructor(private readonly dataSource: DataSource) {}

  /** Every day of the range with whether it is a working day, and why. */
  async list(fromParam: unknown, toParam: unknown) {
    const from = checkedDate(fromParam, 'from');
    const to = checkedDate(toParam, 'to');
    if (to < from) throw ValidationFailedError.field('to', '不能早于 from');
    if (to > addDays(from, MAX_RANGE_DAYS)) throw ValidationFailedError.field('to', `区间最长 ${MAX_RANGE_DAYS} 天`);
    const days = await loadWorkingDays(this.dataSource.manager);
    const items = [];
    for (let date = from; date <= to; date = addDays(date, 1)) items.push(days.day(date));
    return { items, total: items.length };
  }

  /** Adds or corrects a day, e.g. from next year's State Council notice; wins over the published data. */
  async set(actor: AuthenticatedActor, dateParam: string, body: SetWorkingDayDto) {
    // Working days are national and feed every jurisdiction's calendar: not for a scoped admin.
    if (actor.organizationPath !== null) throw new ForbiddenError('仅系统管理员可修改全国工作日数据');
    const date = checkedDate(dateParam, 'date');
    return this.dataSource.transaction(async (manager) => {
      const before = (await loadWorkingDays(manager)).day(date);
      await manager.upsert(
        WorkingDayOverrideEntity,
        { date, working: body.working, name: body.name ?? null, updatedBy: actor.userId },
        ['date'],
      );
      const after = (await loadWorkingDays(manager)).day(date);
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'working_day.overridden',
        subjectType: 'working_day',
        subjectId: date,
        before,
        after,
      });
      return after;
    });
  }
}
