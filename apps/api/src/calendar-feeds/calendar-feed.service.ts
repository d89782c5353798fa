import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '@rol/config';
import { Actor, cycleOwner, NotFoundError, Role } from '@rol/domain';
import { appendAudit, openCyclesOnLine, preparedQuery } from '@rol/persistence';
import { AuthenticatedActor, auditActor } from '../common/actor';
import { APP_CONFIG } from '../common/tokens';
import { FeedCycle, feedDeadlines } from './feed-deadlines';
import { FEED_TOKEN_PATTERN, feedToken, feedTokenHash, newFeedNonce } from './feed-token';
import { renderCalendar } from './icalendar';

export interface CalendarFeedView {
  url: string;
  issuedAt: string;
}

interface FeedRow {
  nonce: string;
  token_hash: string;
  issued_at: Date;
}

/** The feed's owner, as the access rules see him, found by his token. */
const OWNER_BY_TOKEN_SQL = `
  SELECT u.id, u.organization_id, u.roles, o.path
    FROM calendar_feed f
    JOIN app_user u ON u.id = f.user_id AND u.active
    LEFT JOIN organization o ON o.id = u.organization_id
   WHERE f.token_hash = $1`;

/**
 * Each event's SEQUENCE: kept per UID, raised by one whenever the due instant differs from the one
 * last served (never lowered). Rows go in UID order so concurrent fetches cannot deadlock; a fetch
 * racing another with the same new instant raises it once. Read back by a statement of its own, so
 * what a concurrent fetch committed meanwhile is seen too.
 */
const RECORD_DUE_SQL = `
  INSERT INTO calendar_feed_event AS e (uid, due_at)
  SELECT t.uid, t.due_at FROM unnest($1::text[], $2::timestamptz[]) AS t(uid, due_at) ORDER BY t.uid
  ON CONFLICT (uid) DO UPDATE SET due_at = EXCLUDED.due_at, sequence = e.sequence + 1, changed_at = now()
    WHERE e.due_at IS DISTINCT FROM EXCLUDED.due_at`;
const SEQUENCES_SQL = `SELECT uid, sequence, changed_at FROM calendar_feed_event WHERE uid = ANY($1::text[])`;

