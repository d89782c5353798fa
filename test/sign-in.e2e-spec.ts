import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HttpResult } from './helpers/http';
import { ADMIN, startTestSystem, TestSystem } from './helpers/test-system';

/** The session id a token names. */
function sessionOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** argon2id at 19 MiB, 2 passes, 1 lane (the PHC string's parameters in any order). */
const ARGON2ID_AT_OUR_COST = /^\$argon2id\$v=19\$(?=[^$]*m=19456)(?=[^$]*t=2)(?=[^$]*p=1)[mtp=0-9,]+\$/;

describe('sign-in and sessions (等保 2.0 身份鉴别)', () => {
  let sys: TestSystem;
  let db: DataSource;
  const p = `s${randomBytes(3).toString('hex')}`;
  let departmentId: string;
  const email = (who: string) => `${who}-${p}@example.gov.cn`;
  const PASSWORD = 'Qingpu-2025-law';

  async function createUser(who: string, password = PASSWORD, roles = ['officer']): Promise<string> {
    const created = await sys.admin.post('/api/users', {
      name: who,
      email: email(who),
      password,
      organizationId: departmentId,
      roles,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  const login = (address: string, password: string) => sys.http.post('/api/auth/login', { email: address, password });

  async function tokenOf(address: string, password: string): Promise<string> {
    const result = await login(address, password);
    expect(result.status).toBe(200);
    return result.body.accessToken as string;
  }

  const trail = async (userId: string) =>
    (await sys.admin.get(`/api/audit?subjectType=user&subjectId=${userId}&limit=100`)).body.items as {
      action: string;
      actorLabel: string;
      before: unknown;
      after: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    sys = await startTestSystem({ inProcessWorker: false });
    db = sys.api.deps.dataSource;
    const j = await sys.admin.post('/api/organizations', {
      code: `${p}-j`,
      name: '青浦区人民政府',
      kind: 'jurisdiction',
    });
    const d = await sys.admin.post('/api/organizations', {
      code: `${p}-d`,
      name: '青浦区司法局',
      kind: 'department',
      parentId: j.body.id,
    });
    expect(d.status).toBe(201);
    departmentId = d.body.id;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  describe('password rule', () => {
    it('refuses 12345678, a password with the e-mail in it and a common one, naming the field and what is missing', async () => {
      const digits = await sys.admin.post('/api/users', {
        name: '弱',
        email: email('weak'),
        password: '12345678',
        organizationId: departmentId,
        roles: ['officer'],
      });
      expect(digits.status).toBe(400);
      expect(digits.body.code).toBe('VALIDATION_FAILED');
      expect(digits.body.details.fields).toEqual([
        { field: 'password', problems: ['须包含小写字母、大写字母、数字、其他符号中的至少 3 类（现有 1 类）'] },
      ]);
      expect(digits.body.message).toContain('密码不符合要求');

      const withEmail = await sys.admin.post('/api/users', {
        name: '弱',
        email: email('weak'),
        password: `X1-${email('weak')}`,
        organizationId: departmentId,
        roles: ['officer'],
      });
      expect(withEmail.status).toBe(400);
      expect(withEmail.body.details.fields[0]).toEqual({ field: 'password', problems: ['不能包含邮箱或邮箱用户名'] });
      const withLocalPart = await sys.admin.post('/api/users', {
        name: '弱',
        email: email('weak'),
        password: `weak-${p}-1`,
        organizationId: departmentId,
        roles: ['officer'],
      });
      expect(withLocalPart.status).toBe(400);

      const common = await sys.admin.post('/api/users', {
        name: '弱',
        email: email('weak'),
        password: 'P@ssw0rd',
        organizationId: departmentId,
        roles: ['officer'],
      });
      expect(common.status).toBe(400);
      expect(common.body.details.fields[0].problems).toEqual(['属于常见弱口令，容易被猜中']);
      // Nothing was created by the refusals.
      expect((await sys.admin.get(`/api/users?organizationId=${departmentId}`)).body.total).toBe(0);
    });

    it('accepts 8 characters from 3 of the 4 classes', async () => {
      const id = await createUser('fine', 'qingpu-2025');
      expect((await login(email('fine'), 'qingpu-2025')).status).toBe(200);
      // ...and applies the rule to an administrator's reset too.
      const reset = await sys.admin.patch(`/api/users/${id}`, { password: 'abcdefgh' });
      expect(reset.status).toBe(400);
      expect(reset.body.details.fields[0].field).toBe('password');
    });

    it('counts every byte of a long password (bcrypt read only the first 72)', async () => {
      const head = 'Qp-2025-'.repeat(10); // 80 bytes
      await createUser('long', `${head}tail-one`);
      const otherTail = await login(email('long'), `${head}tail-two`);
      expect(otherTail.status).toBe(401);
      expect(otherTail.body.code).toBe('UNAUTHENTICATED');
      expect((await login(email('long'), `${head}tail-one`)).status).toBe(200);
      const [{ password_hash }] = await db.query(`SELECT password_hash FROM app_user WHERE email = $1`, [
        email('long'),
      ]);
      expect(password_hash).toMatch(ARGON2ID_AT_OUR_COST);
    });
  });

  it('re-hashes a bcrypt password with argon2id at the next successful sign-in', async () => {
    const address = email('legacy');
    const legacyHash = bcrypt.hashSync('Legacy-pass-2024', 4);
    await db.query(
      `INSERT INTO app_user (id, name, email, password_hash, organization_id, roles) VALUES ($1, '旧账号', $2, $3, $4, '{officer}')`,
      [randomUUID(), address, legacyHash, departmentId],
    );
    const stored = async () =>
      (
        (await db.query(`SELECT password_hash FROM app_user WHERE email = $1`, [address])) as {
          password_hash: string;
        }[]
      )[0].password_hash;
    expect((await login(address, 'Legacy-pass-2023')).status).toBe(401);
    expect(await stored()).toBe(legacyHash);
    expect((await login(address, 'Legacy-pass-2024')).status).toBe(200);
    const upgraded = await stored();
    expect(upgraded).toMatch(ARGON2ID_AT_OUR_COST);
    expect((await login(address, 'Legacy-pass-2024')).status).toBe(200);
    expect(await stored()).toBe(upgraded);
    expect((await login(address, 'Legacy-pass-2023')).status).toBe(401);
  });

  describe('lockout', () => {
    it('locks after 5 failures in 15 minutes, refuses the right password then, and an admin unlocks', async () => {
      const id = await createUser('locked');
      const answers: HttpResult[] = [];
      for (let i = 0; i < 5; i++) answers.push(await login(email('locked'), `Wrong-pass-${i}`));
      expect(answers.slice(0, 4).map((a) => [a.status, a.body.code, a.body.message])).toEqual(
        Array(4).fill([401, 'UNAUTHENTICATED', '邮箱或密码不正确']),
      );
      expect(answers[4].status).toBe(423);
      expect(answers[4].body.code).toBe('ACCOUNT_LOCKED');
      expect(answers[4].body.message).toMatch(/^登录失败次数过多，账号已锁定至 .+（北京时间）/);
      const lockedUntil = Date.parse(answers[4].body.details.lockedUntil);
      expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
      expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60_000);

      // The 6th attempt, with the right password, is refused the same way.
      const right = await login(email('locked'), PASSWORD);
      expect(right.status).toBe(423);
      expect(right.body).toEqual(answers[4].body);

      // Administrators see it, in the user and in the list.
      const seen = await sys.admin.get(`/api/users/${id}`);
      expect(seen.body).toMatchObject({
        locked: true,
        failedLogins: 5,
        lockedUntil: new Date(lockedUntil).toISOString(),
      });
      const listed = await sys.admin.get(`/api/users?organizationId=${departmentId}&limit=100`);
      expect(listed.body.items.find((u: { id: string }) => u.id === id)).toMatchObject({
        locked: true,
        failedLogins: 5,
      });

      // Only an administrator of the user's organisation unlocks.
      const officer = await sys.http.login(email('fine'), 'qingpu-2025');
      expect((await officer.post(`/api/users/${id}/unlock`)).status).toBe(403);
      const unlocked = await sys.admin.post(`/api/users/${id}/unlock`);
      expect(unlocked.status).toBe(200);
      expect(unlocked.body).toMatchObject({ locked: false, lockedUntil: null, failedLogins: 0 });
      expect((await login(email('locked'), PASSWORD)).status).toBe(200);

      const actions = await trail(id);
      expect(actions.map((a) => a.action)).toEqual(['user.created', 'user.locked', 'user.unlocked']);
      expect(actions[1].after).toMatchObject({ locked: true, failedLogins: 5 });
      expect(actions[2].actorLabel).toContain(ADMIN.email);
      expect(actions[2].before).toMatchObject({ locked: true, failedLogins: 5 });
    });

    it('ends a lock after its 15 minutes, and a success clears the failures counted', async () => {
      const id = await createUser('expiring');
      for (let i = 0; i < 5; i++) await login(email('expiring'), 'Wrong-pass-1');
      expect((await login(email('expiring'), PASSWORD)).status).toBe(423);
      await db.query(
        `UPDATE login_lockout SET locked_until = now() - interval '1 second', window_started_at = now() - interval '16 minutes'
          WHERE email = $1`,
        [email('expiring')],
      );
      await login(email('expiring'), 'Wrong-pass-1');
      expect((await sys.admin.get(`/api/users/${id}`)).body).toMatchObject({ locked: false, failedLogins: 1 });
      expect((await login(email('expiring'), PASSWORD)).status).toBe(200);
      expect((await sys.admin.get(`/api/users/${id}`)).body).toMatchObject({ locked: false, failedLogins: 0 });
    });

    it('answers an unknown e-mail exactly as an existing one, lock included, in similar time', async () => {
      await createUser('known');
      const known: HttpResult[] = [];
      const unknown: HttpResult[] = [];
      for (let i = 0; i < 6; i++) {
        known.push(await login(email('known'), i < 5 ? 'Wrong-pass-1' : PASSWORD));
        unknown.push(await login(email('nobody'), i < 5 ? 'Wrong-pass-1' : PASSWORD));
      }
      const shape = (r: HttpResult) => [r.status, r.body.code, r.body.message?.replace(/至 .+（/, '至 …（')];
      expect(unknown.map(shape)).toEqual(known.map(shape));
      expect(unknown[5].status).toBe(423);

      // A password hash is checked for an unknown e-mail too: timing does not tell which accounts exist.
      for (let i = 0; i < 4; i++) await createUser(`timed${i}`);
      const knownMs: number[] = [];
      const unknownMs: number[] = [];
      for (let i = 0; i < 4; i++) {
        let started = performance.now();
        expect((await login(email(`timed${i}`), 'Wrong-pass-1')).status).toBe(401);
        knownMs.push(performance.now() - started);
        started = performance.now();
        expect((await login(email(`ghost${i}`), 'Wrong-pass-1')).status).toBe(401);
        unknownMs.push(performance.now() - started);
      }
      expect(median(unknownMs)).toBeGreaterThan(median(knownMs) * 0.5);
      expect(median(unknownMs)).toBeLessThan(median(knownMs) * 2);
    });
  });

  describe('changing one’s own password', () => {
    it('needs the current password, ends every session and answers with a fresh token', async () => {
      const id = await createUser('changer');
      const first = await tokenOf(email('changer'), PASSWORD);
      const second = await tokenOf(email('changer'), PASSWORD);
      const me = sys.http.as(first);

      const noCurrent = await me.patch(`/api/users/${id}`, { password: 'Changed-pass-2026' });
      expect(noCurrent.status).toBe(400);
      expect(noCurrent.body.details.fields[0].field).toBe('currentPassword');
      const wrongCurrent = await me.patch(`/api/users/${id}`, {
        password: 'Changed-pass-2026',
        currentPassword: 'Wrong-pass-1',
      });
      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'currentPassword', problems: ['当前密码不正确'] }] },
      });
      // A wrong current password counts as a failed sign-in.
      expect((await sys.admin.get(`/api/users/${id}`)).body.failedLogins).toBe(1);
      const weak = await me.patch(`/api/users/${id}`, { password: 'changer1', currentPassword: PASSWORD });
      expect(weak.status).toBe(400);
      expect(weak.body.details.fields[0].field).toBe('password');
      // Nothing changed so far: both sessions still work.
      expect((await sys.http.as(second).get('/api/me')).status).toBe(200);

      const changed = await me.patch(`/api/users/${id}`, { password: 'Changed-pass-2026', currentPassword: PASSWORD });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ id, mustChangePassword: false });
      const fresh = changed.body.accessToken as string;
      expect(typeof fresh).toBe('string');

      for (const old of [first, second]) {
        const refused = await sys.http.as(old).get('/api/me');
        expect(refused.status).toBe(401);
        expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' });
      }
      expect((await sys.http.as(fresh).get('/api/me')).body).toMatchObject({ id });
      expect((await login(email('changer'), PASSWORD)).status).toBe(401);
      expect((await login(email('changer'), 'Changed-pass-2026')).status).toBe(200);
      const actions = await trail(id);
      expect(actions.map((a) => a.action)).toEqual(['user.created', 'user.password_changed']);
      expect(actions[1].after).toMatchObject({ sessionsEnded: 2 });
      expect(JSON.stringify(actions)).not.toContain('argon2');

      // The same through POST /api/me/password.
      const again = await sys.http
        .as(fresh)
        .post('/api/me/password', { currentPassword: 'Changed-pass-2026', password: 'Changed-again-2026' });
      expect(again.status).toBe(200);
      expect(again.body.user).toMatchObject({ id });
      expect((await sys.http.as(fresh).get('/api/me')).status).toBe(401);
      expect((await sys.http.as(again.body.accessToken).get('/api/me')).status).toBe(200);
    });
  });

  it('after an administrator resets a password, the user can only change it, read himself and log out', async () => {
    const id = await createUser('reset');
    const before = await tokenOf(email('reset'), PASSWORD);
    const reset = await sys.admin.patch(`/api/users/${id}`, { password: 'Temporary-2026' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ mustChangePassword: true });
    expect(reset.body).not.toHaveProperty('accessToken');
    // The reset ends the user's sessions.
    expect((await sys.http.as(before).get('/api/me')).status).toBe(401);

    const signedIn = await login(email('reset'), 'Temporary-2026');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id, mustChangePassword: true });
    const user = sys.http.as(signedIn.body.accessToken);
    expect((await user.get('/api/me')).body).toMatchObject({ id, mustChangePassword: true });
    for (const refused of [
      await user.get('/api/me/tasks'),
      await user.get('/api/organizations'),
      await user.get(`/api/users/${id}`),
      await user.patch(`/api/users/${id}`, { name: '改名' }),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: expect.stringContaining('修改密码'),
      });
    }
    const changed = await user.patch(`/api/users/${id}`, {
      password: 'Own-choice-2026',
      currentPassword: 'Temporary-2026',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    const free = sys.http.as(changed.body.accessToken);
    expect((await free.get('/api/me/tasks')).status).toBe(200);
    expect((await trail(id)).map((a) => a.action)).toEqual([
      'user.created',
      'user.password_reset',
      'user.password_changed',
    ]);

    // Logout is open to such a user too.
    await sys.admin.patch(`/api/users/${id}`, { password: 'Temporary-2027' });
    const again = await tokenOf(email('reset'), 'Temporary-2027');
    expect((await sys.http.as(again).post('/api/auth/logout')).status).toBe(204);
    expect((await sys.http.as(again).get('/api/me')).status).toBe(401);
  });

  describe('sessions', () => {
    it('end after SESSION_IDLE_MINUTES without use, and use keeps them going', async () => {
      await createUser('idle');
      const token = await tokenOf(email('idle'), PASSWORD);
      const sid = sessionOf(token);
      const lastUsed = async () =>
        new Date(
          (
            (await db.query(`SELECT last_used_at FROM user_session WHERE id = $1`, [sid])) as { last_used_at: Date }[]
          )[0].last_used_at,
        ).getTime();
      expect(sys.config.sessionIdleMinutes).toBe(30);

      // Used within the minute: nothing is written.
      const justNow = await lastUsed();
      expect((await sys.http.as(token).get('/api/me')).status).toBe(200);
      expect(await lastUsed()).toBe(justNow);

      // Unused for 29 minutes: still live, and this use moves last use to now.
      await db.query(`UPDATE user_session SET last_used_at = now() - interval '29 minutes' WHERE id = $1`, [sid]);
      expect((await sys.http.as(token).get('/api/me')).status).toBe(200);
      expect(Date.now() - (await lastUsed())).toBeLessThan(10_000);

      await db.query(`UPDATE user_session SET last_used_at = now() - interval '31 minutes' WHERE id = $1`, [sid]);
      const idle = await sys.http.as(token).get('/api/me');
      expect(idle.status).toBe(401);
      expect(idle.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: '登录已超时，请重新登录' });
      // A refused request does not bring the session back.
      expect((await sys.http.as(token).get('/api/me')).status).toBe(401);
    });

    it('end at logout, that session only', async () => {
      await createUser('leaver');
      const phone = await tokenOf(email('leaver'), PASSWORD);
      const desk = await tokenOf(email('leaver'), PASSWORD);
      expect((await sys.http.as(phone).post('/api/auth/logout')).status).toBe(204);
      expect((await sys.http.as(phone).get('/api/me')).status).toBe(401);
      expect((await sys.http.as(phone).post('/api/auth/logout')).status).toBe(401);
      expect((await sys.http.as(desk).get('/api/me')).status).toBe(200);
    });

    it('refuses a well-signed token that names no session (issued before sessions existed)', async () => {
      const id = await createUser('oldtoken');
      const old = jwt.sign({}, sys.config.jwtSecret, { subject: id, expiresIn: 3600, algorithm: 'HS256' });
      expect((await sys.http.as(old).get('/api/me')).status).toBe(401);
      const unknownSession = jwt.sign({ sid: randomUUID() }, sys.config.jwtSecret, {
        subject: id,
        expiresIn: 3600,
        algorithm: 'HS256',
      });
      expect((await sys.http.as(unknownSession).get('/api/me')).status).toBe(401);
    });
  });

  describe('with low rate limits and a weak bootstrap password', () => {
    let limited: TestSystem;

    beforeAll(async () => {
      limited = await startTestSystem({
        inProcessWorker: false,
        env: { ADMIN_PASSWORD: 'admin-password-123', LOGIN_RATE_LIMIT_PER_IP: '6', LOGIN_RATE_LIMIT_PER_ACCOUNT: '3' },
      });
    });

    afterAll(async () => {
      await limited?.stop();
    });

    it('answers 429 TOO_MANY_REQUESTS past the limits per account and per IP', async () => {
      // The system's own admin sign-in was the first from this IP.
      const attempt = (who: string) =>
        limited.http.post('/api/auth/login', { email: `${who}@x.example.gov.cn`, password: 'Wrong-pass-1' });
      const a = [await attempt('a'), await attempt('a'), await attempt('a'), await attempt('a')];
      expect(a.map((r) => r.status)).toEqual([401, 401, 401, 429]);
      expect(a[3].body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      expect(a[3].body.message).toMatch(/^登录尝试过于频繁，请 \d+ 秒后再试$/);
      expect(Number(a[3].headers.get('retry-after-login-account'))).toBeGreaterThan(0);
      // Another account from the same IP, until the IP's 6 a minute are used.
      expect((await attempt('b')).status).toBe(401);
      const ip = await attempt('c');
      expect(ip.status).toBe(429);
      expect(ip.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(ip.headers.get('retry-after-login-ip'))).toBeGreaterThan(0);
    });

    it('makes a bootstrap administrator with a weak ADMIN_PASSWORD change it first', async () => {
      // limited.admin signed in at start-up, before the limits above were reached.
      const me = await limited.admin.get('/api/me');
      expect(me.body).toMatchObject({ email: ADMIN.email, mustChangePassword: true });
      const blocked = await limited.admin.get('/api/organizations');
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    });
  });
});
