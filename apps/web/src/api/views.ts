/**
 * Short names for the answers the console reads, all generated from the API's OpenAPI document
 * (schema.d.ts, by `npm run web:types`): nothing here is written by hand.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Organization = Schemas['OrganizationView'];
export type Me = Schemas['MeView'];
export type SignIn = Schemas['SessionView'];
export type Task = Schemas['TaskView'];
export type StageView = Schemas['CycleStageView'];
export type CycleView = Schemas['CycleView'];
export type CycleDetail = Schemas['CycleDetailView'];
export type Contribution = Schemas['ContributionView'];
export type Publication = Schemas['PublicationView'];
export type SectionCheck = Schemas['SectionCheckView'];
export type DraftSummary = Schemas['DraftSummaryView'];
export type ShufaReportSummary = Schemas['ShufaReportSummaryView'];
/** A version of a cycle's text: a report draft (sectionCheck) or a 述法 report (contentCheck). */
export type TextVersion = { version: number; createdAt?: string } & (
  Pick<Schemas['DraftSummaryView'], 'sectionCheck'> | Pick<Schemas['ShufaReportSummaryView'], 'contentCheck'>
);

export interface Page<T> {
  items: T[];
  total?: number;
}

/** The check of a version, whichever kind of text it is. */
export function textCheck(version: TextVersion): SectionCheck {
  return 'sectionCheck' in version ? version.sectionCheck : version.contentCheck;
}
