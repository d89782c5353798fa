import { randomBytes, randomUUID } from 'node:crypto';
import { CycleActivities, NoticeRound, StageNoticeInput } from '@rol/contracts';
import { CycleInput, CycleSnapshot } from '@rol/domain';

const S = 1000;

/**
 * A report cycle of a department without divisions (it opens at drafting), drafting due at
 * `draftingDue`, each later stage a minute after the one before.
 */
export function reportCycleInput(
  draftingDue: number,
  settings: Partial<Pick<CycleInput, 'reminders' | 'escalation'>> = {},
): CycleInput {
  const stages = ['drafting', 'legality_review', 'sign_off', 'submission', 'publication'] as const;
  return {
    cycleId: `report-2026-tier-${randomBytes(4).toString('hex')}`,
    kind: 'report',
    calendarId: randomUUID(),
    calendarRevision: 1,
    organizationId: randomUUID(),
    jurisdictionId: randomUUID(),
    year: 2026,
    leaderId: null,
    due: {
      contributions: draftingDue - S,
      ...Object.fromEntries(stages.map((stage, i) => [stage, draftingDue + 60 * S * i])),
    },
    reminders: settings.reminders ?? ['PT2S'],
    escalation: settings.escalation ?? { after: 'PT2S', every: 'PT2S' },
    divisions: [],
  };
}

/** A 述法 cycle whose stages fall at `due` (epoch ms each), launched with `settings` (none: as before 述法 settings). */
export function shufaCycleInput(
  due: Record<'shufa_writing' | 'shufa_materials_review' | 'shufa_evaluation' | 'shufa_rectification', number>,
  settings: Partial<Pick<CycleInput, 'reminders' | 'escalation' | 'shufa'>> = {},
): CycleInput {
  const report = reportCycleInput(due.shufa_writing, settings);
  return {
    ...report,
    cycleId: report.cycleId.replace('report', 'shufa'),
    kind: 'shufa',
    leaderId: randomUUID(),
    due,
    ...(settings.shufa ? { shufa: settings.shufa } : {}),
  };
}

export interface ActivityCall {
  at: number;
  activity: 'persist' | 'remind' | 'escalate';
  cycleId: string;
  input: StageNoticeInput & { offset?: string; round?: number; snapshot?: CycleSnapshot; changes?: unknown[] };
}

/** Activities that only record when they were called (every round reaches one recipient). */
export function recordingActivities(): { activities: CycleActivities; calls: ActivityCall[] } {
  const calls: ActivityCall[] = [];
  const round = (): NoticeRound => ({ recipients: ['someone@example.gov.cn'], sentNow: 1 });
  const activities: CycleActivities = {
    persistCycle: async (input) => {
      calls.push({
        at: Date.now(),
        activity: 'persist',
        cycleId: input.snapshot.cycleId,
        input: input as unknown as ActivityCall['input'],
      });
      return true;
    },
    remindStage: async (input) => {
      calls.push({ at: Date.now(), activity: 'remind', cycleId: input.cycleId, input });
      return round();
    },
    escalateStage: async (input) => {
      calls.push({ at: Date.now(), activity: 'escalate', cycleId: input.cycleId, input });
      return round();
    },
  };
  return { activities, calls };
}
