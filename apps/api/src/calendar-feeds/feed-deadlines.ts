import {
  Actor,
  canSee,
  CycleItem,
  CYCLE_KIND_LABELS,
  CycleOwner,
  CycleSnapshot,
  deadlineSubject,
  isInAudience,
  OpenDeadline,
  openDeadlines,
  parseDuration,
  STAGE_LABELS,
  toldOfDeadline,
  withDefaults,
} from '@rol/domain';
import { formatShanghai } from '@rol/mail';
import { IcsAlarm } from './icalendar';

/** One open cycle, with what a feed names it by. */
export interface FeedCycle {
  snapshot: CycleSnapshot;
  owner: CycleOwner;
  departmentName: string;
  /** Names of the department's divisions, by id. */
  divisionNames: ReadonlyMap<string, string>;
}

/** A deadline as a feed lists it, before its SEQUENCE and DTSTAMP are known. */
export interface FeedDeadline {
  uid: string;
  dueAt: number;
  summary: string;
  description: string;
  alarms: IcsAlarm[];
}

/** The part of a UID naming the item: stable for as long as the item is the same deadline. */
function itemKey(deadline: OpenDeadline): string {
  const item: CycleItem = deadline.item;
  switch (item.kind) {
    case 'contribution':
      return `contribution-${item.divisionId}`;
    case 'rectification':
      return `rectification-${item.itemId}`;
    case 'stage':
    case 'evaluation':
      return deadline.stage.stage;
  }
}

/** "<cycleId>:<item>@rol-cycle": the same deadline keeps its UID when its due instant moves. */
export function feedUid(cycleId: string, deadline: OpenDeadline): string {
  return `${cycleId}:${itemKey(deadline)}@rol-cycle`;
}

/** What in the stage is due, in words: "市场监管科的材料", "整改事项「…」"; none for the stage itself. */
function itemWords(cycle: FeedCycle, deadline: OpenDeadline): string | null {
  const item = deadline.item;
  switch (item.kind) {
    case 'contribution':
      return `${cycle.divisionNames.get(item.divisionId) ?? '处室'}的材料`;
    case 'rectification': {
      const listed = cycle.snapshot.rectification?.find((r) => r.id === item.itemId);
      return `整改事项「${listed?.description ?? ''}」`;
    }
    case 'evaluation':
      return '评议打分';
    case 'stage':
      return null;
  }
}

/**
 * Whether the person's feed lists this deadline: he is among those told of it (the same rule the
 * reminders follow), or he is an administrator of the jurisdiction it lies in (he oversees them all).
 */
export function feedListsDeadline(actor: Actor, cycle: FeedCycle, deadline: OpenDeadline): boolean {
  if (actor.roles.includes('admin') && canSee(actor, cycle.owner.departmentPath)) return true;
  const told = toldOfDeadline(deadlineSubject(deadline, cycle.snapshot), 'responsible', cycle.owner);
  return isInAudience(actor, told);
}

/**
 * A collection kept as one deadline (a cycle started before deadline items, or a launch its workflow
 * has not written since) as each division's: every division's part keeps one UID either way.
 */
function perDivision(deadline: OpenDeadline): OpenDeadline[] {
  const { item, stage, pendingDivisions } = deadline;
  if (item.kind !== 'stage' || stage.stage !== 'contributions' || !pendingDivisions) return [deadline];
  return pendingDivisions.map((divisionId) => ({
    ...deadline,
    item: { kind: 'contribution', divisionId },
    pendingDivisions: [divisionId],
  }));
}

/** Every open deadline of these cycles the person's feed lists, soonest first. */
export function feedDeadlines(actor: Actor, cycles: readonly FeedCycle[]): FeedDeadline[] {
  const listed: FeedDeadline[] = [];
  for (const cycle of cycles) {
    const snapshot = withDefaults(cycle.snapshot);
    for (const deadline of openDeadlines(snapshot).flatMap(perDivision)) {
      if (!feedListsDeadline(actor, cycle, deadline)) continue;
      const stageLabel = STAGE_LABELS[deadline.stage.stage];
      const cycleName = `${cycle.departmentName}${snapshot.year}年度${CYCLE_KIND_LABELS[snapshot.kind]}`;
      const item = itemWords(cycle, deadline);
      const what = `${cycleName}「${stageLabel}」阶段${item ?? ''}`;
      const due = formatShanghai(new Date(deadline.dueAt));
      const offsets = deadline.reminders ?? snapshot.reminders;
      listed.push({
        uid: feedUid(snapshot.cycleId, deadline),
        dueAt: deadline.dueAt,
        summary: `【${stageLabel}截止】${cycle.departmentName}${item ? ` · ${item}` : ''}`,
        description: [
          what,
          `截止时间：${due}（北京时间）`,
          ...(deadline.overdueSince !== null ? ['已逾期，请尽快办理。'] : []),
          `周期编号：${snapshot.cycleId}`,
        ].join('\n'),
        alarms: offsets.map((offset) => ({
          beforeMs: parseDuration(offset) ?? 0,
          description: `【截止提醒】${what}将于${due}截止`,
        })),
      });
    }
  }
  return listed.sort((a, b) => a.dueAt - b.dueAt || a.uid.localeCompare(b.uid));
}
