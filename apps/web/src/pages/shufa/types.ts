/**
 * A 述法 cycle's own part as the API answers it. The OpenAPI document describes these parts as loose
 * objects (`panel`, `dimensions`, `scale`, `result`, `meeting`), so their shapes are named here, after
 * libs/domain/src/shufa.
 */
import { useQuery } from '@tanstack/react-query';
import { EVALUATOR_TYPE_LABELS, RATINGS, SHUFA_MODE_LABELS } from '@domain/shufa/shufa-settings';
import type { EvaluatorType, Rating, ShufaMode } from '@domain/shufa/shufa-settings';
import { answer, api, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import type { CycleView } from '../../api/views';

export { EVALUATOR_TYPE_LABELS, RATINGS, SHUFA_MODE_LABELS };
export type { EvaluatorType, Rating, ShufaMode };

export interface PanelMember {
  userId: string;
  type: EvaluatorType;
}

export interface Dimension {
  name: string;
  weight: number;
}

export type Scale = { kind: 'scores' } | { kind: 'ratings'; coefficients: Record<Rating, number> };

export type Marks = { scores: Record<string, number> } | { ratings: Record<string, Rating> };

export interface Evaluation {
  userId: string;
  marks: Marks;
  comment: string | null;
  at: number;
}

export interface ShufaResult {
  score: number | null;
  grade: string | null;
  insufficient: boolean;
  panelSize: number;
  quorumNeeded: number;
  evaluators: { userId: string; score: number; counted: boolean }[];
  missing: string[];
  marks: Evaluation[];
}

export interface Meeting {
  date: string;
  place: string | null;
  comments: string[];
  questions: { by: string; question: string; answer: string }[];
  recordedBy?: { id: string | null; label: string };
  at?: number;
}

export interface RectificationEvent {
  action: 'issued' | 'done' | 'reopened' | 'verified' | 'carried';
  at: string | null;
  by: { id: string | null; label: string } | null;
  comment?: string | null;
  evidence?: string | null;
}

export type RectificationItem = Omit<components['schemas']['RectificationItemView'], 'history' | 'carriedFrom'> & {
  history: RectificationEvent[];
  carriedFrom: { cycleId: string; year: number } | null;
};

type ApiCycle = components['schemas']['CycleView'];

export type ShufaCycle = Omit<
  ApiCycle,
  'panel' | 'dimensions' | 'scale' | 'result' | 'meeting' | 'rectificationItems' | 'mode'
> & {
  mode: ShufaMode;
  panel: PanelMember[];
  dimensions: Dimension[];
  scale: Scale;
  scored: number;
  evaluationClosedAt: string | null;
  grade: string | null;
  result: ShufaResult | null;
  meeting: Meeting | null;
  rectificationItems: RectificationItem[];
};

export interface EvaluationsAnswer {
  closed: boolean;
  scored: number;
  of: number;
  own?: Evaluation | null;
  result: ShufaResult | null;
  meeting: Meeting | null;
}

/** The page's cycle, read as a 述法 (the page passes the narrower shape every cycle shares). */
export function asShufa(cycle: CycleView): ShufaCycle {
  const c = cycle as unknown as Partial<ShufaCycle> & CycleView;
  return {
    ...(c as unknown as ShufaCycle),
    mode: c.mode ?? 'written',
    panel: c.panel ?? [],
    dimensions: c.dimensions ?? [],
    scale: c.scale ?? { kind: 'scores' },
    scored: c.scored ?? 0,
    evaluationClosedAt: c.evaluationClosedAt ?? null,
    grade: c.grade ?? null,
    result: c.result ?? null,
    meeting: c.meeting ?? null,
    rectificationItems: c.rectificationItems ?? [],
  };
}

/** The panel, mode and dimensions may change until the evaluation closes (libs/domain settingsOpen). */
export function settingsOpen(cycle: ShufaCycle): boolean {
  return (
    cycle.evaluationClosedAt === null &&
    ['shufa_writing', 'shufa_materials_review', 'shufa_evaluation'].includes(cycle.stage)
  );
}

export const RECTIFICATION_STATUS: Record<string, { text: string; color: string }> = {
  open: { text: '整改中', color: 'processing' },
  done: { text: '已报告完成，待核验', color: 'warning' },
  verified: { text: '已销号', color: 'success' },
};

export const RECTIFICATION_EVENTS: Record<string, string> = {
  issued: '下发',
  done: '报告完成',
  reopened: '退回重改',
  verified: '核验销号',
  carried: '转入本年度',
};

/**
 * A field's messages from the API's coded error, under any of the exact names it may come by: the
 * request check names `dimensions.0.weight`, the domain `settings.dimensions[0].weight`.
 */
export function fieldStatusAny(error: unknown, ...fields: string[]) {
  if (!(error instanceof ApiError)) return {};
  // A workflow's refusal repeats the field before its message ("settings.mode: …"): shown once, under it.
  const messages = (error.details.fields ?? [])
    .filter((f) => fields.includes(f.field))
    .flatMap((f) => f.problems.map((p) => (p.startsWith(`${f.field}: `) ? p.slice(f.field.length + 2) : p)));
  return messages.length ? { validateStatus: 'error' as const, help: [...new Set(messages)].join('；') } : {};
}

export interface EvaluatorUser {
  id: string;
  name: string;
}

/**
 * The jurisdiction's evaluators the caller may see (names for the panel). Whoever sees less (a
 * department's leader) gets an empty page, and the panel shows types only.
 */
export function useJurisdictionEvaluators(jurisdictionId: string) {
  return useQuery({
    queryKey: ['users', 'evaluators', jurisdictionId],
    queryFn: () =>
      answer<components['schemas']['UserPage']>(
        api.GET('/api/users', {
          params: { query: { organizationId: jurisdictionId, role: 'evaluator', limit: 200 as never } },
        }),
      ),
    select: (page): EvaluatorUser[] => page.items.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name })),
  });
}

interface AuditPage {
  items: { action: string; actor: { id: string | null; label: string } }[];
}

/** Who has scored (not what): the audit trail names each evaluator who handed in marks. */
export function useScoredBy(cycleId: string) {
  return useQuery({
    queryKey: ['audit', 'shufa', cycleId, 'scored-by'],
    queryFn: () =>
      answer<AuditPage>(
        api.GET('/api/shufa-cycles/{id}/audit', {
          params: { path: { id: cycleId }, query: { limit: 200 } as never },
        }),
      ),
    select: (page) =>
      new Set(page.items.filter((e) => e.action === 'shufa.evaluated' && e.actor.id).map((e) => e.actor.id as string)),
  });
}
