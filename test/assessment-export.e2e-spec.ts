import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { shanghaiDate } from '@rol/domain';
import { reportFixturesDir } from './helpers/fixtures';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { shufaReportText } from './helpers/shufa-report';
import { ADMIN, startTestSystem, TestSystem } from './helpers/test-system';
import { launchBody } from './helpers/seed';

const S = 1000;
const HOUR = 3_600_000;
const REPORT = ['contributions', 'drafting', 'legality_review', 'sign_off', 'submission', 'publication'];
const SHUFA = ['shufa_writing', 'shufa_materials_review', 'shufa_evaluation', 'shufa_rectification'];
const LABELS: Record<string, string> = {
  contributions: '材料征集',
  drafting: '起草',
  legality_review: '合法性审查',
  sign_off: '领导审签',
  submission: '报送',
  publication: '公开发布',
  shufa_writing: '述法报告撰写',
  shufa_materials_review: '述法材料审核',
  shufa_evaluation: '述法评议',
  shufa_rectification: '问题整改',
};

interface AuditItem {
  at: string;
  action: string;
  before: any;
  after: any;
}

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes inside. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      // A quoted field: up to the quote that is not doubled.
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text.slice(i, i + 2) !== '\r\n') {
        throw new Error(`text after a quoted field at ${i}`);
      }
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      if (c === '\n' || c === '\r') throw new Error(`a bare line break at ${i}`);
      field += c;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

/** `2026-03-01 09:30:00` in Asia/Shanghai (UTC+8, no daylight saving). */
const wallClock = (iso: string) => new Date(Date.parse(iso) + 8 * HOUR).toISOString().slice(0, 19).replace('T', ' ');

/**
 * What the trail of one cycle says about a stage, read plainly for this test's walk (no calendar
 * change, no extension): the due date is the launch's, or the rework date a rejection gave the stage
 * it returned to; done is the last advance from the stage; a notice round is its key without the
 * recipient.
 */
function stageFromTrail(trail: AuditItem[], stage: string) {
  let due: string | null = null;
  let done: { at: string; due: string } | null = null;
  for (const e of trail) {
    if (e.action === 'cycle.launched') due = e.after.due[stage] ?? null;
    if (e.action === 'stage.rejected' && e.after.stage === stage) due = e.after.dueAt;
    if (e.action === 'stage.advanced' && e.before?.stage === stage) done = { at: e.at, due: due as string };
  }
  const rounds = (kind: string) =>
    new Set(
      trail
        .filter((e) => e.action === 'notice.sent' && e.after.kind === kind && e.after.key.split(':')[2] === stage)
        .map((e) => (e.after.key as string).slice(0, e.after.key.lastIndexOf(':'))),
    ).size;
  return {
    due: done ? done.due : due,
    done: done?.at ?? null,
    reminders: rounds('reminder'),
    escalations: rounds('escalation'),
  };
}

/**
 * The yearly assessment export against the real system: two departments of a jurisdiction at
 * different stages (one reminded and escalated in material collection, one returned once in legality
 * review, late at sign-off, with its leader's 述法 graded and a 问题清单 partly verified and partly
 * late), downloaded as CSV and XLSX, every figure checked against each cycle's audit trail.
 */
