import type { IsoDate } from '../calendar/iso-date';
import type { ActorRef } from '../cycles/cycle-state';
import { Evaluation, ShufaResult } from './scoring';
import { ShufaSettings } from './shufa-settings';

/** 现场述法's record: when and where, the 点评, and each 质询 with its answer. */
export interface MeetingRecord {
  date: IsoDate;
  place: string | null;
  comments: string[];
  questions: { by: string; question: string; answer: string }[];
  recordedBy: ActorRef;
  at: number;
}

/**
 * What a 述法 cycle holds beyond its stages: the settings it runs by (the calendar's, or changed for
 * this cycle until evaluation closes), the evaluators' marks (secret until it closes), the meeting
 * and the result.
 */
export interface ShufaState {
  settings: ShufaSettings;
  evaluations: Evaluation[];
  meeting: MeetingRecord | null;
  result: ShufaResult | null;
  /** When the evaluation closed (every member scored, or its due date passed). */
  closedAt: number | null;
  /** When the office issued the 问题清单 (null: not yet; the rectification stage's own deadline runs). */
  listIssuedAt?: number | null;
}

export function startShufa(settings: ShufaSettings): ShufaState {
  return { settings, evaluations: [], meeting: null, result: null, closedAt: null };
}
