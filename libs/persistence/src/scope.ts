import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Actor } from '@rol/domain';

/** The SQL form of `canSeeAlongLine`: `orgAlias` is the joined owning organisation. */
export function whereAlongLine<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  orgAlias: string,
  actor: Actor,
): SelectQueryBuilder<T> {
  if (actor.organizationPath === null) return qb;
  return qb.andWhere(`(${orgAlias}.path LIKE :scope OR :own LIKE ${orgAlias}.path || '%')`, {
    scope: `${actor.organizationPath}%`,
    own: actor.organizationPath,
  });
}