describe('the assessment export (考核数据)', () => {
  let sys: TestSystem;
  const p = `x${randomBytes(3).toString('hex')}`;
  const { as, user, organization, email } = testPeople(() => sys, p);
  const ids: Record<string, string> = {};
  let year: number;
  let reportA: string;
  let reportB: string;
  let reportC: string;
  let shufaA: string;
  let officeToken: string;
  let rectificationLate: string;

  const trail = async (kind: 'report' | 'shufa', id: string): Promise<AuditItem[]> => {
    const res = await sys.admin.get(`/api/${kind}-cycles/${id}/audit?limit=200`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeLessThanOrEqual(200);
    return res.body.items;
  };
  const sentAbout = async (kind: 'report' | 'shufa', id: string, noticeKind: string, stage: string) =>
    (await trail(kind, id)).some(
      (e) => e.action === 'notice.sent' && e.after.kind === noticeKind && e.after.key.split(':')[2] === stage,
    );
  const download = (query: string, token = officeToken) =>
    fetch(`${sys.api.url}/api/exports/assessment?${query}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    sys = await startTestSystem();
    const j = await organization('j', '嘉定区人民政府', 'jurisdiction');
    const k = await organization('k', '宝山区人民政府', 'jurisdiction');
    const a = await organization('a', '嘉定区应急管理局', 'department', j);
    const b = await organization('b', '嘉定区商务委员会', 'department', j);
    const bDivision = await organization('bd', '市场监管科', 'division', b);
    // A jurisdiction below J (a 街道) with a department and a calendar of its own.
    const sub = await organization('js', '嘉定镇街道', 'jurisdiction', j);
    const c = await organization('c', '嘉定镇街道城市运行管理中心', 'department', sub);
    Object.assign(ids, { j, k, a, b, sub, c });
    ids.subOffice = await user('subOffice', sub, ['admin']);
    ids.office = await user('office', j, ['admin']);
    ids.otherOffice = await user('otherOffice', k, ['admin']);
    ids.deptAdmin = await user('deptAdmin', a, ['admin']);
    ids.eva = await user('eva', j, ['evaluator']);
    ids.officer = await user('officer', a, ['officer']);
    ids.reviewer = await user('reviewer', a, ['reviewer']);
    ids.leader = await user('leader', a, ['leader']);
    ids.contributor = await user('contributor', bDivision, ['contributor']);
    expect((await sys.admin.patch(`/api/organizations/${a}`, { principalLeaderId: ids.leader })).status).toBe(200);
    const login = await sys.http.post('/api/auth/login', { email: email('office'), password: 'office-password-1' });
    officeToken = login.body.accessToken;

    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    year = Number(shanghaiDate(new Date(now)).slice(0, 4));
    const reportDue = [20 * S, 25 * S, 35 * S, 45 * S, 600 * S, 700 * S];
    const shufaDue = [20 * S, 30 * S, 40 * S, 900 * S];
    const calendar = await sys.admin.post('/api/calendars', {
      jurisdictionId: j,
      year,
      rollover: 'none',
      due: Object.fromEntries([
        ...REPORT.map((s, i) => [s, at(reportDue[i])]),
        ...SHUFA.map((s, i) => [s, at(shufaDue[i])]),
      ]),
      reminders: ['PT5S'],
      // One escalation round 2 s after a due date, the next an hour later: the trail is quiet when exported.
      escalation: { after: 'PT2S', every: 'PT1H' },
      // Notices seconds apart, whenever the suite runs: no waiting for office hours.
      quietHours: { enabled: false },
      shufa: { mode: 'written', panel: [{ userId: ids.eva, type: 'npc_deputy' }], rectificationReminders: ['PT2S'] },
    });
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const subCalendar = await sys.admin.post('/api/calendars', {
      jurisdictionId: sub,
      year,
      rollover: 'none',
      due: Object.fromEntries([...REPORT, ...SHUFA].map((s, i) => [s, at(3_600 * S + i * 60 * S)])),
      reminders: ['P1D'],
      escalation: { after: 'P1D', every: 'P3D' },
    });
    expect(subCalendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${subCalendar.body.id}/launch`, launchBody())).status).toBe(202);
    reportC = `report-${year}-${p}-c`;
    reportA = `report-${year}-${p}-a`;
    reportB = `report-${year}-${p}-b`;
    shufaA = `shufa-${year}-${p}-a`;
    await waitUntil(
      async () =>
        (await sys.admin.get(`/api/report-cycles/${reportA}`)).status === 200 &&
        (await sys.admin.get(`/api/report-cycles/${reportB}`)).status === 200 &&
        (await sys.admin.get(`/api/report-cycles/${reportC}`)).status === 200 &&
        (await sys.admin.get(`/api/shufa-cycles/${shufaA}`)).status === 200,
      30 * S,
      'the cycles',
    );
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('walks department A: returned once in legality review, its 述法 graded, one rectification item verified', async () => {
    const report = `/api/report-cycles/${reportA}`;
    const content = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
    expect((await as.officer.post(`${report}/drafts`, { content })).status).toBe(201);
    expect((await as.officer.post(`${report}/advance`, {})).body.stage).toBe('legality_review');
    const rejected = await as.reviewer.post(`${report}/reject`, { reason: '第一责任人部分缺少具体事例' });
    expect(rejected.body).toMatchObject({ stage: 'drafting', rework: 1 });
    expect((await as.officer.post(`${report}/advance`, {})).body.stage).toBe('legality_review');
    expect((await as.reviewer.post(`${report}/advance`, { comment: '经审查，内容合法合规' })).body.stage).toBe(
      'sign_off',
    );

    const shufa = `/api/shufa-cycles/${shufaA}`;
    expect(
      (await as.leader.post(`${shufa}/reports`, { content: shufaReportText('嘉定区应急管理局局长') })).status,
    ).toBe(201);
    expect((await as.leader.post(`${shufa}/advance`, {})).body.stage).toBe('shufa_materials_review');
    expect((await as.office.post(`${shufa}/advance`, {})).body.stage).toBe('shufa_evaluation');
    const scored = await as.eva.post(`${shufa}/evaluations`, {
      scores: { 学法用法: 95, 依法决策: 92, 推进法治建设: 90, 述法质量: 93 },
    });
    expect(scored.status).toBe(201);
    expect(scored.body.stage).toBe('shufa_rectification');
    const issue = (description: string, dueInMs: number) =>
      as.office.post(`${shufa}/rectification-items`, {
        description,
        dueAt: new Date(Date.now() + dueInMs).toISOString(),
      });
    expect((await issue('重大行政决策合法性审查记录不完整', 600 * S)).status).toBe(201);
    const issued = await issue('行政执法案卷评查问题整改不到位', 8 * S);
    const [verifiedItem, lateItem] = issued.body.rectificationItems.map((i: { id: string }) => i.id);
    rectificationLate = lateItem;
    const item = (id: string) => `${shufa}/rectification-items/${id}`;
    expect((await as.leader.post(`${item(verifiedItem)}/done`, { comment: '已补齐审查记录' })).status).toBe(200);
    expect((await as.office.post(`${item(verifiedItem)}/verify`, {})).status).toBe(200);
  });

  it('lets deadlines pass: B reminded and escalated in collection, A late at sign-off, one item overdue', async () => {
    await waitUntil(() => sentAbout('report', reportB, 'escalation', 'contributions'), 60 * S, 'B escalated');
    await waitUntil(
      async () => (await trail('shufa', shufaA)).some((e) => e.action === 'stage.overdue'),
      60 * S,
      'the rectification item overdue',
    );
    await waitUntil(() => sentAbout('shufa', shufaA, 'escalation', 'shufa_rectification'), 60 * S, 'item escalated');
    await waitUntil(() => sentAbout('report', reportA, 'escalation', 'sign_off'), 90 * S, 'A escalated at sign-off');
    const signed = await as.leader.post(`/api/report-cycles/${reportA}/advance`, {
      meeting: { type: '局长办公会', date: shanghaiDate(new Date()) },
    });
    expect(signed.body.stage).toBe('submission');
  });

  it('exports one row per department with Chinese headers, every figure as its audit trail gives it', async () => {
    const trails = {
      reportA: await trail('report', reportA),
      reportB: await trail('report', reportB),
      reportC: await trail('report', reportC),
      shufaA: await trail('shufa', shufaA),
    };
    const query = `year=${year}&jurisdictionId=${ids.j}`;
    const before = Date.now();
    const csvResponse = await download(`${query}&format=csv`);
    const xlsxResponse = await download(`${query}&format=xlsx`);
    const after = Date.now();
    // Nothing was written to the trails meanwhile: both files show what was read above.
    expect(await trail('report', reportA)).toEqual(trails.reportA);
    expect(await trail('report', reportB)).toEqual(trails.reportB);
    expect(await trail('report', reportC)).toEqual(trails.reportC);
    expect(await trail('shufa', shufaA)).toEqual(trails.shufaA);

    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvResponse.headers.get('content-disposition')).toBe(
      `attachment; filename="assessment-${year}.csv"; filename*=UTF-8''${encodeURIComponent(`嘉定区人民政府${year}年度考核数据.csv`)}`,
    );
    const csvBytes = Buffer.from(await csvResponse.arrayBuffer());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsv(csvBytes.subarray(3).toString('utf8'));

    expect(xlsxResponse.status).toBe(200);
    expect(xlsxResponse.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsxResponse.headers.get('content-disposition')).toContain(`filename="assessment-${year}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer());
    const sheet = workbook.getWorksheet('考核数据');
    expect(sheet).toBeDefined();
    const xlsx: unknown[][] = [];
    sheet!.eachRow((row) => xlsx.push((row.values as unknown[]).slice(1)));
    expect(sheet!.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet!.getColumn(2).width).toBeGreaterThanOrEqual(20);

    // Headers: the same in both, in Chinese, the unit of lateness named.
    const headers = csv[0];
    expect(xlsx[0]).toEqual(headers);
    expect(headers.slice(0, 3)).toEqual(['辖区', '部门', '年度报告当前阶段']);
    for (const stage of [...REPORT, ...SHUFA]) {
      for (const what of ['应办结时间', '实际办结时间', '逾期时长（小时）', '提醒次数', '督办次数']) {
        expect(headers).toContain(`${LABELS[stage]}${what}`);
      }
    }
    for (const h of [
      '年度报告退回次数',
      '述法退回次数',
      '述法得分',
      '述法等级',
      '整改事项下达数',
      '整改事项销号数',
      '整改事项逾期数',
    ]) {
      expect(headers).toContain(h);
    }
    expect(csv.map((r) => r[1])).toEqual([
      '部门',
      '嘉定区应急管理局',
      '嘉定区商务委员会',
      '嘉定镇街道城市运行管理中心',
    ]);
    expect(xlsx.map((r) => r[1])).toEqual([
      '部门',
      '嘉定区应急管理局',
      '嘉定区商务委员会',
      '嘉定镇街道城市运行管理中心',
    ]);
    const col = (h: string) => headers.indexOf(h);
    const csvCell = (row: number, h: string) => csv[row][col(h)];
    // ExcelJS leaves empty cells out of the row: undefined.
    const xlsxCell = (row: number, h: string) => xlsx[row][col(h)] ?? null;

    const checkStage = (row: number, stageTrail: AuditItem[], stage: string, open: boolean) => {
      const label = LABELS[stage];
      const expected = stageFromTrail(stageTrail, stage);
      const due = expected.due ? wallClock(expected.due) : '';
      expect([stage, csvCell(row, `${label}应办结时间`)]).toEqual([stage, due]);
      expect([stage, xlsxCell(row, `${label}应办结时间`)]).toEqual([stage, due || null]);
      const done = expected.done ? wallClock(expected.done) : '';
      expect([stage, csvCell(row, `${label}实际办结时间`)]).toEqual([stage, done]);
      expect([stage, xlsxCell(row, `${label}实际办结时间`)]).toEqual([stage, done || null]);
      expect([stage, Number(csvCell(row, `${label}提醒次数`))]).toEqual([stage, expected.reminders]);
      expect([stage, xlsxCell(row, `${label}提醒次数`)]).toEqual([stage, expected.reminders]);
      expect([stage, Number(csvCell(row, `${label}督办次数`))]).toEqual([stage, expected.escalations]);
      expect([stage, xlsxCell(row, `${label}督办次数`)]).toEqual([stage, expected.escalations]);
      const lateCsv = csvCell(row, `${label}逾期时长（小时）`);
      const lateXlsx = xlsxCell(row, `${label}逾期时长（小时）`);
      if (expected.done) {
        const hours = Math.max(0, Date.parse(expected.done) - Date.parse(expected.due!)) / HOUR;
        expect([stage, lateCsv]).toEqual([stage, hours.toFixed(2)]);
        expect([stage, lateXlsx]).toEqual([stage, hours]);
      } else if (open) {
        // Late until the export: between what it was just before and just after.
        const low = Math.max(0, before - Date.parse(expected.due!)) / HOUR;
        const high = Math.max(0, after - Date.parse(expected.due!)) / HOUR;
        expect(Number(lateCsv)).toBeGreaterThanOrEqual(Number(low.toFixed(2)));
        expect(Number(lateCsv)).toBeLessThanOrEqual(Number(high.toFixed(2)));
        expect(lateXlsx as number).toBeGreaterThanOrEqual(low);
        expect(lateXlsx as number).toBeLessThanOrEqual(high);
      } else {
        expect([stage, lateCsv, lateXlsx]).toEqual([stage, '', null]);
      }
      return { ...expected, lateCsv };
    };

    // A: in submission; drafting done twice (its rework date), late at sign-off after a reminder and an escalation.
    const a = Object.fromEntries(REPORT.map((s) => [s, checkStage(1, trails.reportA, s, s === 'submission')]));
    expect(a.contributions).toMatchObject({ done: null, reminders: 0 });
    expect(a.sign_off.reminders).toBe(1);
    expect(a.sign_off.escalations).toBe(1);
    expect(Number(a.sign_off.lateCsv)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(a.sign_off.done!)).toBeGreaterThan(Date.parse(a.sign_off.due!));
    expect(csvCell(1, '年度报告当前阶段')).toBe('报送');
    const rework = trails.reportA.filter((e) => e.action === 'stage.rejected').length;
    expect(rework).toBe(1);
    expect([csvCell(1, '年度报告退回次数'), xlsxCell(1, '年度报告退回次数')]).toEqual([String(rework), rework]);

    // A's 述法: graded by the closed evaluation; the 问题清单 as the trail has it.
    const s = Object.fromEntries(
      SHUFA.map((st) => [st, checkStage(1, trails.shufaA, st, st === 'shufa_rectification')]),
    );
    expect(s.shufa_rectification).toMatchObject({ reminders: 1, escalations: 1 });
    const closed = trails.shufaA.filter((e) => e.action === 'shufa.evaluation_closed').pop()!;
    expect(closed.after.grade).toBe('优秀');
    expect([csvCell(1, '述法得分'), xlsxCell(1, '述法得分')]).toEqual([String(closed.after.score), closed.after.score]);
    expect([csvCell(1, '述法等级'), xlsxCell(1, '述法等级')]).toEqual([closed.after.grade, closed.after.grade]);
    expect([csvCell(1, '述法当前阶段'), csvCell(1, '述法退回次数')]).toEqual(['问题整改', '0']);
    const issued = trails.shufaA.filter((e) => e.action === 'rectification.issued').length;
    const verified = trails.shufaA.filter((e) => e.action === 'rectification.verify').length;
    const late = new Set(
      trails.shufaA.filter((e) => e.action === 'stage.overdue').flatMap((e) => e.after.rectificationItems ?? []),
    );
    expect([issued, verified, [...late]]).toEqual([2, 1, [rectificationLate]]);
    expect([csvCell(1, '整改事项下达数'), xlsxCell(1, '整改事项下达数')]).toEqual([String(issued), issued]);
    expect([csvCell(1, '整改事项销号数'), xlsxCell(1, '整改事项销号数')]).toEqual([String(verified), verified]);
    expect([csvCell(1, '整改事项逾期数'), xlsxCell(1, '整改事项逾期数')]).toEqual([String(late.size), late.size]);

    // B: still collecting material, reminded and escalated; no principal leader, so no 述法.
    const bStages = Object.fromEntries(
      REPORT.map((st) => [st, checkStage(2, trails.reportB, st, st === 'contributions')]),
    );
    expect(bStages.contributions).toMatchObject({ done: null, reminders: 1, escalations: 1 });
    expect(Number(bStages.contributions.lateCsv)).toBeGreaterThanOrEqual(0);
    expect(csvCell(2, '年度报告当前阶段')).toBe('材料征集');
    for (const h of headers.filter((x) => x.startsWith('述法') || x.startsWith('整改') || x.startsWith('问题整改'))) {
      expect([h, csvCell(2, h), xlsxCell(2, h)]).toEqual([h, '', null]);
    }
  });

  it('covers the jurisdictions below: their departments follow, each under its own jurisdiction', async () => {
    const csvOf = async (jurisdictionId: string, token = officeToken) => {
      const res = await download(`year=${year}&jurisdictionId=${jurisdictionId}&format=csv`, token);
      expect(res.status).toBe(200);
      return parseCsv(
        Buffer.from(await res.arrayBuffer())
          .subarray(3)
          .toString('utf8'),
      );
    };
    const all = await csvOf(ids.j);
    expect(all.map((r) => r[0])).toEqual(['辖区', '嘉定区人民政府', '嘉定区人民政府', '嘉定镇街道']);
    const trailC = await trail('report', reportC);
    const row = all[3];
    const cell = (h: string) => row[all[0].indexOf(h)];
    // No divisions: it began at drafting, due in an hour; nothing sent, nothing late.
    expect(cell('年度报告当前阶段')).toBe('起草');
    const launched = trailC.find((e) => e.action === 'cycle.launched')!;
    expect(launched.after.stage).toBe('drafting');
    expect(cell('起草应办结时间')).toBe(wallClock(launched.after.due.drafting));
    expect([cell('起草实际办结时间'), cell('起草逾期时长（小时）'), cell('起草提醒次数')]).toEqual(['', '0.00', '0']);
    expect([cell('材料征集逾期时长（小时）'), cell('述法当前阶段')]).toEqual(['', '']);

    // The 街道's own office sees only its own; J's export is above it.
    const subToken = (
      await sys.http.post('/api/auth/login', { email: email('subOffice'), password: 'subOffice-password-1' })
    ).body.accessToken as string;
    expect((await csvOf(ids.sub, subToken)).map((r) => r[1])).toEqual(['部门', '嘉定镇街道城市运行管理中心']);
    const above = await download(`year=${year}&jurisdictionId=${ids.j}&format=csv`, subToken);
    expect(above.status).toBe(403);
  });

  it('is for admins of the jurisdiction or above, and names the bad parameter', async () => {
    const query = `year=${year}&jurisdictionId=${ids.j}&format=csv`;
    const tokenOf = async (who: string) =>
      (await sys.http.post('/api/auth/login', { email: email(who), password: `${who}-password-1` })).body
        .accessToken as string;
    // The system administrator (above every jurisdiction) may.
    const asAdmin = await sys.http.post('/api/auth/login', ADMIN);
    expect((await download(query, asAdmin.body.accessToken)).status).toBe(200);
    const officer = await download(query, await tokenOf('officer'));
    expect([officer.status, ((await officer.json()) as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    const deptAdmin = await download(query, await tokenOf('deptAdmin'));
    expect([deptAdmin.status, ((await deptAdmin.json()) as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    // Another jurisdiction's office, and an id nobody has: not found.
    const other = await download(query, await tokenOf('otherOffice'));
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([404, 'NOT_FOUND']);
    const unknown = await download(`year=${year}&jurisdictionId=${randomUUID()}&format=xlsx`);
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'NOT_FOUND']);

    const field = async (q: string) => {
      const res = await download(q);
      const body = (await res.json()) as { code: string; details?: { fields?: { field: string }[] } };
      return [res.status, body.code, body.details?.fields?.map((f: { field: string }) => f.field)];
    };
    expect(await field(`year=${year}&jurisdictionId=${ids.j}&format=pdf`)).toEqual([
      400,
      'VALIDATION_FAILED',
      ['format'],
    ]);
    expect(await field(`jurisdictionId=${ids.j}&format=csv`)).toEqual([400, 'VALIDATION_FAILED', ['year']]);
    expect(await field(`year=abc&jurisdictionId=${ids.j}&format=csv`)).toEqual([400, 'VALIDATION_FAILED', ['year']]);
    expect(await field(`year=${year}&jurisdictionId=x&format=csv`)).toEqual([
      400,
      'VALIDATION_FAILED',
      ['jurisdictionId'],
    ]);
    expect(await field(`year=${year}&jurisdictionId=${ids.a}&format=csv`)).toEqual([
      400,
      'VALIDATION_FAILED',
      ['jurisdictionId'],
    ]);
    // A year without cycles: the headers only.
    const empty = await download(`year=${year - 5}&jurisdictionId=${ids.j}&format=csv`);
    const records = parseCsv(
      Buffer.from(await empty.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
    );
    expect(records).toHaveLength(1);
    expect(records[0][1]).toBe('部门');
  });
});
