import { Role } from './roles';
import { ValidationFailedError } from './errors';

export const ORGANIZATION_KINDS = ['jurisdiction', 'department', 'division'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  jurisdiction: '辖区',
  department: '部门',
  division: '处室',
};

/** Which kind of parent each kind may hang under (null: a root). */
export const ALLOWED_PARENTS: Record<OrganizationKind, readonly (OrganizationKind | null)[]> = {
  jurisdiction: [null, 'jurisdiction'],
  department: ['jurisdiction'],
  division: ['department'],
};

export function assertParentKind(kind: OrganizationKind, parentKind: OrganizationKind | null): void {
  if (!ALLOWED_PARENTS[kind].includes(parentKind)) {
    const allowed = ALLOWED_PARENTS[kind].map((k) => (k === null ? '无上级' : ORGANIZATION_KIND_LABELS[k])).join('或');
    throw ValidationFailedError.field('parentId', `${ORGANIZATION_KIND_LABELS[kind]}的上级必须是${allowed}`);
  }
}

/**
 * Organisations form a tree stored as a materialised path: "/<rootId>/<childId>/.../<ownId>/".
 * A subtree is every path that starts with the root's path.
 */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** The path of the organisation an organisation hangs under (null for a root). */
export function parentPath(path: string): string | null {
  const parent = path.slice(0, path.lastIndexOf('/', path.length - 2) + 1);
  return parent === '/' || parent === '' ? null : parent;
}

/** Who is acting, as far as access rules care. `organizationPath` null means a system-wide account. */
export interface Actor {
  userId: string;
  organizationId: string | null;
  organizationPath: string | null;
  roles: readonly Role[];
}

/** An actor sees his own organisation and everything below it; a system-wide account sees all. */
export function canSee(actor: Actor, targetPath: string): boolean {
  return actor.organizationPath === null || isWithin(targetPath, actor.organizationPath);
}

/** Administration (organisations, users, calendars) needs the admin role and the target in scope. */
export function canAdminister(actor: Actor, targetPath: string | null): boolean {
  if (!actor.roles.includes('admin')) return false;
  if (actor.organizationPath === null) return true;
  return targetPath !== null && isWithin(targetPath, actor.organizationPath);
}

/**
 * Things that belong to an organisation (a calendar, a cycle) are seen by everyone on its line: the
 * organisations above it (oversight) and below it (a division's staff see their department's cycle).
 */
export function canSeeAlongLine(actor: Actor, ownerPath: string): boolean {
  return (
    actor.organizationPath === null ||
    isWithin(ownerPath, actor.organizationPath) ||
    isWithin(actor.organizationPath, ownerPath)
  );
}

/** An admin of an organisation strictly above the target (a department's own admin does not oversee it). */
export function isAdminAbove(actor: Actor, targetPath: string): boolean {
  if (!actor.roles.includes('admin')) return false;
  if (actor.organizationPath === null) return true;
  return isWithin(targetPath, actor.organizationPath) && targetPath !== actor.organizationPath;
}

/**
 * Whether the actor may name a department as a 上级主管部门: one of a jurisdiction on his line (his
 * own or below it, or above it: the city's bureau for a district's bureau), never one of a
 * jurisdiction beside his.
 */
export function mayReferenceUpperDepartment(actor: Actor, departmentPath: string): boolean {
  return canSeeAlongLine(actor, parentPath(departmentPath) ?? departmentPath);
}
