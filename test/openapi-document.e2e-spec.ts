import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApiDocumentWithoutServices } from '../apps/api/src/api-document';
import { holidayNoticeFixturesDir, reportFixturesDir } from './helpers/fixtures';
import { Http, HttpResult } from './helpers/http';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow, SEED_PASSWORD, seedJurisdiction, seedStaff, launchBody } from './helpers/seed';
import { shufaReportText } from './helpers/shufa-report';
import { startTestSystem, TestSystem } from './helpers/test-system';

/**
 * The OpenAPI document describes answers, not only requests (issue 14): every route has a unique
 * camelCase operationId, a documented 2xx body (a schema, or a content type for CSV/XLSX/iCalendar)
 * and its coded errors as ErrorView; Spectral's `spectral:oas` finds no error; the document built
 * without backing services (scripts/openapi.ts) is the one served; and real answers of the running
 * system match the schemas documented for them, field by field.
 */

interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}

interface Response {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  operationId?: string;
  description?: string;
  security?: unknown[];
  responses: Record<string, Response>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const DAY = 24 * 3_600_000;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

function operations(doc: OpenApiDocument): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** Where `value` departs from `schema` (undeclared or missing fields, wrong types), as readable lines. */
function mismatches(doc: OpenApiDocument, schema: Schema, value: unknown, at: string): string[] {
  if (value === null && schema.nullable) return [];
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) return [`${at}: unknown schema ${name}`];
    return mismatches(doc, { ...target, nullable: schema.nullable || target.nullable }, value, at);
  }
  if (schema.allOf) return schema.allOf.flatMap((part) => mismatches(doc, part, value, at));
  if (schema.oneOf) {
    // A union (a scale, marks, a deadline item): exactly one of its alternatives fits.
    const each = schema.oneOf.map((part) => mismatches(doc, part, value, at));
    const fitting = each.filter((problems) => problems.length === 0).length;
    if (fitting === 1) return [];
    if (fitting > 1) return [`${at}: fits ${fitting} of its oneOf alternatives`];
    return [`${at}: fits none of its oneOf alternatives (${each.map((p) => p.join('; ')).join(' | ')})`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null, but not nullable`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in the enum`];
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected a string, got ${JSON.stringify(value)}`];
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${at}: not a date-time`];
      return [];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: expected an integer, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      return value.flatMap((item, i) => (schema.items ? mismatches(doc, schema.items, item, `${at}[${i}]`) : []));
    case 'object':
    case undefined:
      break;
  }
  if (schema.type === 'object' || schema.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object`];
    const record = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    const problems: string[] = [];
    for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${at}.${name}: missing`);
    for (const [name, field] of Object.entries(record)) {
      const declared = properties[name];
      if (declared) problems.push(...mismatches(doc, declared, field, `${at}.${name}`));
      else if (typeof schema.additionalProperties === 'object')
        problems.push(...mismatches(doc, schema.additionalProperties, field, `${at}.${name}`));
      else if (schema.additionalProperties !== true) problems.push(`${at}.${name}: not documented`);
    }
    return problems;
  }
  return [];
}

