/**
 * A 述法 cycle's own part as the API answers it: every shape generated from the API's OpenAPI
 * document (schema.d.ts); the labels and ratings come from libs/domain.
 */
import { useQuery } from '@tanstack/react-query';
import { EVALUATOR_TYPE_LABELS, RATINGS, SHUFA_MODE_LABELS } from '@domain/shufa/shufa-settings';
import type { EvaluatorType, Rating, ShufaMode } from '@domain/shufa/shufa-settings';
import { answer, api, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import type { CycleView } from '../../api/views';

export { EVALUATOR_TYPE_LABELS, RATINGS, SHUFA_MODE_LABELS };
export type { EvaluatorType, Rating, ShufaMode };

type Schemas = components['schemas'];

export type PanelMember = Schemas['PanelMemberView'];
export type Dimension = Schemas['DimensionView'];
export type Scale = Schemas['ScoresScaleView'] | Schemas['RatingsScaleView'];
export type Marks = Schemas['ScoreMarksView'] | Schemas['RatingMarksView'];
export type Evaluation = Schemas['EvaluationView'];
export type ShufaResult = Schemas['ShufaResultView'];
export type Meeting = Schemas['MeetingView'];
export type RectificationEvent = Schemas['RectificationEventView'];
export type RectificationItem = Schemas['RectificationItemView'];
export type EvaluationsAnswer = Schemas['EvaluationsView'];

/** The parts only a 述法 cycle has (optional in CycleView, which every cycle shares). */
type ShufaPart =
  | 'mode'
  | 'panel'
  | 'dimensions'
  | 'scale'
  | 'scored'
  | 'evaluationClosedAt'
  | 'grade'
  | 'result'
  | 'meeting'
  | 'rectificationItems';

export type ShufaCycle = Omit<CycleView, ShufaPart> & { [K in ShufaPart]-?: Exclude<CycleView[K], undefined> };

/** The page's cycle, read as a 述法 (the page passes the shape every cycle shares). */
export function asShufa(c: CycleView): ShufaCycle {
  return {
    ...c,
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
          params: { query: { organizationId: jurisdictionId, role: 'evaluator', limit: 200 } },
        }),
      ),
    select: (page): EvaluatorUser[] => page.items.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name })),
  });
}

/** Who has scored (not what): the audit trail names each evaluator who handed in marks. */
export function useScoredBy(cycleId: string) {
  return useQuery({
    queryKey: ['audit', 'shufa', cycleId, 'scored-by'],
    queryFn: () =>
      answer(
        api.GET('/api/shufa-cycles/{id}/audit', {
          params: { path: { id: cycleId }, query: { limit: 200 } },
        }),
      ),
    select: (page) =>
      new Set(page.items.filter((e) => e.action === 'shufa.evaluated' && e.actor.id).map((e) => e.actor.id as string)),
  });
}
