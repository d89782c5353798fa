import { shufaReportText } from './helpers/shufa-report';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Client } from 'pg';
import { startApi } from '@rol/api';
import { cycleStateQuery } from '@rol/contracts';
import { reportFixturesDir } from './helpers/fixtures';
import { waitUntil } from './helpers/processes';
import { creditCodeCheckChar, shanghaiDate } from '@rol/domain';
import { calendarRelativeToNow, SEED_PASSWORD, seedJurisdiction, seedStaff, launchBody } from './helpers/seed';
import { ADMIN, startTestSystem, TestSystem } from './helpers/test-system';

/**
 * Every route of the OpenAPI document gets every class of bad input, with real ids and with garbage
 * in its path, as a system administrator, as a department user holding every role (and the
 * department's principal leader), and (cheaply) without a login. Driven by /api/docs-json, so a new
 * route is covered the day it is added. Routes of a cycle are tried again on cycles standing in each
 * later stage, with the input whose fate depends on the stage (plausible bodies, impossible dates).
 * No answer may be a 5xx or take longer than REQUEST_TIMEOUT_MS; afterwards PostgreSQL and Temporal
 * must agree on every cycle, and the audit chains must verify.
 */

const DAY = 24 * 3_600_000;
const REQUEST_TIMEOUT_MS = 20_000;
const CONCURRENCY = 8;
const reportText = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, read as data.

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  /** `POST /api/report-cycles/{id}/advance` */
  route: string;
  method: string;
  template: string;
  params: Parameter[];
  body: Schema | null;
  /** Declared public (no bearer security): an anonymous caller gets the whole corpus there. */
  public: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown; security?: unknown[] }>>;
  components?: { schemas?: Record<string, Schema> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete'];

function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      ops.push({
        route: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        params: op.parameters ?? [],
        body: content?.['application/json']?.schema ?? null,
        public: !op.security || op.security.length === 0,
      });
    }
  }
  return ops;
}

function resolver(doc: OpenApiDocument) {
  const resolve = (schema: Schema | undefined, depth = 0): Schema => {
    if (!schema || depth > 20) return {};
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return resolve(doc.components?.schemas?.[name], depth + 1);
    }
    const parts = schema.allOf ?? schema.oneOf ?? schema.anyOf;
    if (parts) {
      const merged: Schema = { ...schema, allOf: undefined, oneOf: undefined, anyOf: undefined };
      for (const part of parts) Object.assign(merged, resolve(part, depth + 1));
      return merged;
    }
    return schema;
  };
  return resolve;
}

// ---------------------------------------------------------------------------------------------
// Inputs.

type Path = (string | number)[];
type QueryValue = string | { raw: string } | (string | { raw: string })[];

interface Field {
  path: Path;
  schema: Schema;
  /** The field's value in the plausible body, when the schema says little (a record like `due`). */
  sample: unknown;
}

const POISON: Record<string, string> = { nul: 'a\u0000b', surrogate: 'a\ud800b', escape: 'a\u001bb' };
/** The same, percent-encoded for a URL by hand (encodeURIComponent refuses a lone surrogate). */
const POISON_IN_URL: Record<string, string> = { nul: 'a%00b', surrogate: 'a%ED%A0%80b', escape: 'a%1Bb' };
const IMPOSSIBLE_DATES = ['2026-02-30', '2026-13-45', '0000-00-00', '2026-02-30T10:00:00+08:00'];
const MILLION = 'x'.repeat(1_000_000);
/** A string as long as the JSON body limit (about 3.9 MB, apps/api/src/common/request-limits.ts) lets through. */
const NEAR_LIMIT = 'x'.repeat(3_900_000);
const DEEP_JSON = `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
const MEGABYTE = Buffer.from(JSON.stringify({ content: 'x'.repeat(1024 * 1024) }));
const TEN_MEGABYTES = Buffer.from(JSON.stringify({ content: 'x'.repeat(10 * 1024 * 1024) }));
const MALFORMED = ['{', '{"a":', "{'a':1}", '[1,]', 'nul', '{"a":1}}', '\u0000', '"\\ud800"', '{"a":"\\u00"}'];
const GARBAGE_PATH = [
  'x',
  '0',
  '-1',
  '99999999999999999999',
  '1e309',
  '%00',
  '%1B',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%C0%AF',
  "'%20OR%201=1--",
  '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent('字'.repeat(50)),
  'a'.repeat(5_000),
  'a'.repeat(20_000),
];

function isDateField(name: string, schema: Schema, sample: unknown): boolean {
  return (
    schema.format === 'date' ||
    schema.format === 'date-time' ||
    /(Date|At|date)$/.test(name) ||
    (typeof sample === 'string' && /^\d{4}-\d{2}-\d{2}/.test(sample))
  );
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

// ---------------------------------------------------------------------------------------------
// Requests.

interface Probe {
  op: Operation;
  /** The cycles the path names, and which they are: `group.stage` (x.0 get the whole corpus). */
  target: Target;
  where: string;
  actor: string;
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** The status this probe must get, when the edge decides it (not the route). */
  expect?: number[];
}

interface Outcome {
  probe: Probe;
  status: number | null;
  body: string;
  headers: Headers | null;
  ms: number;
  error?: string;
}

/** A short copy of a long string (a slice would keep the whole string alive). */
function preview(text: string | Buffer | undefined, length: number): string {
  return text === undefined ? '' : Buffer.from(String(text).slice(0, length)).toString();
}

/** Sends a probe; the outcome keeps only the start of what was sent, so megabytes are not held. */
async function send(baseUrl: string, sent: Probe): Promise<Outcome> {
  const probe = { ...sent, body: preview(sent.body, 200) };
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(`${baseUrl}${probe.url}`, {
      method: probe.method,
      headers: sent.headers,
      body: sent.body,
      signal: controller.signal,
    });
    const body = await response.text();
    return {
      probe,
      status: response.status,
      body: preview(body, 4000),
      headers: response.headers,
      ms: Date.now() - started,
    };
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return {
      probe,
      status: null,
      body: '',
      headers: null,
      ms: Date.now() - started,
      error: `${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

async function pool<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]);
      }
    }),
  );
  return results;
}

