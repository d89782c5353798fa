import { Brackets, EntityManager } from 'typeorm';
import type { Audience, CycleSnapshot } from '@rol/domain';
import { OrganizationEntity } from '../entities/organization.entity';
import { UserEntity } from '../entities/user.entity';

/**
 * The active users an audience names, in one query, ordered by email. Who belongs in it is the
 * domain's rule (`audience`, `whoIsTold`); this only lists the sets it describes.
 */
export async function findAudience(manager: EntityManager, people: readonly Audience[]): Promise<UserEntity[]> {
  if (people.length === 0) return [];
  return manager
    .getRepository(UserEntity)
    .createQueryBuilder('u')
    .leftJoin(OrganizationEntity, 'o', 'o.id = u.organization_id')
    .where('u.active')
    .andWhere(
      new Brackets((any) => {
        people.forEach((a, i) => {
          switch (a.kind) {
            case 'person':
              any.orWhere(`u.id = :user${i}`, { [`user${i}`]: a.userId });
              break;
            case 'roles-at':
              any.orWhere(`(u.roles && :roles${i} AND u.organization_id = :org${i})`, {
                [`roles${i}`]: a.roles,
                [`org${i}`]: a.organizationId,
              });
              break;
            case 'roles-within':
              any.orWhere(`(u.roles && :roles${i} AND starts_with(o.path, :path${i}))`, {
                [`roles${i}`]: a.roles,
                [`path${i}`]: a.path,
              });
              break;
          }
        });
      }),
    )
    .orderBy('u.email')
    .getMany();
}

/** What "who" needs to know about a cycle: its department (path, principal leader) and the cycle's leader and state. */
export interface CycleOwnerRow {
  departmentPath: string;
  principalLeaderId: string | null;
  /** Null when the cycle's row is not (yet) written. */
  cycleLeaderId: string | null;
  state: CycleSnapshot | null;
}

export async function findCycleOwnerRow(
  manager: EntityManager,
  cycleId: string,
  departmentId: string,
): Promise<CycleOwnerRow | null> {
  const [row]: {
    path: string;
    principal_leader_id: string | null;
    leader_id: string | null;
    state: CycleSnapshot | null;
  }[] = await manager.query(
    `SELECT d.path, d.principal_leader_id, c.leader_id, c.state
         FROM organization d LEFT JOIN cycle c ON c.id = $1
        WHERE d.id = $2`,
    [cycleId, departmentId],
  );
  return row
    ? {
        departmentPath: row.path,
        principalLeaderId: row.principal_leader_id,
        cycleLeaderId: row.leader_id,
        state: row.state,
      }
    : null;
}
