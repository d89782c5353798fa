/**
 * The shapes of the API's answers the console reads. The OpenAPI document does not describe answers
 * yet; once every route declares its response schema, these give way to the generated types.
 */
import type { Role } from '@domain/roles';

export interface Organization {
  id: string;
  name: string;
  kind: string;
}

export interface Me {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  mustChangePassword: boolean;
  organization: Organization | null;
}

export interface SignIn {
  accessToken: string;
  user: Omit<Me, 'organization'>;
}

export interface Task {
  kind: 'report' | 'shufa';
  cycleId: string;
  stage: string;
  action: string;
  dueAt: string | null;
  overdue: boolean;
  divisionId?: string;
  rectificationItemId?: string;
}

export interface StageView {
  stage: string;
  dueAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  extended?: boolean;
  overdueBy?: string;
}

export interface CycleView {
  id: string;
  kind: 'report' | 'shufa';
  organizationId: string;
  year: number;
  stage: string;
  dueAt: string | null;
  overdue: boolean;
  rework: number;
  stages: StageView[];
}

export interface SectionCheck {
  found: { key: string; heading: string; line: number }[];
  missing: { key: string; title: string }[];
}

export interface TextVersion {
  version: number;
  createdAt: string;
  sectionCheck?: SectionCheck;
  contentCheck?: SectionCheck;
}

export interface Page<T> {
  items: T[];
  total?: number;
}
