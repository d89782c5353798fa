import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rol/config';
import {
  LAUNCH_CALENDAR_WORKFLOW,
  LaunchInput,
  LaunchProgress,
  launchProgressQuery,
  launchWorkflowId,
} from '@rol/contracts';
import { ConflictError, DomainError, holidayWarnings, ValidationFailedError } from '@rol/domain';
import {
  appendAudit,
  CalendarEntity,
  calendarSettings,
  LaunchStatusRepository,
  loadWorkingDays,
  markCalendarLaunched,
} from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { APP_CONFIG } from '../common/tokens';
import { assertHolidaysAcknowledged, CalendarService } from './calendar.service';
import { LaunchCalendarDto } from './launch-calendar.dto';
import { LaunchScheduleService } from './launch-schedule.service';

/** How long a status read waits for a worker to answer a query. */
const QUERY_DEADLINE_MS = 2000;

/** The launch of a calendar's year: by hand now, or at its scheduled instant, and how far it has got. */
@Injectable()
export class CalendarLaunchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendars: CalendarService,
    private readonly schedule: LaunchScheduleService,
    private readonly launches: LaunchStatusRepository,
  ) {}

  /**
   * Starts (or joins) the launch of a calendar's year: a Temporal workflow that starts every cycle
   * in batches. Launching again starts nothing twice; with `organizationId`, one department only.
   */
  async launch(actor: AuthenticatedActor, id: string, dto: LaunchCalendarDto) {
    const calendar = await this.calendars.find(actor, id);
    const jurisdiction = await this.calendars.administeredJurisdiction(actor, calendar.jurisdictionId);
    if (calendar.status === 'closed') throw new ConflictError('该年度已关闭，不能再启动流程');
    const organizationId = dto.organizationId ?? null;
    const departments = await this.launches.countDepartments(jurisdiction.id, organizationId);
    if (organizationId && departments === 0) {
      throw ValidationFailedError.field('organizationId', `该单位不是「${jurisdiction.name}」下的部门`);
    }
    if (departments === 0) {
      throw new DomainError('NO_DEPARTMENTS', `「${jurisdiction.name}」下还没有部门，无法启动年度流程；请先添加部门`, {
        jurisdictionId: jurisdiction.id,
      });
    }
    const warnings = holidayWarnings(
      calendarSettings(calendar),
      await loadWorkingDays(this.dataSource.manager, calendar.jurisdictionId),
    );
    assertHolidaysAcknowledged(warnings, dto.acknowledgeUnknownHolidays);
    const workflowId = launchWorkflowId(id, organizationId);
    await this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(CalendarEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (locked.status === 'closed') throw new ConflictError('该年度已关闭，不能再启动流程');
      // Launched by hand before its scheduled time: the schedule has nothing left to do.
      if (await markCalendarLaunched(manager, id, auditActor(actor), 'request')) await this.schedule.remove(id);
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'calendar.launch_requested',
        subjectType: 'calendar',
        subjectId: id,
        after: {
          organizationId,
          departments,
          workflowId,
          // Launched knowing these years' holidays were not known yet.
          ...(warnings.length > 0 ? { acknowledgedUnknownHolidays: warnings.map((w) => w.year) } : {}),
        },
      });
      const input: LaunchInput = { calendarId: id, organizationId, batchSize: this.config.launchBatchSize };
      await this.temporal.workflow.start(LAUNCH_CALENDAR_WORKFLOW, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        // A launch still running is joined; one that has finished runs again (and starts only what is missing).
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
    });
    return this.status(actor, id, organizationId);
  }

  private async describeLaunch(
    workflowId: string,
  ): Promise<{ workflowId: string; status: string; progress: LaunchProgress | null } | null> {
    try {
      const handle = this.temporal.workflow.getHandle(workflowId);
      const status = (await handle.describe()).status.name;
      // A finished launch's result is its final count (no worker needed); a running one is asked,
      // briefly: with every worker down the answer is the database's count alone.
      const progress: LaunchProgress | null =
        status === 'COMPLETED'
          ? await handle.result()
          : status === 'RUNNING'
            ? await this.temporal.connection
                .withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(launchProgressQuery))
                .catch(() => null)
            : null;
      return { workflowId, status, progress };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  /** Launch progress: the launch workflow's own count while it runs, and the cycles recorded so far. */
  async status(actor: AuthenticatedActor, id: string, organizationId: string | null = null) {
    const calendar = await this.calendars.find(actor, id);
    const scheduled = organizationId ? null : await this.schedule.startedWorkflowId(id);
    // A launch by hand has the plain id; one started by the schedule has the scheduled time appended.
    const launch =
      (await this.describeLaunch(launchWorkflowId(id, organizationId))) ??
      (scheduled?.workflowId ? await this.describeLaunch(scheduled.workflowId) : null);
    // Read after the launch's progress: a launch seen completed has committed its cycles and the
    // calendar's status together, so the answer never shows one without the other.
    const current = await this.dataSource.getRepository(CalendarEntity).findOneByOrFail({ id });
    const departments = await this.launches.departments(calendar.jurisdictionId);
    const cycles = await this.launches.cycles(id);
    const workingDays = await loadWorkingDays(this.dataSource.manager, calendar.jurisdictionId);
    return {
      calendarId: id,
      status: current.status,
      warnings: holidayWarnings(calendarSettings(current), workingDays),
      launchedAt: current.launchedAt,
      departments: departments.total,
      departmentsWithoutLeader: departments.withoutLeader,
      reportCycles: cycles.report,
      shufaCycles: cycles.shufa,
      launch,
      scheduled: scheduled && {
        launchAt: current.launchAt,
        nextAt: scheduled.nextAt,
        workflowId: scheduled.workflowId,
      },
    };
  }
}
