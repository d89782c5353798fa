import type { IsoDate } from '../calendar/iso-date';
import type { CalendarStage } from '../calendar/stages';
import type { CycleSnapshot } from '../cycles/cycle-state';
import type { Disclosure } from './disclosure';

/** The meeting that discussed the report before it was signed (党委（党组）会议、局长办公会…). */
export type Meeting = { type: string; date: IsoDate };

/** What an advance records with the stages that record anything: the stage record's `details`. */
export type AdvanceDetailsByStage = {
  /** The draft version that goes on to review: the text reviewed, signed and published. */
  drafting: { draftVersion: number };
  sign_off: { meeting: Meeting };
  submission: { recipients: string[] };
  publication: { disclosure: Disclosure; draftVersion: number };
  /** The 述法 report version that goes on to review and evaluation. */
  shufa_writing: { reportVersion: number };
};

/** The details an advance of stage `S` carries (none for the stages not above). */
export type AdvanceDetails<S extends CalendarStage = CalendarStage> = S extends keyof AdvanceDetailsByStage
  ? AdvanceDetailsByStage[S]
  : Record<string, never>;

type Stages = Pick<CycleSnapshot, 'stages'>;

// Stored records are read as the code of their time wrote them: each field is checked, not assumed.

/** The draft version the drafting stage last ended with, or null. */
export function recordedDraftVersion(snapshot: Stages): number | null {
  const details = snapshot.stages.find((s) => s.stage === 'drafting')?.record?.details;
  return typeof details?.draftVersion === 'number' ? details.draftVersion : null;
}

/** What the report's publication recorded, once it was published (advanced), or null. */
export function recordedPublication(snapshot: Stages): AdvanceDetailsByStage['publication'] | null {
  const record = snapshot.stages.find((s) => s.stage === 'publication')?.record;
  if (record?.outcome !== 'advanced' || !isPublicationDetails(record.details)) return null;
  return record.details;
}

function isPublicationDetails(
  details: Record<string, unknown> | undefined,
): details is AdvanceDetailsByStage['publication'] {
  return typeof details?.disclosure === 'object' && details.disclosure !== null;
}
