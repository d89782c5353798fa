import { randomUUID } from 'node:crypto';
import { WorkflowClient } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { noticeKeys, welcomeWorkflowId } from '@rol/contracts';
import { creditCodeCheckChar } from '@rol/domain';
import { noticeMessageId } from '@rol/mail';
import { NoticeEntity } from '@rol/persistence';
import { join } from 'node:path';
import { Http } from './helpers/http';
import { DIST, run } from './helpers/processes';
import { startTestSystem, TestSystem } from './helpers/test-system';

function creditCode(body17: string): string {
  return body17 + creditCodeCheckChar(body17);
}

describe('foundation: identity, access, workflow, mail and audit on the real services', () => {
  let sys: TestSystem;
  let dataSource: DataSource;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // It alters an audit row on purpose, to show verify finds it.
    sys = await startTestSystem({ tampersWithAudit: true });
    dataSource = sys.api.deps.dataSource;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('builds an organisation tree as the bootstrap admin', async () => {
    const qingpu = await sys.admin.post('/api/organizations', {
      code: 'qingpu',
      name: '上海市青浦区人民政府',
      kind: 'jurisdiction',
    });
    expect(qingpu.status).toBe(201);
    ids.qingpu = qingpu.body.id;

    const cityDept = await sys.admin.post('/api/organizations', {
      code: 'sh',
      name: '上海市人民政府',
      kind: 'jurisdiction',
    });
    const shEmergency = await sys.admin.post('/api/organizations', {
      code: 'sh-yjj',
      name: '上海市应急管理局',
      kind: 'department',
      parentId: cityDept.body.id,
    });
    expect(shEmergency.status).toBe(201);
    ids.sh = cityDept.body.id;

    const code = creditCode('11310118MB2F53979');
    const dept = await sys.admin.post('/api/organizations', {
      code: 'qp-yjj',
      name: '上海市青浦区应急管理局',
      kind: 'department',
      parentId: ids.qingpu,
      upperDepartmentId: shEmergency.body.id,
      creditCode: code,
    });
    expect(dept.status).toBe(201);
    expect(dept.body).toMatchObject({
      kind: 'department',
      parentId: ids.qingpu,
      creditCode: code,
      upperDepartmentId: shEmergency.body.id,
    });
    ids.dept = dept.body.id;

    const division = await sys.admin.post('/api/organizations', {
      code: 'qp-yjj-fzxj',
      name: '法制宣教科',
      kind: 'division',
      parentId: ids.dept,
    });
    expect(division.status).toBe(201);
    ids.division = division.body.id;

    // A division cannot hang directly under a jurisdiction; the field is named.
    const misplaced = await sys.admin.post('/api/organizations', {
      code: 'bad',
      name: '错误处室',
      kind: 'division',
      parentId: ids.qingpu,
    });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body.code).toBe('VALIDATION_FAILED');
    expect(misplaced.body.details.fields[0].field).toBe('parentId');

    // A credit code with a wrong check character is refused.
    const badCode = await sys.admin.post('/api/organizations', {
      code: 'bad2',
      name: '校验位错误',
      kind: 'department',
      parentId: ids.qingpu,
      creditCode: '11310118MB2F53979' + (creditCodeCheckChar('11310118MB2F53979') === '0' ? '1' : '0'),
    });
    expect(badCode.status).toBe(400);
    expect(badCode.body.details.fields[0].field).toBe('creditCode');

    const duplicate = await sys.admin.post('/api/organizations', {
      code: 'qp-yjj',
      name: '重复',
      kind: 'department',
      parentId: ids.qingpu,
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('CONFLICT');
  });

  it('creates users, and each new user gets a welcome mail through a Temporal workflow that writes to PostgreSQL', async () => {
    const officer = await sys.admin.post('/api/users', {
      name: '张明',
      email: 'Zhang.Ming@qp.example.gov.cn',
      password: 'officer-pass-1',
      organizationId: ids.dept,
      roles: ['officer'],
    });
    expect(officer.status).toBe(201);
    expect(officer.body.email).toBe('zhang.ming@qp.example.gov.cn');
    expect(officer.body).not.toHaveProperty('passwordHash');
    ids.officer = officer.body.id;

    const leader = await sys.admin.post('/api/users', {
      name: '李局长',
      email: 'li@qp.example.gov.cn',
      password: 'leader-pass-1',
      organizationId: ids.dept,
      roles: ['leader'],
    });
    ids.leader = leader.body.id;
    const qpAdmin = await sys.admin.post('/api/users', {
      name: '王办',
      email: 'wang@qp-yfzqb.example.gov.cn',
      password: 'qp-admin-Pass1',
      organizationId: ids.qingpu,
      roles: ['admin'],
    });
    expect(qpAdmin.status).toBe(201);
    const outsider = await sys.admin.post('/api/users', {
      name: '市局人员',
      email: 'outsider@sh.example.gov.cn',
      password: 'sh-Officer-2025',
      organizationId: ids.sh,
      roles: ['officer', 'admin'],
    });
    expect(outsider.status).toBe(201);

    // The welcome workflow ran on the real Temporal server and its activity sent the mail over SMTP.
    await sys.smtp.waitFor(() => sys.smtp.to('zhang.ming@qp.example.gov.cn').length === 1);
    const [mail] = sys.smtp.to('zhang.ming@qp.example.gov.cn');
    expect(mail.subject).toBe('【账号开通】法治政府建设年度报告与述法工作平台');
    expect(mail.text).toContain('张明，您好');
    expect(mail.text).toContain('上海市青浦区应急管理局');
    expect(mail.text).toContain('法制工作人员');
    expect(mail.html).toContain('<p>登录邮箱：zhang.ming@qp.example.gov.cn</p>');
    expect(mail.text).toContain(`登录平台：${sys.config.publicUrl}/`);
    expect(mail.messageId).toBe(noticeMessageId(noticeKeys.welcome(ids.officer)));

    const client = new WorkflowClient({
      connection: sys.api.deps.temporalConnection,
      namespace: sys.config.temporal.namespace,
    });
    const result = await client.getHandle(welcomeWorkflowId(ids.officer)).result();
    expect(result).toMatchObject({ sentNow: true, messageId: mail.messageId });

    // ...and the activity recorded the notice and its delivery in PostgreSQL.
    const notice = await dataSource
      .getRepository(NoticeEntity)
      .findOneByOrFail({ key: noticeKeys.welcome(ids.officer) });
    expect(notice).toMatchObject({ status: 'sent', recipientEmail: 'zhang.ming@qp.example.gov.cn', attempts: 1 });
    expect(notice.sentAt).toBeInstanceOf(Date);
    const trail = await sys.admin.get(`/api/audit?subjectType=user&subjectId=${ids.officer}`);
    expect(trail.body.items.map((r: { action: string }) => r.action)).toEqual(['user.created', 'notice.sent']);
    expect(trail.body.items[0].actorLabel).toContain(sys.config.adminEmail);

    await sys.smtp.waitFor(() => sys.smtp.messages.length === 4);
  });

  it('sets the principal leader of a department', async () => {
    const updated = await sys.admin.patch(`/api/organizations/${ids.dept}`, { principalLeaderId: ids.leader });
    expect(updated.status).toBe(200);
    expect(updated.body.principalLeaderId).toBe(ids.leader);
    const notLeader = await sys.admin.patch(`/api/organizations/${ids.dept}`, { principalLeaderId: ids.officer });
    expect(notLeader.status).toBe(400);
    expect(notLeader.body.details.fields[0].field).toBe('principalLeaderId');
  });

  it('scopes every read and write to the caller’s organisation', async () => {
    const officer = await sys.http.login('zhang.ming@qp.example.gov.cn', 'officer-pass-1');
    const qpAdmin = await sys.http.login('wang@qp-yfzqb.example.gov.cn', 'qp-admin-Pass1');
    const outsider = await sys.http.login('outsider@sh.example.gov.cn', 'sh-Officer-2025');

    // A user of another organisation (even an admin there) cannot see or change this department, and
    // is not told it exists: the same answer as for an id that does not.
    const peek = await outsider.get(`/api/organizations/${ids.dept}`);
    const nothing = await outsider.get(`/api/organizations/${randomUUID()}`);
    expect(peek.status).toBe(404);
    expect(peek.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: nothing.body.message });
    expect((await outsider.patch(`/api/organizations/${ids.dept}`, { name: '改名' })).status).toBe(404);
    expect((await outsider.get(`/api/users/${ids.officer}`)).status).toBe(404);
    const outsiderCreates = await outsider.post('/api/users', {
      name: 'x',
      email: 'x@example.gov.cn',
      password: 'xxxxxxxx1',
      organizationId: ids.dept,
      roles: ['officer'],
    });
    // Creating a user in an organisation he cannot see: the answer an unknown organisation gets.
    expect(outsiderCreates.status).toBe(400);
    expect(outsiderCreates.body.details.fields[0].field).toBe('organizationId');
    const outsiderList = await outsider.get('/api/organizations');
    expect(outsiderList.body.items.map((o: { code: string }) => o.code).sort()).toEqual(['sh', 'sh-yjj']);

    // References are scoped the same way: a department of a jurisdiction beside the admin's, or a
    // user outside it, gets the answer an unknown id gets.
    const beside = await sys.admin.post('/api/organizations', {
      code: 'jd',
      name: '上海市嘉定区人民政府',
      kind: 'jurisdiction',
    });
    const besideBureau = await sys.admin.post('/api/organizations', {
      code: 'jd-yjj',
      name: '上海市嘉定区应急管理局',
      kind: 'department',
      parentId: beside.body.id,
    });
    const unknownUpper = await qpAdmin.patch(`/api/organizations/${ids.dept}`, { upperDepartmentId: randomUUID() });
    const foreignUpper = await qpAdmin.patch(`/api/organizations/${ids.dept}`, {
      upperDepartmentId: besideBureau.body.id,
    });
    expect(foreignUpper.status).toBe(400);
    expect(foreignUpper.body).toEqual(unknownUpper.body);
    expect(foreignUpper.body.details.fields[0].field).toBe('upperDepartmentId');
    const [outsiderUser] = await dataSource.query(`SELECT id FROM app_user WHERE email = 'outsider@sh.example.gov.cn'`);
    const unknownLeader = await qpAdmin.patch(`/api/organizations/${ids.dept}`, { principalLeaderId: randomUUID() });
    const foreignLeader = await qpAdmin.patch(`/api/organizations/${ids.dept}`, { principalLeaderId: outsiderUser.id });
    expect(foreignLeader.status).toBe(400);
    expect(foreignLeader.body).toEqual(unknownLeader.body);

    // The jurisdiction's admin acts on its departments.
    const rename = await qpAdmin.patch(`/api/organizations/${ids.dept}`, { name: '上海市青浦区应急管理局（更名）' });
    expect(rename.status).toBe(200);
    const qpList = await qpAdmin.get('/api/organizations?kind=department');
    expect(qpList.body).toMatchObject({ total: 1, items: [{ id: ids.dept }] });
    // ...but not on the jurisdiction above or beside it, and cannot create a root.
    expect((await qpAdmin.post('/api/organizations', { code: 'root2', name: '根', kind: 'jurisdiction' })).status).toBe(
      403,
    );

    // A non-admin cannot administer, whatever the organisation.
    const officerCreates = await officer.post('/api/organizations', {
      code: 'x1',
      name: '处室',
      kind: 'division',
      parentId: ids.dept,
    });
    expect(officerCreates.status).toBe(403);
    expect(officerCreates.body.code).toBe('FORBIDDEN');
    // He may change his own name, not his roles.
    expect((await officer.patch(`/api/users/${ids.officer}`, { name: '张明明' })).status).toBe(200);
    expect((await officer.patch(`/api/users/${ids.officer}`, { roles: ['admin'] })).status).toBe(403);

    const me = await officer.get('/api/me');
    expect(me.body).toMatchObject({ id: ids.officer, name: '张明明', organization: { id: ids.dept } });

    expect((await sys.http.get('/api/me')).status).toBe(401);
    expect((await sys.http.get('/api/me')).body.code).toBe('UNAUTHENTICATED');
    expect((await sys.http.as('not-a-token').get('/api/me')).status).toBe(401);
    const wrong = await sys.http.post('/api/auth/login', {
      email: 'zhang.ming@qp.example.gov.cn',
      password: 'wrong-password',
    });
    expect(wrong.status).toBe(401);
  });

  it('rejects malformed bodies with VALIDATION_FAILED naming the fields, never a 500', async () => {
    const unknownField = await sys.admin.post('/api/organizations', {
      code: 'ok1',
      name: '单位',
      kind: 'jurisdiction',
      color: 'red',
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    expect(unknownField.body.details.fields).toContainEqual({
      field: 'color',
      problems: ['不允许的字段 (unknown field)'],
    });

    const badKind = await sys.admin.post('/api/organizations', { code: 'ok2', name: '单位', kind: 'ministry' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['kind']);
    expect(badKind.body.message).toContain('kind');

    const badJson = await sys.admin.request('POST', '/api/organizations', { rawBody: '{"code": "x",' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe('VALIDATION_FAILED');

    const badRoles = await sys.admin.post('/api/users', {
      name: 'a',
      email: 'not-an-email',
      password: 'short',
      roles: ['boss'],
    });
    expect(badRoles.status).toBe(400);
    expect(badRoles.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'email',
      'password',
      'roles',
    ]);

    expect((await sys.admin.get('/api/organizations/not-a-uuid')).status).toBe(400);
    const missing = await sys.admin.get('/api/organizations/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const noRoute = await sys.admin.get('/api/nothing-here');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.code).toBe('NOT_FOUND');
    expect((await sys.admin.get('/api/organizations?limit=1000')).status).toBe(400);

    // null is not "absent", and a NUL character is refused by PostgreSQL: both are the client's fault.
    const me = await sys.admin.get('/api/me');
    const nullPassword = await sys.admin.patch(`/api/users/${me.body.id}`, { password: null });
    expect(nullPassword.status).toBe(400);
    expect(nullPassword.body.details.fields[0].field).toBe('password');
    const nul = await sys.admin.post('/api/organizations', { code: 'nul', name: 'A\u0000B', kind: 'jurisdiction' });
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe('VALIDATION_FAILED');
  });

  it('replays the first answer for a repeated Idempotency-Key', async () => {
    const body = { code: 'idem-1', name: '幂等测试局', kind: 'department', parentId: ids.qingpu };
    const first = await sys.admin.post('/api/organizations', body, { 'Idempotency-Key': 'key-1' });
    const second = await sys.admin.post('/api/organizations', body, { 'Idempotency-Key': 'key-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const listed = await sys.admin.get(`/api/organizations?parentId=${ids.qingpu}`);
    expect(listed.body.items.filter((o: { code: string }) => o.code === 'idem-1')).toHaveLength(1);

    const reused = await sys.admin.post(
      '/api/organizations',
      { ...body, code: 'idem-2' },
      { 'Idempotency-Key': 'key-1' },
    );
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('CONFLICT');

    // A client error is replayed as it was first answered.
    const bad1 = await sys.admin.post(
      '/api/organizations',
      { ...body, code: 'idem-1' },
      { 'Idempotency-Key': 'key-2' },
    );
    const bad2 = await sys.admin.post(
      '/api/organizations',
      { ...body, code: 'idem-1' },
      { 'Idempotency-Key': 'key-2' },
    );
    expect(bad1.status).toBe(409);
    expect(bad2.status).toBe(409);
    expect(bad2.body).toEqual(bad1.body);
  });

  it('keeps a tamper-evident audit trail and finds the first altered row', async () => {
    const intact = await sys.admin.get('/api/audit/verify');
    expect(intact.status).toBe(200);
    expect(intact.body.ok).toBe(true);
    expect(intact.body.checked).toBeGreaterThan(10);

    // The table refuses changes outright...
    const [row] = await dataSource.query(
      `SELECT id FROM audit_log WHERE action = 'organization.created' ORDER BY id LIMIT 1 OFFSET 2`,
    );
    await expect(dataSource.query(`UPDATE audit_log SET reason = 'x' WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query(`DELETE FROM audit_log WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);

    // ...and someone who disables the trigger and rewrites history is caught by the chain.
    const qr = dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      await qr.query(`UPDATE audit_log SET after = jsonb_set(after, '{name}', '"篡改"') WHERE id = $1`, [row.id]);
      await qr.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    } finally {
      await qr.release();
    }
    const broken = await sys.admin.get('/api/audit/verify');
    expect(broken.body).toMatchObject({
      ok: false,
      firstBrokenId: Number(row.id),
      problem: 'hash',
      brokenCount: 1,
      broken: [{ id: Number(row.id), problem: 'hash' }],
    });

    const qpAdmin = await sys.http.login('wang@qp-yfzqb.example.gov.cn', 'qp-admin-Pass1');
    expect((await qpAdmin.get('/api/audit/verify')).status).toBe(403);

    // The same check from the command line, for an operator without the API.
    const cli = run(join(DIST, 'scripts', 'verify-audit.js'), { ...process.env, DATABASE_URL: sys.database.url });
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('audit chain broken: 1 rows');
    expect(cli.output()).toContain(`row ${row.id} (hash)`);
  });

  it('registers the search attributes the cycles use on the namespace', async () => {
    const { customAttributes } = await sys.api.deps.temporalConnection.operatorService.listSearchAttributes({
      namespace: sys.config.temporal.namespace,
    });
    expect(Object.keys(customAttributes ?? {})).toEqual(
      expect.arrayContaining(['RolOrganization', 'RolYear', 'RolStage', 'RolOverdue']),
    );
  });

  it('reports every backing service as healthy', async () => {
    const health = await new Http(sys.api.url).get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.checks.database.status).toBe('ok');
    expect(health.body.checks.temporal.status).toBe('ok');
    expect(health.body.checks.mail.status).toBe('ok');
    const docs = await new Http(sys.api.url).get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/organizations', '/api/users', '/api/auth/login']),
    );
  });

  it('answers 503 naming the failing check when a backing service is down', async () => {
    const port = Number(new URL(sys.smtp.url).port);
    await sys.smtp.stop();
    try {
      const health = await new Http(sys.api.url).get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body.status).toBe('error');
      expect(health.body.checks.mail.status).toBe('error');
      expect(health.body.checks.database.status).toBe('ok');
    } finally {
      await sys.smtp.start(port);
    }
    expect((await new Http(sys.api.url).get('/api/health')).status).toBe(200);
  });
});
