import { CalendarStage } from '../calendar/stages';
import { CycleKind } from '../cycles/cycle';

/**
 * The console's actions a notice links to (`/report-cycles/<id>?action=…`, `/shufa-cycles/<id>?action=…`):
 * the step its recipient is asked to take, or `oversee` for someone asked to see that others take it.
 */
export const CONSOLE_ACTIONS = [
  'contribute',
  'draft',
  'review',
  'sign_off',
  'submit',
  'publish',
  'write',
  'review_materials',
  'evaluate',
  'rectify',
  'oversee',
] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

/**
 * Whom a notice is addressed to, as far as what it asks:
 * - `actor`: a person who acts on the item (a reminder's recipients, every escalation round's first ones);
 * - `overseer`: a person the escalation ladder adds above them (the principal leader, the 依法治X办),
 *   asked to see that it is done — unless he acts on it himself, then he is an `actor`;
 * - `channel`: the department's own mailbox or group robot, read by everyone there.
 */
export type NoticeRecipientRole = 'actor' | 'overseer' | 'channel';

/** What a deadline notice is about: the stage, and the item of it with a deadline of its own. */
export interface NoticeTopic {
  stage: CalendarStage;
  /** A division's part of the material. */
  divisionId?: string;
  /** Its name, when known ("市场监管科"). */
  divisionName?: string;
  /** An item of a 述法 cycle's 问题清单. */
  rectificationItemId?: string;
}

/** What a notice asks of its recipient: the console action, and the request in Chinese. */
export interface NoticeAction {
  action: ConsoleAction;
  /** "请提交本处室的材料", "请督促合法性审核人尽快提交合法性审查意见" (no final punctuation). */
  text: string;
}

interface ActionWords {
  action: Exclude<ConsoleAction, 'oversee'>;
  /** The request to whoever acts on it. */
  ask: string;
  /** Who acts on it, named to others. */
  who: string;
  /** What they do, after "请督促<who>尽快". */
  task: string;
}

/** The one table of what each deadline asks; the items with deadlines of their own come first. */
const DIVISION_PART: ActionWords = { action: 'contribute', ask: '请提交本处室的材料', who: '', task: '提交材料' };
const RECTIFICATION_ITEM: ActionWords = {
  action: 'rectify',
  ask: '请报告问题整改情况',
  who: '述法的主要负责人',
  task: '报告问题整改情况',
};
const STAGE_WORDS: Record<CalendarStage, ActionWords> = {
  // A division's part, or (cycles started before deadline items) every part still to hand in.
  contributions: { ...DIVISION_PART, who: '尚未报送材料的处室' },
  drafting: { action: 'draft', ask: '请提交报告草稿', who: '本单位法制工作人员', task: '提交报告草稿' },
  legality_review: {
    action: 'review',
    ask: '请提交合法性审查意见',
    who: '合法性审核人',
    task: '提交合法性审查意见',
  },
  sign_off: { action: 'sign_off', ask: '请审签年度报告', who: '本单位主要负责人', task: '审签年度报告' },
  submission: { action: 'submit', ask: '请报送年度报告', who: '本单位法制工作人员', task: '报送年度报告' },
  publication: { action: 'publish', ask: '请公开年度报告', who: '本单位政务公开人员', task: '公开年度报告' },
  shufa_writing: { action: 'write', ask: '请提交述法报告', who: '述法的主要负责人', task: '提交述法报告' },
  shufa_materials_review: {
    action: 'review_materials',
    ask: '请审核述法材料',
    who: '依法治理办公室',
    task: '审核述法材料',
  },
  shufa_evaluation: { action: 'evaluate', ask: '请完成述法评分', who: '述法评议人', task: '完成述法评分' },
  // Before the 问题清单 is issued, the stage's own deadline is the office's.
  shufa_rectification: {
    action: 'rectify',
    ask: '请下达述法问题清单',
    who: '依法治理办公室',
    task: '下达述法问题清单',
  },
};

function wordsFor(topic: NoticeTopic): ActionWords {
  if (topic.rectificationItemId) return RECTIFICATION_ITEM;
  if (topic.divisionId) return { ...DIVISION_PART, who: topic.divisionName || '该处室' };
  return STAGE_WORDS[topic.stage];
}

/**
 * What a deadline notice asks of its recipient, by what it is about and whom it goes to: the one rule
 * the worker's notices and the console share.
 */
export function noticeAction(topic: NoticeTopic, role: NoticeRecipientRole): NoticeAction {
  const words = wordsFor(topic);
  switch (role) {
    case 'actor':
      return { action: words.action, text: words.ask };
    case 'overseer':
      return { action: 'oversee', text: `请督促${words.who}尽快${words.task}` };
    case 'channel':
      return { action: words.action, text: `请${words.who}${words.task}` };
  }
}

/** Where in the console an action is taken. */
export interface ConsoleLink {
  kind: CycleKind;
  cycleId: string;
  action: ConsoleAction;
  /** A division's part of the material. */
  divisionId?: string;
  /** An item of a 述法 cycle's 问题清单. */
  itemId?: string;
}

const CYCLE_PAGES: Record<CycleKind, string> = { report: '/report-cycles/', shufa: '/shufa-cycles/' };

/** The console's path (with its query) for an action: `/report-cycles/<id>?action=draft`. */
export function consolePath(link: ConsoleLink): string {
  const query = [`action=${encodeURIComponent(link.action)}`];
  if (link.divisionId) query.push(`divisionId=${encodeURIComponent(link.divisionId)}`);
  if (link.itemId) query.push(`itemId=${encodeURIComponent(link.itemId)}`);
  return `${CYCLE_PAGES[link.kind]}${encodeURIComponent(link.cycleId)}?${query.join('&')}`;
}

/**
 * The absolute address of that page under the console's public base address (`PUBLIC_URL`, which may
 * carry a path of its own and a trailing slash or not).
 */
export function consoleUrl(publicUrl: string, link: ConsoleLink): string {
  return `${publicUrl.replace(/\/+$/, '')}${consolePath(link)}`;
}

/** The console page a deadline notice links to, for the action it asks of its recipient. */
export function noticeLink(
  publicUrl: string,
  cycle: { kind: CycleKind; cycleId: string },
  topic: NoticeTopic,
  action: ConsoleAction,
): string {
  return consoleUrl(publicUrl, {
    ...cycle,
    action,
    ...(topic.divisionId ? { divisionId: topic.divisionId } : {}),
    ...(topic.rectificationItemId ? { itemId: topic.rectificationItemId } : {}),
  });
}
