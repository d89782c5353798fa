import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, registered on the namespace at worker start-up (libs/temporal) so that
 * Temporal's own UI can filter cycles by organisation, year, stage and overdue state.
 */
export const SA_ORGANIZATION = defineSearchAttributeKey('RolOrganization', SearchAttributeType.KEYWORD);
export const SA_YEAR = defineSearchAttributeKey('RolYear', SearchAttributeType.INT);
export const SA_STAGE = defineSearchAttributeKey('RolStage', SearchAttributeType.KEYWORD);
export const SA_OVERDUE = defineSearchAttributeKey('RolOverdue', SearchAttributeType.BOOL);

export const SEARCH_ATTRIBUTES = [SA_ORGANIZATION, SA_YEAR, SA_STAGE, SA_OVERDUE] as const;
