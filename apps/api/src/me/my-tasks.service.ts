import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  cycleOwner,
  CycleKind,
  itemAction,
  mayAct,
  findDeadline,
  openItems,
  openStage,
  pendingDivisions,
  withDefaults,
  yetToScore,
  CycleItem,
  CycleSnapshot,
  deadlineLightFacts,
  Light,
  NO_LIGHT_FACTS,
  openDeadlines,
  oversightLight,
  sameItem,
  warningWindow,
  WarningWindow,
} from '@rol/domain';
import { loadWorkingDays, openCyclesOnLine } from '@rol/persistence';
import { AuthenticatedActor } from '../common/actor';

export interface Task {
  kind: CycleKind;
  cycleId: string;
  stage: string;
  action: string;
  dueAt: string | null;
  overdue: boolean;
  /** A division's part: the division the caller hands in for. */
  divisionId?: string;
  /** A 述法's rectification item the leader is to fix. */
  rectificationItemId?: string;
  /** 三色督办 of the task's own deadline, by the one light rule (the jurisdiction's working days). */
  light: Light;
}

/** A 述法 in rectification: each item still to be fixed is the leader's task of its own. */
function rectificationTasks(state: CycleSnapshot): CycleItem[] {
  if (state.stage !== 'shufa_rectification') return [];
  return (state.rectification ?? [])
    .filter((item) => item.status === 'open')
    .map((item) => ({ kind: 'rectification', itemId: item.id }));
}

/** What the caller must do now, from the cycles' projection (never from Temporal), soonest due first. */
@Injectable()
export class MyTasksService {
  constructor(private readonly dataSource: DataSource) {}

  async tasks(actor: AuthenticatedActor): Promise<{ items: Task[] }> {
    const cycles = await openCyclesOnLine(this.dataSource.manager, actor, 'c.dueAt');
    const now = Date.now();
    const windows = new Map<string, WarningWindow>();
    for (const { row } of cycles) {
      if (!windows.has(row.jurisdictionId)) {
        windows.set(
          row.jurisdictionId,
          warningWindow(await loadWorkingDays(this.dataSource.manager, row.jurisdictionId)),
        );
      }
    }
    const items: Task[] = [];
    cycles.forEach(({ row, owner: department }) => {
      const open = openStage(row.state);
      if (!open) return;
      const owner = cycleOwner(row, department);
      const base = {
        kind: row.kind,
        cycleId: row.id,
        stage: open.stage,
        dueAt: row.dueAt?.toISOString() ?? null,
        overdue: row.overdue,
      };
      const state = withDefaults(row.state);
      const deadlines = openDeadlines(state);
      const lightOf = (item: CycleItem): Light => {
        const deadline =
          deadlines.find((d) => sameItem(d.item, item)) ?? deadlines.find((d) => d.item.kind === 'stage');
        const facts = deadline ? deadlineLightFacts(state, deadline) : NO_LIGHT_FACTS;
        return oversightLight(facts, now, windows.get(row.jurisdictionId)!);
      };
      for (const item of [...openItems(open.stage, pendingDivisions(state)), ...rectificationTasks(state)]) {
        if (!mayAct(actor, item, owner)) continue;
        // A 述法's scores are asked of the panel members who have not scored, not of every evaluator.
        if (item.kind === 'evaluation' && state.shufa && !yetToScore(state.shufa).includes(actor.userId)) continue;
        // A division's part or a rectification item with a deadline of its own is due when it is.
        const own =
          item.kind === 'contribution' || item.kind === 'rectification' ? findDeadline(state, item) : undefined;
        const due = own ? { dueAt: new Date(own.dueAt).toISOString(), overdue: own.overdueSince !== null } : {};
        items.push({
          ...base,
          ...due,
          action: itemAction(item),
          light: lightOf(item),
          ...(item.kind === 'contribution' ? { divisionId: item.divisionId } : {}),
          ...(item.kind === 'rectification' ? { rectificationItemId: item.itemId } : {}),
        });
      }
    });
    // Soonest first (a division's own date may differ from its cycle's).
    items.sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
    return { items };
  }
}
