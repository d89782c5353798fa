import { Inject, Injectable } from '@nestjs/common';
import { Client, ScheduleNotFoundError } from '@temporalio/client';
import type { AppConfig } from '@rol/config';
import { LAUNCH_CALENDAR_WORKFLOW, LaunchInput, launchWorkflowId } from '@rol/contracts';
import type { CalendarEntity } from '@rol/persistence';
import { APP_CONFIG } from '../common/tokens';

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

export function launchScheduleId(calendarId: string): string {
  return `launch-schedule-${calendarId}`;
}

/**
 * The optional scheduled launch: a Temporal Schedule that starts the calendar's launch workflow once,
 * at `launchAt` (the day the year's work points are issued). Temporal keeps the time; nothing here
 * runs a timer of its own.
 */
@Injectable()
export class LaunchScheduleService {
  constructor(
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Makes the schedule match the calendar: present while it is a draft with `launchAt`, absent otherwise. */
  async sync(calendar: CalendarEntity): Promise<void> {
    // Once launched (by hand or by the schedule itself), the schedule is left as the record of it.
    if (calendar.status !== 'draft') return;
    await this.remove(calendar.id);
    if (!calendar.launchAt) return;
    const at = calendar.launchAt;
    const input: LaunchInput = {
      calendarId: calendar.id,
      organizationId: null,
      batchSize: this.config.launchBatchSize,
    };
    await this.temporal.schedule.create({
      scheduleId: launchScheduleId(calendar.id),
      spec: {
        calendars: [
          {
            year: at.getUTCFullYear(),
            month: MONTHS[at.getUTCMonth()],
            dayOfMonth: at.getUTCDate(),
            hour: at.getUTCHours(),
            minute: at.getUTCMinutes(),
            second: at.getUTCSeconds(),
            comment: `launch calendar ${calendar.id} (${calendar.year})`,
          },
        ],
      },
      action: {
        type: 'startWorkflow',
        workflowType: LAUNCH_CALENDAR_WORKFLOW,
        workflowId: launchWorkflowId(calendar.id, null),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
      },
      state: { remainingActions: 1, note: '定时启动年度流程' },
    });
  }

  async remove(calendarId: string): Promise<void> {
    try {
      await this.temporal.schedule.getHandle(launchScheduleId(calendarId)).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }

  /** The id of the workflow the schedule started, if it has fired. */
  async startedWorkflowId(calendarId: string): Promise<{ workflowId: string | null; nextAt: string | null } | null> {
    try {
      const description = await this.temporal.schedule.getHandle(launchScheduleId(calendarId)).describe();
      const last = description.info.recentActions.at(-1);
      return {
        workflowId: last?.action.workflow.workflowId ?? null,
        nextAt: description.info.nextActionTimes[0]?.toISOString() ?? null,
      };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return null;
      throw error;
    }
  }
}