describe('the OpenAPI document', () => {
  let sys: TestSystem;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    sys = await startTestSystem();
    const served = await sys.admin.get('/api/docs-json');
    expect(served.status).toBe(200);
    doc = served.body as OpenApiDocument;
  }, 180_000);

  afterAll(async () => {
    await sys?.stop();
  });

  it('gives every route a unique camelCase operationId and a description', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ops.filter(({ op }) => !/^[a-z][A-Za-z0-9]*$/.test(op.operationId ?? ''))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ops.filter(({ op }) => !op.description).map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    // The routes CycleController gives both kinds of cycle are told apart.
    expect(doc.paths['/api/report-cycles/{id}/advance'].post.operationId).toBe('advanceReportCycle');
    expect(doc.paths['/api/shufa-cycles/{id}/advance'].post.operationId).toBe('advanceShufaCycle');
    expect(doc.paths['/api/shufa-cycles'].get.operationId).toBe('listShufaCycles');
  });

  it('documents every route’s success answer: a schema, or the content type of a file', () => {
    const undocumented = operations(doc)
      .filter(({ op }) => {
        const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
        return !success.some(
          ([status, response]) =>
            status === '204' ||
            Object.values(response.content ?? {}).some((media) => media.schema && Object.keys(media.schema).length > 0),
        );
      })
      .map(({ method, path }) => `${method} ${path}`);
    expect(undocumented).toEqual([]);
    // Files are declared with what they are.
    expect(Object.keys(doc.paths['/api/exports/assessment'].get.responses['200'].content ?? {}).sort()).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
    expect(Object.keys(doc.paths['/feeds/{token}.ics'].get.responses['200'].content ?? {})).toEqual(['text/calendar']);
    // Lists are pages.
    const page = doc.components.schemas.UserPage;
    expect(page.required?.sort()).toEqual(['items', 'total']);
  });

  it('documents the coded errors of every route as ErrorView, 401 wherever a login is needed', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]\d\d$/.test(status));
      if (path !== '/api/health' && errors.length === 0) problems.push(`${method} ${path}: no error answers`);
      for (const [status, response] of errors) {
        if (path === '/api/health' && status === '503') continue;
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (ref !== '#/components/schemas/ErrorView') problems.push(`${method} ${path} ${status}: not ErrorView`);
      }
      if (op.security && !op.responses['401']) problems.push(`${method} ${path}: login needed, no 401`);
    }
    expect(problems).toEqual([]);
    expect(doc.components.schemas.ErrorView.required?.sort()).toEqual(['code', 'message', 'statusCode']);
    expect(doc.components.schemas.ErrorView.properties?.code.enum).toEqual(
      expect.arrayContaining(['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'MISSING_SECTIONS']),
    );
  });

  it('is built without the backing services (scripts/openapi.ts) exactly as served', async () => {
    // The order of a schema's `required` list carries no meaning (and Nest's explorer does not keep it).
    const canonical = (document: unknown) =>
      JSON.parse(JSON.stringify(document), (key, value: unknown) =>
        key === 'required' && Array.isArray(value) ? [...(value as string[])].sort() : value,
      ) as unknown;
    expect(canonical(await buildApiDocumentWithoutServices())).toEqual(canonical(doc));
  });

  it('passes Spectral’s spectral:oas ruleset without an error', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rol-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = spawnSync(
      join(process.cwd(), 'node_modules/.bin/spectral'),
      ['lint', file, '--ruleset', join(process.cwd(), '.spectral.yaml'), '--format', 'json', '--quiet'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.error).toBeUndefined();
    const results = JSON.parse(run.stdout) as { code: string; message: string; severity: number; path: string[] }[];
    // severity 0 is an error; warnings (1) are allowed.
    expect(results.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`)).toEqual(
      [],
    );
  }, 150_000);

  it('matches the real answers of the running system, field by field', async () => {
    /** The answer of a GET checked against the schema documented for its route and status. */
    const checked = async (http: Http, method: string, template: string, path: string, body?: unknown) => {
      const answer: HttpResult =
        method === 'get' ? await http.get(path) : await http.request(method.toUpperCase(), path, { body });
      const response = doc.paths[template]?.[method]?.responses[String(answer.status)];
      const schema = response?.content?.['application/json']?.schema;
      if (!schema) return [`${method} ${path}: answered ${answer.status}, which is not documented with a schema`];
      return mismatches(doc, schema, answer.body, `${method} ${path}`);
    };

    const seeded = await seedJurisdiction(sys.config.databaseUrl, { code: 'oa', departments: 1 });
    const department = seeded.departments[0];
    const [office] = await seedStaff(sys.config.databaseUrl, [{ id: seeded.id, code: seeded.code }], 'admin');
    const officeAdmin = await sys.http.login(office.email, SEED_PASSWORD);
    const leader = await sys.http.login(department.leaderEmail!, SEED_PASSWORD);
    const noticeText = readFileSync(join(holidayNoticeFixturesDir(), '2025.txt'), 'utf8');
    const [evaluator] = await seedStaff(sys.config.databaseUrl, [{ id: seeded.id, code: seeded.code }], 'evaluator');
    const calendar = await sys.admin.post(
      '/api/calendars',
      calendarRelativeToNow(seeded.id, { firstMs: 10 * DAY, stepMs: DAY }),
    );
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const report = `report-${calendar.body.year}-${department.code}`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${report}`)).status === 200,
      60_000,
      'the report cycle to be launched',
    );
    const shufa = (await sys.admin.get(`/api/shufa-cycles?organizationId=${department.id}`)).body.items[0].id as string;
    const me = (await sys.admin.get('/api/me')).body as { id: string };

    const problems = [
      ...(await checked(sys.http, 'post', '/api/auth/login', '/api/auth/login', {
        email: office.email,
        password: SEED_PASSWORD,
      })),
      ...(await checked(sys.http, 'get', '/api/health', '/api/health')),
      ...(await checked(sys.admin, 'get', '/api/me', '/api/me')),
      ...(await checked(leader, 'get', '/api/me/tasks', '/api/me/tasks')),
      ...(await checked(leader, 'get', '/api/me/calendar-feed', '/api/me/calendar-feed')),
      ...(await checked(sys.admin, 'get', '/api/users', '/api/users')),
      ...(await checked(sys.admin, 'get', '/api/users/{id}', `/api/users/${me.id}`)),
      ...(await checked(sys.admin, 'get', '/api/organizations', '/api/organizations')),
      ...(await checked(sys.admin, 'get', '/api/organizations/{id}', `/api/organizations/${department.id}`)),
      ...(await checked(
        officeAdmin,
        'get',
        '/api/organizations/{id}/channels',
        `/api/organizations/${seeded.id}/channels`,
      )),
      ...(await checked(sys.admin, 'get', '/api/audit', '/api/audit?limit=20')),
      ...(await checked(sys.admin, 'get', '/api/audit/verify', '/api/audit/verify')),
      ...(await checked(sys.admin, 'get', '/api/calendars', '/api/calendars')),
      ...(await checked(sys.admin, 'get', '/api/calendars/{id}', `/api/calendars/${calendar.body.id}`)),
      ...(await checked(sys.admin, 'get', '/api/calendars/{id}/preview', `/api/calendars/${calendar.body.id}/preview`)),
      ...(await checked(sys.admin, 'get', '/api/calendars/{id}/launch', `/api/calendars/${calendar.body.id}/launch`)),
      ...(await checked(sys.admin, 'get', '/api/working-days', '/api/working-days?from=2026-09-30&to=2026-10-10')),
      ...(await checked(sys.admin, 'get', '/api/report-cycles', '/api/report-cycles')),
      ...(await checked(sys.admin, 'get', '/api/report-cycles/{id}', `/api/report-cycles/${report}`)),
      ...(await checked(sys.admin, 'get', '/api/report-cycles/{id}/audit', `/api/report-cycles/${report}/audit`)),
      ...(await checked(sys.admin, 'get', '/api/shufa-cycles', '/api/shufa-cycles')),
      ...(await checked(sys.admin, 'get', '/api/shufa-cycles/{id}', `/api/shufa-cycles/${shufa}`)),
      ...(await checked(sys.admin, 'get', '/api/report-cycles/{id}/drafts', `/api/report-cycles/${report}/drafts`)),
      ...(await checked(sys.admin, 'get', '/api/public/reports', '/api/public/reports')),
      // A coded error is an ErrorView too.
      ...(await checked(sys.admin, 'get', '/api/users/{id}', '/api/users/00000000-0000-4000-8000-000000000000')),
      ...(await checked(sys.admin, 'get', '/api/working-days', '/api/working-days?from=x&to=y')),
    ];
    expect(problems).toEqual([]);

    // Writes along the cycles, by the people whose step they are.
    const [officerUser] = await seedStaff(sys.config.databaseUrl, [department], 'officer');
    const officer = await sys.http.login(officerUser.email, SEED_PASSWORD);
    const reportText = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
    const created = await sys.admin.post('/api/users', {
      name: '文档测试',
      email: 'openapi-spare@seed.test',
      password: 'Spare-pass-12345',
      organizationId: department.id,
      roles: ['contributor'],
    });
    const feed = await leader.get('/api/me/calendar-feed');
    const writes = [
      ...(await checked(officer, 'post', '/api/report-cycles/{id}/drafts', `/api/report-cycles/${report}/drafts`, {
        content: reportText,
      })),
      ...(await checked(officer, 'get', '/api/report-cycles/{id}/drafts', `/api/report-cycles/${report}/drafts`)),
      ...(await checked(
        officer,
        'get',
        '/api/report-cycles/{id}/drafts/{version}',
        `/api/report-cycles/${report}/drafts/1`,
      )),
      ...(await checked(
        officer,
        'post',
        '/api/report-cycles/{id}/advance',
        `/api/report-cycles/${report}/advance`,
        {},
      )),
      // Not his step any more: a coded error, documented as such.
      ...(await checked(
        officer,
        'post',
        '/api/report-cycles/{id}/advance',
        `/api/report-cycles/${report}/advance`,
        {},
      )),
      ...(await checked(sys.admin, 'get', '/api/report-cycles/{id}/audit', `/api/report-cycles/${report}/audit`)),
      ...(await checked(leader, 'post', '/api/shufa-cycles/{id}/reports', `/api/shufa-cycles/${shufa}/reports`, {
        content: shufaReportText(),
      })),
      ...(await checked(leader, 'get', '/api/shufa-cycles/{id}/reports', `/api/shufa-cycles/${shufa}/reports`)),
      ...(await checked(
        leader,
        'get',
        '/api/shufa-cycles/{id}/reports/{version}',
        `/api/shufa-cycles/${shufa}/reports/1`,
      )),
      ...(await checked(
        officeAdmin,
        'get',
        '/api/shufa-cycles/{id}/evaluations',
        `/api/shufa-cycles/${shufa}/evaluations`,
      )),
      // The 述法's own parts: a panel, ratings (a oneOf scale), the meeting with who recorded it.
      ...(await checked(officeAdmin, 'put', '/api/shufa-cycles/{id}/panel', `/api/shufa-cycles/${shufa}/panel`, {
        mode: 'on_site',
        evaluators: [{ userId: evaluator.id, type: 'npc_deputy' }],
      })),
      ...(await checked(officeAdmin, 'post', '/api/shufa-cycles/{id}/meeting', `/api/shufa-cycles/${shufa}/meeting`, {
        date: '2027-01-10',
        place: '区政府第一会议室',
        comments: ['述法全面'],
        questions: [{ by: '人大代表', question: '执法监督如何加强？', answer: '建立季度通报制度。' }],
      })),
      ...(await checked(sys.admin, 'get', '/api/shufa-cycles/{id}', `/api/shufa-cycles/${shufa}`)),
      ...(await checked(
        officeAdmin,
        'get',
        '/api/shufa-cycles/{id}/evaluations',
        `/api/shufa-cycles/${shufa}/evaluations`,
      )),
      ...(await checked(
        sys.admin,
        'put',
        '/api/organizations/{id}/channels',
        `/api/organizations/${department.id}/channels`,
        {
          email: 'bgs@oa.example.gov.cn',
          wecom: { webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0123456789abcdef' },
        },
      )),
      ...(await checked(sys.admin, 'post', '/api/organizations', '/api/organizations', {
        code: 'oa-division',
        name: '文档测试科',
        kind: 'division',
        parentId: department.id,
      })),
      ...(created.status === 201
        ? [
            ...(await checked(sys.admin, 'patch', '/api/users/{id}', `/api/users/${created.body.id}`, {
              name: '改名',
            })),
            ...(await checked(sys.admin, 'post', '/api/users/{id}/unlock', `/api/users/${created.body.id}/unlock`)),
          ]
        : [`post /api/users: answered ${created.status}`]),
      ...(await checked(sys.admin, 'put', '/api/working-days/{date}', '/api/working-days/2027-02-26', {
        working: false,
        name: '春节',
      })),
      ...(await checked(sys.admin, 'delete', '/api/working-days/{date}', '/api/working-days/2027-02-26')),
      ...(await checked(leader, 'post', '/api/me/calendar-feed/rotate', '/api/me/calendar-feed/rotate')),
      // A holiday notice read, then imported (the 2025 notice moves no day: the published data has it).
      ...(await checked(sys.admin, 'post', '/api/working-days/notices', '/api/working-days/notices', {
        year: 2025,
        text: noticeText,
        dryRun: true,
      })),
      ...(await checked(sys.admin, 'post', '/api/working-days/notices', '/api/working-days/notices', {
        year: 2025,
        text: noticeText,
      })),
      ...(await checked(sys.admin, 'get', '/api/working-days', '/api/working-days?from=2025-01-01&to=2025-01-31')),
    ];
    expect(writes).toEqual([]);

    // The 述法 on to its result and a rectification item: the marks, the result, an item's history.
    const shufaUrl = `/api/shufa-cycles/${shufa}`;
    const stageOf = async () => (await sys.admin.get(shufaUrl)).body.stage as string;
    expect((await leader.post(`${shufaUrl}/advance`, {})).status).toBe(200);
    for (const by of [leader, officeAdmin])
      if ((await stageOf()) !== 'shufa_evaluation') await by.post(`${shufaUrl}/advance`, {});
    expect(await stageOf()).toBe('shufa_evaluation');
    const evaluatorHttp = await sys.http.login(evaluator.email, SEED_PASSWORD);
    const scores = { 学法用法: 91, 依法决策: 88, 推进法治建设: 86, 述法质量: 84 };
    const evaluated = await evaluatorHttp.post(`${shufaUrl}/evaluations`, { scores, comment: '全面' });
    expect(evaluated.status).toBe(201);
    const beforeClose = await checked(
      evaluatorHttp,
      'get',
      '/api/shufa-cycles/{id}/evaluations',
      `${shufaUrl}/evaluations`,
    );
    if ((await stageOf()) === 'shufa_evaluation')
      expect((await officeAdmin.post(`${shufaUrl}/advance`, {})).status).toBe(200);
    expect(await stageOf()).toBe('shufa_rectification');
    const issued = await officeAdmin.post(`${shufaUrl}/rectification-items`, {
      description: '重大行政决策合法性审查记录不完整',
      dueAt: new Date(Date.now() + 10 * DAY).toISOString(),
    });
    expect(issued.status).toBe(201);
    const itemId = (issued.body as { rectificationItems: { id: string }[] }).rectificationItems[0].id;
    const shufaParts = [
      ...beforeClose,
      ...(await checked(officeAdmin, 'get', '/api/shufa-cycles/{id}/evaluations', `${shufaUrl}/evaluations`)),
      ...(await checked(
        leader,
        'post',
        '/api/shufa-cycles/{id}/rectification-items/{itemId}/done',
        `${shufaUrl}/rectification-items/${itemId}/done`,
        { comment: '已补齐审查记录' },
      )),
      ...(await checked(sys.admin, 'get', '/api/shufa-cycles/{id}', shufaUrl)),
    ];
    expect(shufaParts).toEqual([]);
    const closedShufa = (await sys.admin.get(shufaUrl)).body;
    expect(closedShufa.result.marks).toHaveLength(1);
    expect(closedShufa.rectificationItems[0].history.map((h: { action: string }) => h.action)).toEqual([
      'issued',
      'done',
    ]);

    const year2025 = (await sys.admin.get('/api/working-days?from=2025-01-01&to=2025-01-31')).body.years[0];
    expect(year2025.notice?.title).toBe('国务院办公厅关于2025年部分节假日安排的通知');
    // The 述法's parts above were answered, not refused.
    const shufaNow = (await sys.admin.get(`/api/shufa-cycles/${shufa}`)).body as {
      panel: unknown[];
      meeting: { recordedBy: unknown } | null;
    };
    expect(shufaNow.panel).toHaveLength(1);
    expect(shufaNow.meeting?.recordedBy).toBeTruthy();

    // Files: the content type answered is one the document declares.
    const declared = (template: string) =>
      Object.keys(doc.paths[template].get.responses['200'].content ?? {}).map((type) => type.split(';')[0]);
    const ics = await fetch(`${sys.api.url}${new URL(feed.body.url as string).pathname}`);
    expect(ics.status).toBe(404); // rotated away just now
    const fresh = await leader.get('/api/me/calendar-feed');
    const calendarFile = await fetch(`${sys.api.url}${new URL(fresh.body.url as string).pathname}`);
    expect(calendarFile.status).toBe(200);
    expect(declared('/feeds/{token}.ics')).toContain(calendarFile.headers.get('content-type')?.split(';')[0]);
    for (const format of ['csv', 'xlsx']) {
      const file = await sys.admin.get(
        `/api/exports/assessment?year=${calendar.body.year}&jurisdictionId=${seeded.id}&format=${format}`,
      );
      expect([format, file.status]).toEqual([format, 200]);
      expect(declared('/api/exports/assessment')).toContain(file.headers.get('content-type')?.split(';')[0]);
    }
  }, 180_000);
});
