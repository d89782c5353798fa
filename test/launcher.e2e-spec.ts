import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_POSTGRES_OS_USER, processAlive } from '@rol/devstack';
import { Http } from './helpers/http';
import { builtEntry, cleanEnv, launcherPorts, run, Running, waitHealthy, waitUntil } from './helpers/processes';

interface ProcessState {
  status: 'starting' | 'running' | 'restarting';
  pid: number | null;
  restarts: number;
}

// What `npm start` runs, on embedded defaults only: its own Temporal dev server, a PostgreSQL server
// from npm and a mail catcher under DATA_DIR, then the API and the worker as separate processes.
describe('npm start on embedded defaults', () => {
  const launchers: Running[] = [];

  /** `ports`: PORT and the ports of the services it runs (launcherPorts), the same for every start on a DATA_DIR. */
  function startLauncher(
    dataDir: string,
    ports: Record<string, string>,
    extra: Record<string, string> = {},
    detached = false,
  ) {
    const launcher = run(
      builtEntry('launcher'),
      cleanEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...ports, ...extra }),
      {
        detached,
      },
    );
    launchers.push(launcher);
    return launcher;
  }

  afterAll(async () => {
    for (const launcher of launchers) {
      if (launcher.child.exitCode === null && launcher.child.signalCode === null) {
        launcher.child.kill('SIGTERM');
        await launcher.exited;
      }
    }
  });

  it('runs the whole system on a real PostgreSQL server, delivers mail to the catcher, and keeps the data across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rol-launcher-'));
    const ports = await launcherPorts();
    const http = new Http(`http://127.0.0.1:${ports.PORT}`);
    let launcher = startLauncher(dataDir, ports);
    await waitHealthy(launcher, http);
    const mailUi = /Mail catcher\s+(http:\/\/\S+)/.exec(launcher.output())?.[1];
    if (!mailUi) throw new Error(`no mail catcher URL in:\n${launcher.output()}`);
    const health = await http.get('/api/health');
    expect(health.body).toMatchObject({
      status: 'ok',
      checks: {
        database: { status: 'ok' },
        temporal: { status: 'ok' },
        mail: { status: 'ok' },
        processes: { status: 'ok' },
      },
    });
    expect((await http.get('/api/docs')).status).toBe(200);
    // Every service on the port it was given (TEMPORAL_PORT, POSTGRES_PORT, …), none on a port of its own choosing.
    expect(mailUi).toBe(`http://127.0.0.1:${ports.MAIL_UI_PORT}`);
    expect(launcher.output()).toContain(`Temporal UI    http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`);

    // A real PostgreSQL cluster under DATA_DIR/postgres, run by an unprivileged user when we are root.
    expect(readFileSync(join(dataDir, 'postgres', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    const state = JSON.parse(readFileSync(join(dataDir, 'processes.json'), 'utf8')) as Record<string, ProcessState>;
    expect(Object.keys(state).sort()).toEqual(['api', 'mail', 'postgres', 'temporal', 'worker']);
    const argsOf = (pid: number | null) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    expect(argsOf(state.postgres.pid)).toContain(` -p ${ports.POSTGRES_PORT} `);
    expect(argsOf(state.temporal.pid)).toContain(` --port ${ports.TEMPORAL_PORT} `);
    expect(argsOf(state.mail.pid)).toContain(` --smtp ${ports.MAIL_SMTP_PORT} `);
    const postgresUid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${state.postgres.pid}/status`, 'utf8'))?.[1];
    if (userInfo().uid === 0) {
      expect(Number(postgresUid)).toBe(Number(execFileSync('id', ['-u', EMBEDDED_POSTGRES_OS_USER]).toString()));
      expect(Number(postgresUid)).not.toBe(0);
    } else {
      expect(Number(postgresUid)).toBe(userInfo().uid);
    }

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
    const otherPorts = await launcherPorts();
    const other = startLauncher(mkdtempSync(join(tmpdir(), 'rol-launcher-b-')), otherPorts);
    const otherHttp = new Http(`http://127.0.0.1:${otherPorts.PORT}`);
    await waitHealthy(other, otherHttp);
    expect((await http.get('/api/health')).status).toBe(200);
    other.child.kill('SIGTERM');
    expect(await other.exited).toBe(0);
    // A port set for a service that is taken stops the launcher at once, naming the variable.
    const clashDir = mkdtempSync(join(tmpdir(), 'rol-launcher-c-'));
    const clash = startLauncher(clashDir, { ...(await launcherPorts()), TEMPORAL_PORT: ports.TEMPORAL_PORT });
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toContain(`port ${ports.TEMPORAL_PORT} is in use`);
    expect(clash.output()).toContain('（TEMPORAL_PORT）');
    expect(existsSync(join(clashDir, 'postgres'))).toBe(false);

    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
    // PostgreSQL was shut down cleanly (a crash leaves its pid file behind).
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    launcher = startLauncher(dataDir, ports);
    await waitHealthy(launcher, http);

    // Same data, same JWT secret: the token issued before the restart still works.
    const listed = await admin.get('/api/organizations');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((o: { code: string }) => o.code)).toEqual(['qingpu']);
    const verified = await admin.get('/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.checked).toBeGreaterThanOrEqual(4);

    // The launcher itself killed outright leaves its processes behind; the next start stops them first.
    const orphans = Object.values(
      JSON.parse(readFileSync(join(dataDir, 'processes.json'), 'utf8')) as Record<string, ProcessState>,
    ).map((s) => s.pid!);
    launcher.child.kill('SIGKILL');
    await launcher.exited;
    expect(orphans.filter(processAlive).length).toBeGreaterThan(0);
    launcher = startLauncher(dataDir, ports);
    const current = launcher;
    // The old API still answers until the new launcher has stopped it: wait for the new one's own.
    await waitUntil(async () => /\[launcher\] api started/.test(current.output()), 120_000, 'the new API').catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${current.output()}`);
      },
    );
    await waitHealthy(launcher, http);
    expect(launcher.output()).toMatch(/stopping postgres left running by an earlier launcher/);
    const survivors = orphans.filter(processAlive).map((pid) => `${pid}: ${readFileSync(`/proc/${pid}/stat`, 'utf8')}`);
    expect(survivors).toEqual([]);
    expect((await admin.get('/api/organizations')).body.items).toHaveLength(1);
    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
  }, 300_000);

  it('restarts any process that dies, shows it in /api/health meanwhile, and stops everything on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rol-launcher-s-'));
    const ports = await launcherPorts();
    const http = new Http(`http://127.0.0.1:${ports.PORT}`);
    // In a terminal's process group of its own, as `npm start` runs; readable log lines asked for.
    const launcher = startLauncher(dataDir, ports, { LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' }, true);
    await waitHealthy(launcher, http);
    const states = () =>
      JSON.parse(readFileSync(join(dataDir, 'processes.json'), 'utf8')) as Record<string, ProcessState>;
    const password = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();

    for (const name of ['worker', 'mail', 'temporal', 'postgres', 'api']) {
      const before = states()[name];
      expect(before.status).toBe('running');
      // Health is asked every 100 ms, without waiting for earlier answers (a check of a dead service takes seconds).
      const seen: string[] = [];
      // Answers can come late (a check of a dead service takes seconds): all are awaited before judging.
      const asked: Promise<void>[] = [];
      const watcher = setInterval(() => {
        asked.push(
          http.get('/api/health').then(
            (answer) => {
              if (answer.status === 503) seen.push(String(answer.body?.checks?.processes?.error));
            },
            () => undefined,
          ),
        );
      }, 100);
      try {
        process.kill(before.pid!, 'SIGKILL');
        await waitUntil(
          async () => states()[name].status === 'running' && states()[name].pid !== before.pid,
          60_000,
          `${name} restarted`,
        );
        await waitHealthy(launcher, http);
      } finally {
        clearInterval(watcher);
        await Promise.all(asked);
      }
      // While it was down, the API said so (503, naming the process); the API cannot report its own absence.
      if (name !== 'api') expect(seen.some((error) => error.includes(`${name} (exited SIGKILL)`))).toBe(true);
      expect(states()[name].restarts).toBe(before.restarts + 1);
      // Signed in and working again: the database, Temporal and the worker behind it.
      const admin = await http.login('admin@rol-cycle.local', password);
      expect((await admin.get('/api/organizations')).status).toBe(200);
    }
    expect(launcher.output()).toMatch(/\[launcher\] worker exited unexpectedly \(SIGKILL\)/);
    expect(launcher.output()).toMatch(/\[launcher\] restarting postgres in \d+ s/);
    // Readable lines, not JSON, when asked for (the default on a terminal).
    expect(launcher.output()).toMatch(/\[api\] \[[\d:.]+\] INFO/);
    expect(launcher.output()).not.toMatch(/\[api\] \{"level"/);

    // Nothing was lost by the restarts: a new user's welcome mail still goes out, once.
    const admin = await http.login('admin@rol-cycle.local', password);
    const org = await admin.post('/api/organizations', { code: 'jd', name: '测试区人民政府', kind: 'jurisdiction' });
    expect(org.status).toBe(201);
    const created = await admin.post('/api/users', {
      name: '李华',
      email: 'lihua@example.gov.cn',
      password: 'officer-pass-1',
      organizationId: org.body.id,
      roles: ['officer'],
    });
    expect(created.status).toBe(201);
    const mailUi = /Mail catcher\s+(http:\/\/\S+)/.exec(launcher.output())![1];
    const inbox = async () => (await fetch(`${mailUi}/email`)).json() as Promise<{ to: { address: string }[] }[]>;
    await waitUntil(
      async () => (await inbox()).some((m) => m.to[0].address === 'lihua@example.gov.cn'),
      60_000,
      'the mail',
    );

    // Ctrl-C: SIGINT to the whole process group. Every process stops, in order, and nothing is left.
    const pids = Object.values(states()).map((s) => s.pid!);
    process.kill(-launcher.child.pid!, 'SIGINT');
    // Impatient users press it twice (and npm forwards it once more): the stop goes on in order.
    await new Promise((r) => setTimeout(r, 50));
    process.kill(-launcher.child.pid!, 'SIGINT');
    expect(await launcher.exited).toBe(0);
    expect(launcher.output()).toMatch(
      /\[launcher\] stopping api[\s\S]*stopping worker[\s\S]*stopping postgres[\s\S]*\[launcher\] stopped/,
    );
    for (const pid of pids) expect(processAlive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(launcher.output()).not.toMatch(
      /exited unexpectedly[^\n]*\n[\s\S]*\[launcher\] stopping…[\s\S]*exited unexpectedly/,
    );
  }, 400_000);
});
