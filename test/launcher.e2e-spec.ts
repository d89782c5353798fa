import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@rol/devstack';
import { Http } from './helpers/http';
import { builtEntry, cleanEnv, run, Running, waitUntil } from './helpers/processes';

// What `npm start` runs, on embedded defaults only: its own Temporal dev server, PGlite and mail
// catcher under DATA_DIR, then the API and the worker as separate processes.
describe('npm start on embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rol-launcher-'));
  let port: number;
  let launcher: Running | null = null;

  async function start(): Promise<{ http: Http; mailUi: string }> {
    launcher = run(builtEntry('launcher'), cleanEnv({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }));
    const http = new Http(`http://127.0.0.1:${port}`);
    const current = launcher;
    await waitUntil(async () => (await http.get('/api/health')).status === 200, 90_000, 'the API to be healthy').catch(
      (error: Error) => {
        throw new Error(`${error.message}; launcher output:\n${current.output()}`);
      },
    );
    const mailUi = /Mail catcher\s+(http:\/\/\S+)/.exec(launcher.output())?.[1];
    if (!mailUi) throw new Error(`no mail catcher URL in:\n${launcher.output()}`);
    return { http, mailUi };
  }

  async function stop(): Promise<void> {
    if (!launcher) return;
    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
    launcher = null;
  }

  beforeAll(async () => {
    // Outside the ephemeral range, so the dev server's own free ports can never take it on a restart.
    port = await freePort(20_000 + Math.floor(Math.random() * 10_000));
  });

  afterAll(async () => {
    if (launcher) {
      launcher.child.kill('SIGKILL');
      await launcher.exited;
    }
  });

  it('runs the whole system, delivers mail to the catcher, and keeps the data across a restart', async () => {
    const first = await start();
    let http = first.http;
    const mailUi = first.mailUi;
    const health = await http.get('/api/health');
    expect(health.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'ok' }, temporal: { status: 'ok' }, mail: { status: 'ok' } },
    });
    expect((await http.get('/api/docs')).status).toBe(200);

    const password = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();
    const admin = await http.login('admin@rol-cycle.local', password);
    const created = await admin.post('/api/organizations', {
      code: 'qingpu',
      name: '上海市青浦区人民政府',
      kind: 'jurisdiction',
    });
    expect(created.status).toBe(201);
    const user = await admin.post('/api/users', {
      name: '张明',
      email: 'zhangming@qp.example.gov.cn',
      password: 'officer-pass-1',
      organizationId: created.body.id,
      roles: ['officer'],
    });
    expect(user.status).toBe(201);

    // The worker's welcome mail arrives in the catcher a person opens in the browser.
    const inbox = async () =>
      (await fetch(`${mailUi}/email`)).json() as Promise<{ subject: string; to: { address: string }[] }[]>;
    await waitUntil(async () => (await inbox()).length === 1, 60_000, 'the welcome mail in the catcher');
    const [mail] = await inbox();
    expect(mail.subject).toBe('【账号开通】法治政府建设年度报告与述法工作平台');
    expect(mail.to[0].address).toBe('zhangming@qp.example.gov.cn');

    // A second instance with its own PORT and DATA_DIR runs beside the first without clashing.
    const otherPort = await freePort(20_000 + Math.floor(Math.random() * 10_000));
    const other = run(
      builtEntry('launcher'),
      cleanEnv({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'rol-launcher-b-')),
        PORT: String(otherPort),
        LOG_LEVEL: 'warn',
      }),
    );
    try {
      const otherHttp = new Http(`http://127.0.0.1:${otherPort}`);
      await waitUntil(async () => (await otherHttp.get('/api/health')).status === 200, 90_000, 'the second instance');
      expect((await http.get('/api/health')).status).toBe(200);
    } finally {
      other.child.kill('SIGTERM');
      expect(await other.exited).toBe(0);
    }

    await stop();
    ({ http } = await start());

    // Same data, same JWT secret: the token issued before the restart still works.
    const listed = await admin.get('/api/organizations');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((o: { code: string }) => o.code)).toEqual(['qingpu']);
    const verified = await admin.get('/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.checked).toBeGreaterThanOrEqual(4);
    await stop();
  }, 240_000);
});