function describeOutcome(o: Outcome): string {
  const body = preview(o.probe.body, 120);
  return `${o.probe.actor}@${o.probe.where} ${o.probe.kind} ${o.probe.method} ${o.probe.url.slice(0, 160)} ${JSON.stringify(body)} → ${
    o.status ?? o.error
  } ${o.body.slice(0, 200)} (${o.ms} ms)`;
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

// ---------------------------------------------------------------------------------------------

/**
 * What the validation error says of a field: `null` when it does not name it; else the maximum
 * length it names ("长度不能超过 N 个字符"), or `undefined` for another problem.
 */
function problemNamed(answer: string, field: string): number | undefined | null {
  let parsed: { details?: { fields?: { field: string; problems: string[] }[] } };
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    return null;
  }
  const parent = field.replace(/\.\d+$/, '');
  const entries = (parsed.details?.fields ?? []).filter((e) => e.field === field || e.field === parent);
  if (entries.length === 0) return null;
  for (const problem of entries.flatMap((e) => e.problems)) {
    const match = /长度不能超过 (\d+) 个字符/.exec(problem);
    if (match) return Number(match[1]);
  }
  return undefined;
}

interface Session {
  email: string;
  password: string;
  token: string;
}

/** The session's token, signing in again when a probe ended it (a logout, a password change). */
async function live(baseUrl: string, session: Session): Promise<string> {
  const me = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${session.token}` } });
  await me.arrayBuffer();
  if (me.status !== 200) session.token = await login(baseUrl, session.email, session.password);
  return session.token;
}

interface Target {
  department: string;
  report: string;
  shufa: string;
  /** Every role in the department, and its principal leader (so the 述法 cycle is his). */
  staff: Session;
}

/**
 * Routes that move a cycle on (or back, or stop it) each get cycles of their own, so every route
 * meets cycles standing in every stage however the others left theirs.
 */
const GROUPS = [/./, /\/advance$/, /\/reject$/, /\/cancel$/];
/** Departments per group: their cycles stand in drafting, legality review, …, completed. */
const STAGES = 6;

function group(op: Operation): number {
  const found = GROUPS.findIndex((pattern, i) => i > 0 && pattern.test(op.template));
  return found < 0 ? 0 : found;
}

describe('bad input over every route of the OpenAPI document', () => {
  let sys: TestSystem;
  let doc: OpenApiDocument;
  let ops: Operation[];
  let resolve: (schema?: Schema) => Schema;
  const ids: Record<string, string> = {};
  /** One set of cycles per group of routes (GROUPS), in each of the stages a cycle passes through. */
  const targets: Target[][] = [];
  let admin: Session;
  /** Per route, the body fields whose length only the body limit bounds (found by the corpus). */
  const unbounded = new Map<string, Set<string>>();

  beforeAll(async () => {
    // Sign-in throttling would answer most of the corpus's logins with 429 before the handler reads them.
    sys = await startTestSystem({ env: { LOGIN_RATE_LIMIT_PER_IP: '100000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000' } });
    const seeded = await seedJurisdiction(sys.config.databaseUrl, {
      code: `bi${randomBytes(3).toString('hex')}`,
      departments: GROUPS.length * STAGES,
      withLeaders: false,
    });
    // In each department one person holding every role, made its principal leader, so valid-looking
    // input gets past every stage's "who may act" and reaches the services and the workflows.
    const staff = seeded.departments.map((d) => ({
      id: randomUUID(),
      email: `staff-${d.code}@seed.test`,
      department: d,
    }));
    const db = new Client({ connectionString: sys.config.databaseUrl });
    await db.connect();
    try {
      const hash = bcrypt.hashSync(SEED_PASSWORD, 4);
      for (const [i, s] of staff.entries()) {
        await db.query(
          `INSERT INTO app_user (id, name, email, password_hash, organization_id, roles)
           VALUES ($1, $2, $3, $4, $5, '{admin,officer,contributor,reviewer,leader,publisher,evaluator}')`,
          [s.id, `全角色 ${i}`, s.email, hash, s.department.id],
        );
        const first17 = `113101180000${String(i).padStart(5, '0')}`;
        await db.query('UPDATE organization SET principal_leader_id = $1, credit_code = $2 WHERE id = $3', [
          s.id,
          first17 + creditCodeCheckChar(first17),
          s.department.id,
        ]);
      }
    } finally {
      await db.end();
    }
    const [spare] = await seedStaff(sys.config.databaseUrl, [seeded.departments[0]], 'contributor');
    // The jurisdiction's own 依法治X办 (an admin there) reviews 述法 materials and closes the evaluation.
    const [office] = await seedStaff(sys.config.databaseUrl, [{ id: seeded.id, code: seeded.code }], 'admin');
    const officeAdmin = await sys.http.login(office.email, SEED_PASSWORD);

    const calendarBody = calendarRelativeToNow(seeded.id, { firstMs: 10 * DAY, stepMs: DAY });
    const calendar = await sys.admin.post('/api/calendars', calendarBody);
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    // Closing a year would end every cycle the corpus stands on: that route gets a calendar of its own,
    // a draft one of the next year (closing it is refused, 409, after the input is checked).
    const unlaunched = await sys.admin.post('/api/calendars', {
      ...calendarRelativeToNow(seeded.id, { firstMs: 400 * DAY, stepMs: DAY }),
      year: calendarBody.year + 1,
    });
    expect(unlaunched.status).toBe(201);
    const adminPassword = sys.config.adminPassword ?? ADMIN.password;
    admin = {
      email: ADMIN.email,
      password: adminPassword,
      token: await login(sys.api.url, ADMIN.email, adminPassword),
    };

    // In each set, department i's report cycle is moved on i stages, and its 述法 cycle too (up to
    // completed), each department's steps in order, departments side by side.
    const today = shanghaiDate(new Date());
    const reportSteps = [
      {},
      { comment: '经审查，未发现合法性问题' },
      { meeting: { type: '局长办公会', date: today } },
      { recipients: ['中共测试区委', '测试区人民政府'] },
      {
        disclosure: {
          title: '2026年法治政府建设年度报告',
          issuer: '测试局',
          signedDate: today,
          topic: '综合政务/法治政府',
          openness: '主动公开',
          validity: '有效',
          summary: '年度报告',
        },
      },
    ];
    const prepared = await pool([...staff.entries()], 6, async ([d, s]) => {
      const i = d % STAGES;
      const http = await sys.http.login(s.email, SEED_PASSWORD);
      const report = `report-${calendarBody.year}-${s.department.code}`;
      await waitUntil(
        async () => (await http.get(`/api/report-cycles/${report}`)).body.stage === 'drafting',
        30_000,
        'the cycle to open drafting',
      );
      expect((await http.post(`/api/report-cycles/${report}/drafts`, { content: reportText })).status).toBe(201);
      for (const step of reportSteps.slice(0, i)) {
        const advanced = await http.post(`/api/report-cycles/${report}/advance`, step);
        expect([advanced.status, advanced.body]).toEqual([200, expect.anything()]);
      }
      const shufa = (await http.get(`/api/shufa-cycles?organizationId=${s.department.id}`)).body.items[0].id as string;
      // Writing is the leader's; materials review, closing the evaluation and closing the rectification the office's.
      if (i > 0) {
        const written = await http.post(`/api/shufa-cycles/${shufa}/reports`, { content: shufaReportText() });
        expect([written.status, written.body.contentCheck?.missing]).toEqual([201, []]);
      }
      for (const by of [http, officeAdmin, officeAdmin, officeAdmin].slice(0, i)) {
        const advanced = await by.post(`/api/shufa-cycles/${shufa}/advance`, {});
        expect([advanced.status, advanced.body]).toEqual([200, expect.anything()]);
      }
      return {
        department: s.department.id,
        report,
        shufa,
        staff: { email: s.email, password: SEED_PASSWORD, token: await login(sys.api.url, s.email, SEED_PASSWORD) },
      };
    });
    for (let g = 0; g < GROUPS.length; g++) targets.push(prepared.slice(g * STAGES, (g + 1) * STAGES));
    Object.assign(ids, {
      jurisdiction: seeded.id,
      organization: seeded.departments[seeded.departments.length - 1].id,
      user: spare.id,
      calendar: calendar.body.id,
      unlaunchedCalendar: unlaunched.body.id,
    });

    const docs = await fetch(`${sys.api.url}/api/docs-json`);
    expect(docs.status).toBe(200);
    doc = (await docs.json()) as OpenApiDocument;
    ops = operationsOf(doc);
    resolve = resolver(doc);
  }, 180_000);

  afterAll(async () => {
    await sys?.stop();
  });

  /** The real value of a path parameter, by the resource it follows (…/calendars/{id}) or its name. */
  function realParam(template: string, name: string, target: Target): string {
    if (name === 'version') return '1';
    if (name === 'date') return '2026-10-08';
    if (/^\/api\/calendars\/\{id\}\/close$/.test(template)) return ids.unlaunchedCalendar;
    const segments = template.split('/');
    const resource = segments[segments.indexOf(`{${name}}`) - 1];
    const byResource: Record<string, string> = {
      organizations: ids.organization,
      users: ids.user,
      calendars: ids.calendar,
      'report-cycles': target.report,
      'shufa-cycles': target.shufa,
      reports: target.report,
    };
    return byResource[resource] ?? randomUUID();
  }

  /** Whether the route names a cycle, so its answer depends on the cycle's stage. */
  const namesCycle = (op: Operation) => /\/(report-cycles|shufa-cycles|reports)\/\{/.test(op.template);

  /**
   * A plausible value for a schema: its example, its first enum value, or one made from its type;
   * for an object only its required properties unless `all`.
   */
  function plausible(schema: Schema | undefined, name: string, all: boolean, target: Target, depth = 0): unknown {
    const s = resolve(schema);
    // Dates of steps must be real and not in the future: today, rather than the docs' examples.
    if (s.format === 'date') return shanghaiDate(new Date());
    if (s.example !== undefined) return clone(s.example);
    if (s.enum && s.enum.length > 0) return s.type === 'array' ? [s.enum[0]] : s.enum[0];
    if (s.type === 'array') return s.items && depth < 8 ? [plausible(s.items, name, all, target, depth + 1)] : [];
    if (s.type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      const required = new Set((s as { required?: string[] }).required ?? []);
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (all || required.has(key)) out[key] = plausible(prop, key, all, target, depth + 1);
      }
      return out;
    }
    if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
    if (s.type === 'boolean') return true;
    if (s.format === 'uuid' || /Id$/.test(name)) {
      if (/jurisdiction/i.test(name)) return ids.jurisdiction;
      if (/organization|department|parent|division/i.test(name)) return target.department;
      return randomUUID();
    }
    if (s.format === 'email' || /email/i.test(name)) return `corpus-${randomBytes(3).toString('hex')}@test.local`;
    if (s.format === 'date' || name === 'date' || /Date$/.test(name)) return shanghaiDate(new Date());
    if (s.format === 'date-time' || /At$/.test(name)) return new Date(Date.now() + 20 * DAY).toISOString();
    return '测试'.padEnd(Math.max(s.minLength ?? 1, 2), '测');
  }

  /** Every value in a body: by the schema, and by the plausible value where it says more (a record like `due`). */
  function fieldsOf(schema: Schema | undefined, value: unknown, path: Path = []): Field[] {
    const s = resolve(schema);
    const fields: Field[] = path.length > 0 ? [{ path, schema: s, sample: value }] : [];
    if (path.length > 6) return fields;
    if (Array.isArray(value)) {
      // The first element stands for all.
      if (value.length > 0) fields.push(...fieldsOf(s.items, value[0], [...path, 0]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        fields.push(...fieldsOf(s.properties?.[key], item, [...path, key]));
    }
    return fields;
  }

  /**
   * The smallest plausible body with `value` at `path`: the required fields, and on the way to the
   * path the objects (with their required fields) that hold it. One field is wrong, the rest is right.
   */
  function bodyWith(op: Operation, target: Target, path: Path, value: unknown): unknown {
    const root = plausible(op.body ?? {}, '', false, target);
    if (path.length === 0) return value;
    let node = root as Record<string | number, unknown>;
    let schema = resolve(op.body ?? {});
    for (const key of path.slice(0, -1)) {
      const sub = resolve(typeof key === 'number' ? schema.items : schema.properties?.[key]);
      if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
        node[key] =
          typeof key === 'number'
            ? plausible(sub, String(key), false, target)
            : sub.type === 'array'
              ? []
              : plausible(sub, String(key), false, target);
        if (sub.type === 'array' && Array.isArray(node[key]) && (node[key] as unknown[]).length === 0) {
          (node[key] as unknown[]).push(plausible(sub.items, String(key), false, target));
        }
      }
      node = node[key] as Record<string | number, unknown>;
      schema = sub;
    }
    node[path[path.length - 1]] = value;
    return root;
  }

  type Scope = 'full' | 'cheap' | 'stage';

  function probesFor(
    op: Operation,
    actor: string,
    token: string | null,
    target: Target,
    where: string,
    scope: Scope,
  ): Probe[] {
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const pathParams = op.params.filter((p) => p.in === 'path');
    const queryParams = op.params.filter((p) => p.in === 'query');
    const realPath = (overrides: Record<string, string> = {}) =>
      op.template.replace(/\{(\w+)\}/g, (_, name: string) =>
        name in overrides ? overrides[name] : encodeURIComponent(realParam(op.template, name, target)),
      );
    const baseQuery: Record<string, QueryValue> = {};
    for (const p of queryParams) {
      if (!p.required) continue;
      baseQuery[p.name] = /^(from|to)$/.test(p.name)
        ? p.name === 'from'
          ? '2026-01-01'
          : '2026-01-31'
        : String(plausible(p.schema, p.name, false, target));
    }
    // Values are encoded here, except those already percent-encoded ({ raw }: poison).
    const url = (query: Record<string, QueryValue> = baseQuery, path = realPath()) => {
      const parts: string[] = [];
      for (const [key, value] of Object.entries(query)) {
        for (const v of Array.isArray(value) ? value : [value]) {
          parts.push(`${encodeURIComponent(key)}=${typeof v === 'string' ? encodeURIComponent(v) : v.raw}`);
        }
      }
      return parts.length > 0 ? `${path}?${parts.join('&')}` : path;
    };
    const hasBody = op.method !== 'GET';
    const baseBody = hasBody ? plausible(op.body ?? {}, '', false, target) : undefined;
    const json = (body: unknown, extra: Record<string, string> = {}) => ({
      body: JSON.stringify(body),
      headers: { ...auth, 'content-type': 'application/json', ...extra },
    });
    const probes: Probe[] = [];
    const add = (kind: string, p: Partial<Probe> = {}) =>
      probes.push({
        op,
        target,
        where,
        actor,
        kind,
        method: op.method,
        url: p.url ?? url(),
        headers: p.headers ?? { ...auth, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
        body: p.body ?? (hasBody ? JSON.stringify(baseBody) : undefined),
        expect: p.expect,
      });
    const fields = hasBody ? fieldsOf(op.body ?? {}, plausible(op.body ?? {}, '', true, target)) : [];
    const isText = (f: Field) => typeof f.sample === 'string' || f.schema.type === 'string';
    const tag = (f: Field) => f.path.join('.');
    const name = (f: Field) => String(f.path[f.path.length - 1]);

    if (scope === 'stage') {
      // What a cycle's stage decides: impossible dates first (they must not move it on), values as long
      // as the body limit allows, then each field alone with a plausible value (one of them is what
      // the stage needs), then the plain body.
      for (const f of fields.filter((f) => isDateField(name(f), f.schema, f.sample))) {
        for (const date of IMPOSSIBLE_DATES) add(`body:${tag(f)}:date`, json(bodyWith(op, target, f.path, date)));
      }
      for (const f of fields.filter((f) => unbounded.get(op.route)?.has(tag(f)))) {
        add(`body:${tag(f)}:huge:near-limit`, json(bodyWith(op, target, f.path, NEAR_LIMIT)));
      }
      for (const f of fields) add(`body:${tag(f)}:present`, json(bodyWith(op, target, f.path, f.sample)));
      add('plausible');
      return probes;
    }

    add('plausible');
    const cheap = scope === 'cheap';

    // Path parameters: poison and garbage in each, the others real.
    for (const p of pathParams) {
      for (const [kind, poison] of Object.entries(POISON_IN_URL)) {
        add(`path:${p.name}:poison:${kind}`, { url: url(baseQuery, realPath({ [p.name]: poison })) });
      }
      for (const garbage of cheap ? GARBAGE_PATH.slice(5, 9) : GARBAGE_PATH) {
        add(`path:${p.name}:garbage`, { url: url(baseQuery, realPath({ [p.name]: garbage })) });
      }
    }

    // Query parameters: poison, wrong types, repeats, huge values, impossible dates.
    for (const p of cheap ? queryParams.slice(0, 1) : queryParams) {
      const schema = resolve(p.schema);
      const values: [string, QueryValue][] = [
        ...Object.entries(POISON_IN_URL).map(([kind, raw]) => [`poison:${kind}`, { raw }] as [string, QueryValue]),
        ['wrong-type', 'abc'],
        ['wrong-type', '-1'],
        ['wrong-type', '1.5'],
        ['wrong-type', '1e309'],
        ['wrong-type', '99999999999999999999'],
        ['wrong-type', 'true'],
        ['empty', ''],
        ['repeated', ['1', '2']],
        ['bracket', '[object Object]'],
        ['huge', 'q'.repeat(10_000)],
        ['huge', '字'.repeat((schema.maxLength ?? 200) + 1)],
        ...(isDateField(p.name, schema, undefined) || /^(from|to|year)$/.test(p.name)
          ? IMPOSSIBLE_DATES.map((d) => ['date', d] as [string, QueryValue])
          : []),
      ];
      for (const [kind, value] of values)
        add(`query:${p.name}:${kind}`, { url: url({ ...baseQuery, [p.name]: value }) });
      add(`query:${p.name}:bracketed`, { url: `${url()}${url().includes('?') ? '&' : '?'}${p.name}[a][b]=1` });
    }
    add('query:unknown', { url: `${url()}${url().includes('?') ? '&' : '?'}unknownParam=1&__proto__[x]=1` });

    if (!hasBody) return probes;

    // Bodies the edge refuses whatever the route, so the status is the edge's.
    add('size:1MB', { body: MEGABYTE });
    add('size:10MB', { body: TEN_MEGABYTES, expect: [413] });
    add('deep:10000', { body: DEEP_JSON, expect: [400] });
    add('deep:10000+idempotency', {
      body: DEEP_JSON,
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `corpus-${randomUUID()}` },
      expect: [400],
    });
    for (const text of MALFORMED) add('malformed', { body: text, expect: [400] });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
    ]) {
      add(`content-type:${type}`, { headers: { ...auth, 'content-type': type }, expect: [415] });
    }
    // A Buffer, so that fetch adds no Content-Type of its own.
    add('content-type:none', { headers: { ...auth }, body: Buffer.from(JSON.stringify(baseBody)), expect: [415] });
    add('content-type:latin1', {
      headers: { ...auth, 'content-type': 'application/json; charset=latin1' },
      expect: [415],
    });
    add('body:array', json([baseBody]));
    add('body:string', json('text'));
    add('body:null', { body: 'null' });
    add('unknown-field', json({ ...(baseBody as object), unknownField: 1 }));
    add('proto', { body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' });
    add('idempotency-key:too-long', json(baseBody, { 'idempotency-key': 'k'.repeat(201) }));
    if (cheap) {
      add('body:poison', json({ ...(baseBody as object), comment: POISON.surrogate }));
      return probes;
    }

    // Each value of the body: poison, wrong types, impossible dates, huge strings, unknown fields inside.
    for (const f of fields) {
      const at = (value: unknown) => json(bodyWith(op, target, f.path, value));
      if (isText(f))
        for (const [kind, poison] of Object.entries(POISON)) add(`body:${tag(f)}:poison:${kind}`, at(poison));
      for (const wrong of [12345, -1.5, true, null, [], {}, 'text', [1, 2], { a: 1 }]) {
        add(`body:${tag(f)}:wrong-type:${JSON.stringify(wrong)}`, at(wrong));
      }
      if (isDateField(name(f), f.schema, f.sample)) {
        for (const date of IMPOSSIBLE_DATES) add(`body:${tag(f)}:date`, at(date));
      }
      if (isText(f)) add(`body:${tag(f)}:huge:1000000`, at(MILLION));
      if (f.sample !== null && typeof f.sample === 'object' && !Array.isArray(f.sample)) {
        add(`body:${tag(f)}:unknown-field`, at({ ...(f.sample as object), unknownField: 'x' }));
      }
    }
    return probes;
  }

  /**
   * A field's declared maximum length is not in the document (class-validator's, not Swagger's), but
   * its validation error names it: one over it must be refused, and the longest allowed value, each
   * character sent as a 6-byte \uXXXX escape, must fit the body limit (not 413).
   */
  function lengthProbes(first: Outcome[]): Probe[] {
    const probes: Probe[] = [];
    for (const o of first) {
      const match = /^body:(.+):huge:1000000$/.exec(o.probe.kind);
      if (!match) continue;
      const path: Path = match[1].split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      const target = o.probe.target;
      const headers = { ...o.probe.headers, 'content-type': 'application/json' };
      const max = o.status === 400 ? problemNamed(o.body, match[1]) : null;
      if (max === undefined) continue; // refused for what it is (not a stage, not a date, …)
      if (max === null) {
        // No length of its own: the body limit is its only bound, so a value nearly that long (here,
        // and on cycles in every stage).
        if (!unbounded.has(o.probe.op.route)) unbounded.set(o.probe.op.route, new Set());
        unbounded.get(o.probe.op.route)!.add(match[1]);
        probes.push({
          ...o.probe,
          kind: `body:${match[1]}:huge:near-limit`,
          body: JSON.stringify(bodyWith(o.probe.op, target, path, NEAR_LIMIT)),
          headers,
        });
        continue;
      }
      const over = JSON.stringify(bodyWith(o.probe.op, target, path, '字'.repeat(max + 1)));
      const fits = JSON.stringify(bodyWith(o.probe.op, target, path, '字'.repeat(max))).replace(/字/g, '\\u5b57');
      probes.push({
        ...o.probe,
        kind: `body:${match[1]}:maxLength+1`,
        body: over,
        headers,
        expect: [400, 403, 404, 409, 422],
      });
      probes.push({ ...o.probe, kind: `body:${match[1]}:maxLength:escaped`, body: fits, headers });
    }
    return probes;
  }

  it('answers every route and every class of bad input with a 4xx (or a success), never a 5xx or a hang', async () => {
    const started = Date.now();
    const outcomes: Outcome[] = [];
    const run = async (probes: Probe[], concurrency = CONCURRENCY) => {
      const done = await pool(probes, concurrency, (probe) => send(sys.api.url, probe));
      outcomes.push(...done);
      return done;
    };
    for (const op of ops) {
      const g = group(op);
      const set = targets[g];
      const actors: [string, Session | null, Scope][] = [
        ['anonymous', null, op.public ? 'full' : 'cheap'],
        ['staff', set[0].staff, 'full'],
        ['admin', admin, 'full'],
      ];
      for (const [actor, session, scope] of actors) {
        const token = session ? await live(sys.api.url, session) : null;
        const first = await run(probesFor(op, actor, token, set[0], `${g}.0`, scope));
        if (scope === 'full') await run(lengthProbes(first));
      }
      if (!namesCycle(op)) continue;
      for (let t = 1; t < set.length; t++) {
        // One at a time: a probe that moves the cycle on must not overtake the ones before it.
        const staff = await live(sys.api.url, set[t].staff);
        await run(probesFor(op, 'staff', staff, set[t], `${g}.${t}`, 'stage'), 1);
        await run(probesFor(op, 'admin', await live(sys.api.url, admin), set[t], `${g}.${t}`, 'stage'), 1);
      }
    }
    const seconds = (Date.now() - started) / 1000;

    const failures = outcomes.filter((o) => o.status === null || o.status >= 500).map(describeOutcome);
    const unexpected = outcomes
      .filter((o) => o.probe.expect && o.status !== null && !o.probe.expect.includes(o.status))
      .map(describeOutcome);
    const tooLarge = outcomes.filter((o) => o.probe.kind.endsWith(':escaped') && o.status === 413).map(describeOutcome);
    const impossibleDatesTaken = outcomes
      .filter((o) => o.probe.kind.endsWith(':date') && o.status !== null && o.status < 300)
      .map(describeOutcome);
    // What every answer of the API carries (Node's own answer to an oversized header carries nothing).
    const badHeaders = outcomes
      .filter((o) => o.headers && o.status !== 431)
      .filter(
        (o) =>
          o.headers!.get('cache-control') !== 'no-store' ||
          o.headers!.get('x-content-type-options') !== 'nosniff' ||
          o.headers!.has('x-powered-by'),
      )
      .map(describeOutcome);
    const reached = new Set(
      outcomes
        .filter((o) => o.probe.kind === 'plausible' && o.status !== null && o.status < 500)
        // A 404 from the router (no such route) has no details; one from a handler names what it missed.
        .filter((o) => o.status !== 404 || /"details"/.test(o.body))
        .map((o) => o.probe.op.route),
    );
    // The class of input: `body:poison`, `query:wrong-type`, `size`, … (without the field's name).
    const classes = new Map<string, number>();
    for (const o of outcomes) {
      const parts = o.probe.kind.split(':');
      const kind = /^(body|query|path)$/.test(parts[0]) && parts.length > 2 ? `${parts[0]}:${parts[2]}` : parts[0];
      classes.set(kind, (classes.get(kind) ?? 0) + 1);
    }
    process.stdout.write(
      `bad-input corpus: ${ops.length} routes in the document, ${reached.size} reached, ${outcomes.length} requests ` +
        `in ${seconds.toFixed(1)} s (slowest ${Math.max(...outcomes.map((o) => o.ms))} ms)\n` +
        `${[...classes].map(([k, n]) => `${k}×${n}`).join(' ')}\n`,
    );
    if (process.env.CORPUS_REPORT) {
      for (const o of outcomes) process.stdout.write(`${describeOutcome(o)}\n`);
    }

    expect(failures).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(tooLarge).toEqual([]);
    expect(impossibleDatesTaken).toEqual([]);
    expect(badHeaders.slice(0, 10)).toEqual([]);
    expect(ops.map((o) => o.route).filter((route) => !reached.has(route))).toEqual([]);
    // Nothing sent reached Object.prototype of the process that parsed it (the API runs in this one).
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);

  it('leaves PostgreSQL and Temporal agreeing on every cycle, and the audit chains intact', async () => {
    const db = new Client({ connectionString: sys.config.databaseUrl });
    await db.connect();
    try {
      const disagreements = async () => {
        const { rows } = await db.query<{ id: string; stage: string }>('SELECT id, stage FROM cycle ORDER BY id');
        expect(rows.length).toBe(2 * GROUPS.length * STAGES);
        const found: string[] = [];
        for (const row of rows) {
          const state = await sys.temporal.workflow.getHandle(row.id).query(cycleStateQuery);
          if (state.stage !== row.stage) found.push(`${row.id}: PostgreSQL ${row.stage}, Temporal ${state.stage}`);
        }
        return found;
      };
      // The workflow writes a step a few seconds after its caller did (or in place of it).
      let last: string[] = [];
      await waitUntil(
        async () => (last = await disagreements()).length === 0,
        30_000,
        'PostgreSQL and Temporal to agree',
      ).catch(() => undefined);
      expect(last).toEqual([]);
    } finally {
      await db.end();
    }
    const verify = await sys.admin.get('/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
  }, 120_000);
  it('sends the security headers on every answer, and the docs page runs under the same policy', async () => {
    const health = await fetch(`${sys.api.url}/api/health`);
    const csp = health.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    // A deployment on plain HTTP must not have its own scripts "upgraded" to an HTTPS that is not there.
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('referrer-policy')).toBe('no-referrer');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(health.headers.has('x-powered-by')).toBe(false);

    // The Swagger UI: no inline script (script-src 'self'), every script it loads served from here.
    const page = await fetch(`${sys.api.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(csp);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const scripts = [...html.matchAll(/<script[^>]*\bsrc=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const src of scripts) {
      const script = await fetch(new URL(src, `${sys.api.url}/api/docs/`));
      expect([src, script.status, script.headers.get('content-type')]).toEqual([
        src,
        200,
        expect.stringMatching(/javascript/),
      ]);
    }
    // Pages outside /api (the console at /) carry the same headers; only /api answers are no-store.
    const root = await fetch(`${sys.api.url}/`);
    expect(root.headers.get('content-security-policy')).toBe(csp);
    expect(root.headers.get('cache-control')).not.toBe('no-store');
  });

  it('takes a long draft whole (a 44,148-character report, also with every character escaped) and refuses a larger body with 413', async () => {
    const [target] = targets[0];
    const token = await live(sys.api.url, target.staff);
    const draftOf = async (body: string) =>
      fetch(`${sys.api.url}/api/report-cycles/${target.report}/drafts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
    const texts = readdirSync(reportFixturesDir()).map((f) => readFileSync(join(reportFixturesDir(), f), 'utf8'));
    let content = '';
    for (let i = 0; content.length < 44_148; i++) content += texts[i % texts.length];
    content = content.slice(0, 44_148);
    expect(Buffer.byteLength(JSON.stringify({ content }))).toBeGreaterThan(100 * 1024);
    const plain = await draftOf(JSON.stringify({ content }));
    expect(plain.status).toBe(201);
    const escaped = JSON.stringify({ content }).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect((await draftOf(escaped)).status).toBe(201);

    const tooLarge = await draftOf(JSON.stringify({ content: 'x'.repeat(5 * 1024 * 1024) }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/^请求体过大（上限 3\.9 MB）$/),
    });
    const form = await fetch(`${sys.api.url}/api/report-cycles/${target.report}/drafts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'content=x',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('serves the docs only to a logged-in user with API_DOCS=login, and not at all with off', async () => {
    const [user] = await seedStaff(sys.config.databaseUrl, [{ id: targets[0][0].department, code: 'docs' }], 'officer');
    const userToken = await login(sys.api.url, user.email, SEED_PASSWORD);
    const gated = await startApi({ ...sys.config, apiDocs: 'login' }, { logger: false });
    try {
      const get = (path: string, token?: string) =>
        fetch(`${gated.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      for (const path of [
        '/api/docs',
        '/api/docs/',
        '/api/docs/swagger-ui-init.js',
        '/api/docs-json',
        '/api/docs-yaml',
      ]) {
        const anonymous = await get(path);
        expect([path, anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([
          path,
          401,
          'UNAUTHENTICATED',
        ]);
        expect([path, (await get(path, 'not-a-token')).status]).toEqual([path, 401]);
      }
      const docs = await get('/api/docs-json', userToken);
      expect(docs.status).toBe(200);
      expect(Object.keys(((await docs.json()) as OpenApiDocument).paths)).toContain('/api/auth/login');
      expect((await get('/api/docs', userToken)).status).toBe(200);
      // The API itself is as before.
      expect((await get('/api/health')).status).toBe(200);
      // A deactivated user's token no longer opens them.
      const db = new Client({ connectionString: sys.config.databaseUrl });
      await db.connect();
      await db.query('UPDATE app_user SET active = false WHERE id = $1', [user.id]);
      await db.end();
      expect((await get('/api/docs-json', userToken)).status).toBe(401);
    } finally {
      await gated.close();
    }
    const off = await startApi({ ...sys.config, apiDocs: 'off' }, { logger: false });
    try {
      expect((await fetch(`${off.url}/api/docs-json`)).status).toBe(404);
      expect((await fetch(`${off.url}/api/docs`)).status).toBe(404);
      expect((await fetch(`${off.url}/api/health`)).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});
