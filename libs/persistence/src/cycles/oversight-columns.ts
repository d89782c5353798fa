import { CYCLE_STAGES, CycleKind, CycleSnapshot, cycleLightFacts, stageCompletions, withDefaults } from '@rol/domain';
import { SqlColumn } from '../sql-columns';

/**
 * What the dashboard reads of a cycle, beside its stage and due date: the facts its oversight light
 * is worked out from at read time (`oversightLight`), its rework, 述法 grade and open rectification
 * items, and which stages ended on time. Plain indexed columns, so the dashboard never reads `state`.
 */
export interface CycleOversight {
  nextDueAt: Date | null;
  overdueSince: Date | null;
  remindedUnanswered: boolean;
  sentBack: boolean;
  rework: number;
  grade: string | null;
  openItems: number;
  completedStages: string[];
  onTimeStages: string[];
}

const date = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? null : new Date(ms));

/** The oversight facts of a snapshot (one written by older code gets the fields added since). */
export function cycleOversight(stored: CycleSnapshot): CycleOversight {
  const snapshot = withDefaults({ ...stored, stages: stored.stages.map((s) => ({ ...s })) });
  const light = cycleLightFacts(snapshot);
  const completions = stageCompletions(snapshot);
  return {
    nextDueAt: date(light.dueAt),
    overdueSince: date(light.overdueSince),
    remindedUnanswered: light.remindedUnanswered,
    sentBack: light.sentBack,
    rework: snapshot.rework,
    grade: snapshot.shufa?.result?.grade ?? null,
    openItems: (snapshot.rectification ?? []).filter((item) => item.status !== 'verified').length,
    completedStages: completions.map((c) => c.stage),
    onTimeStages: completions.filter((c) => c.onTime).map((c) => c.stage),
  };
}

// A statement's parameters are read column by column in one synchronous pass (rowParams,
// columnArrays): each snapshot's facts are worked out once for it, and forgotten right after, so a
// snapshot changed and written again is read afresh.
let computed = new WeakMap<CycleSnapshot, CycleOversight>();
let forgetting = false;
function of(snapshot: CycleSnapshot): CycleOversight {
  let facts = computed.get(snapshot);
  if (!facts) {
    facts = cycleOversight(snapshot);
    computed.set(snapshot, facts);
    if (!forgetting) {
      forgetting = true;
      queueMicrotask(() => {
        computed = new WeakMap();
        forgetting = false;
      });
    }
  }
  return facts;
}

/** The oversight columns of the cycle projection, filled at every write of a snapshot. */
export const OVERSIGHT_COLUMNS: readonly SqlColumn<CycleSnapshot>[] = [
  { name: 'next_due_at', type: 'timestamptz', value: (s) => of(s).nextDueAt },
  { name: 'overdue_since', type: 'timestamptz', value: (s) => of(s).overdueSince },
  { name: 'reminded_unanswered', type: 'boolean', value: (s) => of(s).remindedUnanswered },
  { name: 'sent_back', type: 'boolean', value: (s) => of(s).sentBack },
  { name: 'rework', type: 'int', value: (s) => of(s).rework },
  { name: 'grade', type: 'text', value: (s) => of(s).grade },
  { name: 'open_items', type: 'int', value: (s) => of(s).openItems },
  { name: 'completed_stages', type: 'int', value: (s) => stageMask(s.kind, of(s).completedStages) },
  { name: 'on_time_stages', type: 'int', value: (s) => stageMask(s.kind, of(s).onTimeStages) },
];

/**
 * A set of a cycle's stages as bits: bit i is `CYCLE_STAGES[kind][i]`. An int, not an array, because a
 * launch writes many rows through `unnest`, which cannot hand out one array per row.
 */
export function stageMask(kind: CycleKind, stages: readonly string[]): number {
  return CYCLE_STAGES[kind].reduce((mask, stage, i) => (stages.includes(stage) ? mask | (1 << i) : mask), 0);
}

/** The stages a mask holds, in the cycle's order. */
export function stagesOfMask(kind: CycleKind, mask: number): string[] {
  return CYCLE_STAGES[kind].filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The oversight columns of a snapshot as the entity holds them. */
export function oversightFields(snapshot: CycleSnapshot): Omit<CycleOversight, 'completedStages' | 'onTimeStages'> & {
  completedStages: number;
  onTimeStages: number;
} {
  const facts = cycleOversight(snapshot);
  return {
    ...facts,
    completedStages: stageMask(snapshot.kind, facts.completedStages),
    onTimeStages: stageMask(snapshot.kind, facts.onTimeStages),
  };
}