/**
 * Calendar feeds (API.md): each user's secret feed URL, its rotation (audited like every other
 * change of a credential), and the iCalendar of the deadlines he is told of.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller's feed URL; the first call issues it. */
  async feed(actor: AuthenticatedActor, baseUrl: string): Promise<CalendarFeedView> {
    const [row] = await this.dataSource.query<FeedRow[]>(
      `SELECT nonce, token_hash, issued_at FROM calendar_feed WHERE user_id = $1`,
      [actor.userId],
    );
    // A URL that can no longer be derived (the server's secret changed) is replaced, like a rotation.
    if (row && this.tokenOf(actor.userId, row).hash === row.token_hash) return this.view(actor.userId, row, baseUrl);
    return this.issue(actor, baseUrl, row ? 'replace' : 'first');
  }

  /** Revokes the caller's feed URL at once and gives him a new one. */
  rotate(actor: AuthenticatedActor, baseUrl: string): Promise<CalendarFeedView> {
    return this.issue(actor, baseUrl, 'replace');
  }

  private async issue(
    actor: AuthenticatedActor,
    baseUrl: string,
    mode: 'first' | 'replace',
  ): Promise<CalendarFeedView> {
    const nonce = newFeedNonce();
    const hash = feedTokenHash(feedToken(this.config.jwtSecret, actor.userId, nonce));
    return this.dataSource.transaction(async (manager) => {
      // A first URL, unless one exists (a concurrent first request waits here for the other's).
      const [inserted] = await manager.query<FeedRow[]>(
        `INSERT INTO calendar_feed (user_id, nonce, token_hash) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO NOTHING RETURNING nonce, token_hash, issued_at`,
        [actor.userId, nonce, hash],
      );
      if (inserted) {
        await this.audit(manager, actor, undefined, inserted);
        return this.view(actor.userId, inserted, baseUrl);
      }
      const [before] = await manager.query<FeedRow[]>(
        `SELECT nonce, token_hash, issued_at FROM calendar_feed WHERE user_id = $1 FOR UPDATE`,
        [actor.userId],
      );
      if (mode === 'first') return this.view(actor.userId, before, baseUrl);
      // The old token's hash is replaced: from the commit on, its URL is not found.
      // For an UPDATE, TypeORM answers [rows, affected].
      const [[row]] = (await manager.query(
        `UPDATE calendar_feed SET nonce = $2, token_hash = $3, issued_at = now() WHERE user_id = $1
         RETURNING nonce, token_hash, issued_at`,
        [actor.userId, nonce, hash],
      )) as [FeedRow[], number];
      await this.audit(manager, actor, before, row);
      return this.view(actor.userId, row, baseUrl);
    });
  }

  private audit(manager: EntityManager, actor: AuthenticatedActor, before: FeedRow | undefined, row: FeedRow) {
    // Neither the token nor its hash goes into the trail: when, and by whom, is what it records.
    return appendAudit(manager, {
      actor: auditActor(actor),
      action: before ? 'calendar_feed.rotated' : 'calendar_feed.issued',
      subjectType: 'user',
      subjectId: actor.userId,
      before: before ? { issuedAt: before.issued_at.toISOString() } : undefined,
      after: { issuedAt: row.issued_at.toISOString() },
    });
  }

  private tokenOf(userId: string, row: FeedRow) {
    const token = feedToken(this.config.jwtSecret, userId, row.nonce);
    return { token, hash: feedTokenHash(token) };
  }

  private view(userId: string, row: FeedRow, baseUrl: string): CalendarFeedView {
    const { token } = this.tokenOf(userId, row);
    return { url: `${baseUrl}/feeds/${token}.ics`, issuedAt: row.issued_at.toISOString() };
  }

  /** The iCalendar text of the feed a token opens; an unknown, rotated or malformed token is not found. */
  async calendar(token: string): Promise<string> {
    const notFound = () => new NotFoundError('日历订阅', '');
    if (!FEED_TOKEN_PATTERN.test(token)) throw notFound();
    const [owner] = await preparedQuery<{
      id: string;
      organization_id: string | null;
      roles: Role[];
      path: string | null;
    }>(this.dataSource, OWNER_BY_TOKEN_SQL, [feedTokenHash(token)]);
    if (!owner) throw notFound();
    const actor: Actor = {
      userId: owner.id,
      organizationId: owner.organization_id,
      organizationPath: owner.path,
      roles: owner.roles,
    };
    const deadlines = feedDeadlines(actor, await this.openCycles(actor));
    const uids = deadlines.map((d) => d.uid);
    await this.dataSource.query(RECORD_DUE_SQL, [uids, deadlines.map((d) => new Date(d.dueAt).toISOString())]);
    const stored = await this.dataSource.query<{ uid: string; sequence: number; changed_at: Date }[]>(SEQUENCES_SQL, [
      uids,
    ]);
    const sequences = new Map(stored.map((r) => [r.uid, r]));
    return renderCalendar({
      name: '法治工作截止日期',
      events: deadlines.map((d) => {
        const kept = sequences.get(d.uid);
        return {
          ...d,
          startsAt: d.dueAt,
          sequence: kept?.sequence ?? 0,
          stampedAt: kept ? kept.changed_at.getTime() : Date.now(),
        };
      }),
    });
  }

  /** The cycles still running on the person's line (a prefilter: the feed's rule then picks the deadlines). */
  private async openCycles(actor: Actor): Promise<FeedCycle[]> {
    const cycles = await openCyclesOnLine(this.dataSource.manager, actor, 'c.id');
    const divisionIds = [...new Set(cycles.flatMap(({ row }) => row.state.divisions ?? []))];
    const names = new Map<string, string>(
      divisionIds.length === 0
        ? []
        : (
            await this.dataSource.query<{ id: string; name: string }[]>(
              `SELECT id, name FROM organization WHERE id = ANY($1::uuid[])`,
              [divisionIds],
            )
          ).map((o) => [o.id, o.name]),
    );
    return cycles.map(({ row, owner }) => ({
      snapshot: row.state,
      owner: cycleOwner(row, owner),
      departmentName: owner.name,
      divisionNames: names,
    }));
  }
}
