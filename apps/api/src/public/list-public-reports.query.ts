import { OrganizationYearQuery } from '../common/organization-year.query';

export class ListPublicReportsQuery extends OrganizationYearQuery {}
