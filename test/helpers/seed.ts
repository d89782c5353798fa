import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export const SEED_PASSWORD = 'seed-password-123';
const SEED_HASH = bcrypt.hashSync(SEED_PASSWORD, 4);

export interface SeededDepartment {
  id: string;
  code: string;
  leaderId: string | null;
  leaderEmail: string | null;
}

export interface SeededJurisdiction {
  id: string;
  code: string;
  departments: SeededDepartment[];
}

/**
 * A jurisdiction with many departments, each with a principal leader, written straight into the
 * database (thousands through the API would only measure bcrypt). Same rows the API would write.
 */
export async function seedJurisdiction(
  databaseUrl: string,
  options: { code: string; departments: number; withLeaders?: boolean },
): Promise<SeededJurisdiction> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    const jurisdictionId = randomUUID();
    await db.query(
      `INSERT INTO organization (id, code, name, kind, parent_id, path) VALUES ($1, $2, $3, 'jurisdiction', NULL, $4)`,
      [jurisdictionId, options.code, `测试辖区 ${options.code}`, `/${jurisdictionId}/`],
    );
    const departments: SeededDepartment[] = [];
    for (let i = 1; i <= options.departments; i++) {
      const code = `${options.code}-d${String(i).padStart(4, '0')}`;
      const withLeader = options.withLeaders ?? true;
      departments.push({
        id: randomUUID(),
        code,
        leaderId: withLeader ? randomUUID() : null,
        leaderEmail: withLeader ? `leader-${code}@seed.test`.toLowerCase() : null,
      });
    }
    await db.query(
      `INSERT INTO organization (id, code, name, kind, parent_id, path)
       SELECT id, code, '测试部门 ' || code, 'department', $1, $2 || id || '/'
         FROM unnest($3::uuid[], $4::text[]) AS d(id, code)`,
      [jurisdictionId, `/${jurisdictionId}/`, departments.map((d) => d.id), departments.map((d) => d.code)],
    );
    const led = departments.filter((d) => d.leaderId);
    await db.query(
      `INSERT INTO app_user (id, name, email, password_hash, organization_id, roles)
       SELECT id, '局长 ' || org, email, $1, org, '{leader}'
         FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS u(id, email, org)`,
      [SEED_HASH, led.map((d) => d.leaderId), led.map((d) => d.leaderEmail), led.map((d) => d.id)],
    );
    await db.query(
      `UPDATE organization o SET principal_leader_id = d.leader
         FROM unnest($1::uuid[], $2::uuid[]) AS d(id, leader) WHERE o.id = d.id`,
      [led.map((d) => d.id), led.map((d) => d.leaderId)],
    );
    await db.query('COMMIT');
    return { id: jurisdictionId, code: options.code, departments };
  } finally {
    await db.end();
  }
}

/** A calendar body whose report and 述法 stages fall `first`, `first + step`, … from now. */
export function calendarRelativeToNow(
  jurisdictionId: string,
  options: { firstMs: number; stepMs: number; reminders?: string[]; escalation?: { after: string; every: string } },
) {
  const now = Date.now();
  const at = (i: number) => new Date(now + options.firstMs + i * options.stepMs).toISOString();
  const stages = ['contributions', 'drafting', 'legality_review', 'sign_off', 'submission', 'publication'];
  const shufa = ['shufa_writing', 'shufa_materials_review', 'shufa_evaluation', 'shufa_rectification'];
  return {
    jurisdictionId,
    year: new Date(now).getFullYear(),
    // Test instants are seconds apart: moving them to a working day would reorder them.
    rollover: 'none',
    due: Object.fromEntries([...stages.map((s, i) => [s, at(i)]), ...shufa.map((s, i) => [s, at(i)])]),
    reminders: options.reminders ?? ['P1D'],
    escalation: options.escalation ?? { after: 'P1D', every: 'P3D' },
    // Notices seconds apart, whenever the suite runs: no waiting for office hours.
    quietHours: { enabled: false },
  };
}

/**
 * One user with `role` in each department, written straight into the database like
 * seedJurisdiction (same rows the API would write), all with SEED_PASSWORD.
 */
export async function seedStaff(
  databaseUrl: string,
  departments: readonly Pick<SeededDepartment, 'id' | 'code'>[],
  role: string,
): Promise<{ id: string; email: string; organizationId: string }[]> {
  const users = departments.map((d) => ({
    id: randomUUID(),
    email: `${role}-${d.code}@seed.test`.toLowerCase(),
    organizationId: d.id,
  }));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO app_user (id, name, email, password_hash, organization_id, roles)
       SELECT id, $2 || ' ' || email, email, $1, org, $3::text[]
         FROM unnest($4::uuid[], $5::text[], $6::uuid[]) AS u(id, email, org)`,
      [SEED_HASH, role, [role], users.map((u) => u.id), users.map((u) => u.email), users.map((u) => u.organizationId)],
    );
    return users;
  } finally {
    await db.end();
  }
}

/**
 * The body of a launch a test expects to start. Test due dates run days or weeks from now; in December
 * they reach into next year, whose holidays the State Council has not published yet, and the launch
 * then needs the administrator's acknowledgement (422 HOLIDAYS_UNKNOWN without it, as
 * working-days.e2e-spec checks). Where every year is known, it changes nothing.
 */
export function launchBody<T extends object>(extra?: T): T & { acknowledgeUnknownHolidays: true } {
  return { ...(extra ?? ({} as T)), acknowledgeUnknownHolidays: true };
}
