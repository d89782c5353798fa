import { CALENDAR_STAGES, CalendarStage } from '../calendar/stages';
import { ForbiddenError } from '../errors';
import { Actor, childPath } from '../organization';
import { Role, ROLES } from '../roles';
import { CYCLE_STAGES } from './cycle';
import {
  assertMayAct,
  audience,
  Audience,
  CycleItem,
  cycleOwner,
  deadlineItems,
  EscalationLevel,
  escalationLevel,
  itemAction,
  mayAct,
  openItems,
  whoIsTold,
} from './responsibility';

// A small world: a city above a district; the district's bureau with two divisions, a second bureau;
// a city bureau; a jurisdiction elsewhere; and system-wide accounts.
const orgs: Record<string, string> = {};
const org = (id: string, parent: string | null) => (orgs[id] = childPath(parent === null ? null : orgs[parent], id));
org('city', null);
org('district', 'city');
org('dept', 'district');
org('divA', 'dept');
org('divB', 'dept');
org('other', 'district');
org('otherDiv', 'other');
org('cityBureau', 'city');
org('elsewhere', null);

interface User {
  id: string;
  organizationId: string | null;
  roles: Role[];
}

// Every role alone, and all roles together, in every organisation and system-wide.
const users: User[] = [...Object.keys(orgs), null].flatMap((organizationId) => [
  ...ROLES.map((role) => ({ id: `${organizationId ?? 'system'}:${role}`, organizationId, roles: [role] })),
  { id: `${organizationId ?? 'system'}:all`, organizationId, roles: [...ROLES] },
]);
users.push({ id: 'principal', organizationId: 'dept', roles: ['leader'] });
// The leader a 述法 cycle concerns, since moved on: the department names another principal leader now.
users.push({ id: 'former', organizationId: 'cityBureau', roles: ['leader'] });

const actorOf = (u: User): Actor => ({
  userId: u.id,
  organizationId: u.organizationId,
  organizationPath: u.organizationId === null ? null : orgs[u.organizationId],
  roles: u.roles,
});
const byId = (id: string) => actorOf(users.find((u) => u.id === id)!);

const report = cycleOwner(
  { kind: 'report', jurisdictionId: 'district', leaderId: null },
  { path: orgs.dept, principalLeaderId: 'principal' },
);
const shufa = cycleOwner(
  { kind: 'shufa', jurisdictionId: 'district', leaderId: 'former' },
  { path: orgs.dept, principalLeaderId: 'principal' },
);
const ownerOf = (stage: CalendarStage) => (CYCLE_STAGES.report.includes(stage) ? report : shufa);

/** The audience listed the way the worker's query does: users joined to their organisation's row. */
function listed(people: Audience[]): string[] {
  const rows = users.map((u) => ({ ...u, path: u.organizationId === null ? null : orgs[u.organizationId] }));
  return rows
    .filter((u) =>
      people.some((a) => {
        const holds = a.kind !== 'person' && u.roles.some((r) => a.roles.includes(r));
        if (a.kind === 'person') return u.id === a.userId;
        if (a.kind === 'roles-at') return holds && u.organizationId === a.organizationId;
        return holds && u.path !== null && u.path.startsWith(a.path);
      }),
    )
    .map((u) => u.id)
    .sort();
}
const told = (stage: CalendarStage, level: EscalationLevel, pending: string[] = ['divA', 'divB']) =>
  listed(audience(whoIsTold(stage, level, pending), ownerOf(stage)));
const mayActOn = (item: CycleItem, stage: CalendarStage) =>
  users
    .filter((u) => mayAct(actorOf(u), item, ownerOf(stage)))
    .map((u) => u.id)
    .sort();
const holders = (organizationIds: string[], role: Role) =>
  organizationIds.flatMap((o) => [`${o}:${role}`, `${o}:all`]).sort();

describe('who acts on a cycle item is who is told of its deadline', () => {
  it('for every stage of both kinds, the people reminded are exactly the people who may act on what is due', () => {
    for (const stage of CALENDAR_STAGES) {
      const due = deadlineItems(stage, ['divA', 'divB']);
      const acting = [...new Set(due.flatMap((item) => mayActOn(item, stage)))].sort();
      expect([stage, told(stage, 'responsible')]).toEqual([stage, acting]);
      expect(acting.length).toBeGreaterThan(0);
    }
  });

  it('for a division’s contribution, the people reminded are exactly its contributors who may hand it in', () => {
    for (const divisionId of ['divA', 'divB']) {
      expect(told('contributions', 'responsible', [divisionId])).toEqual(
        mayActOn({ kind: 'contribution', divisionId }, 'contributions'),
      );
    }
    expect(mayActOn({ kind: 'contribution', divisionId: 'divA' }, 'contributions')).toEqual(
      holders(['divA'], 'contributor'),
    );
  });

  it('up the escalation ladder: round 2 adds the principal leader, round 3 and later the jurisdiction’s 依法治X办', () => {
    expect(escalationLevel(1)).toBe('responsible');
    expect(escalationLevel(2)).toBe('principal-leader');
    expect(escalationLevel(5)).toBe('jurisdiction');
    const office = holders(['district'], 'admin');
    for (const stage of CALENDAR_STAGES) {
      const first = told(stage, 'responsible');
      expect(told(stage, 'principal-leader')).toEqual([...new Set([...first, 'principal'])].sort());
      expect(told(stage, 'jurisdiction')).toEqual([...new Set([...first, 'principal', ...office])].sort());
    }
  });
});

describe('the jurisdiction’s work is its own 依法治X办’s', () => {
  it('reviews 述法 materials and closes the evaluation: admins of the cycle’s jurisdiction only', () => {
    for (const stage of ['shufa_materials_review', 'shufa_evaluation'] as const) {
      expect(mayActOn({ kind: 'stage', stage }, stage)).toEqual(holders(['district'], 'admin'));
    }
  });

  it('admins further up, system-wide, of the department itself or of another jurisdiction neither act nor are told', () => {
    const item: CycleItem = { kind: 'stage', stage: 'shufa_materials_review' };
    for (const id of ['city:admin', 'system:admin', 'dept:admin', 'elsewhere:admin', 'cityBureau:admin']) {
      expect([id, mayAct(byId(id), item, shufa)]).toEqual([id, false]);
      expect(told('shufa_materials_review', 'jurisdiction')).not.toContain(id);
    }
  });

  it('the evaluation deadline is the panel’s: the jurisdiction’s evaluators are told, the office closes it', () => {
    expect(told('shufa_evaluation', 'responsible')).toEqual(holders(['district'], 'evaluator'));
    expect(mayActOn({ kind: 'evaluation' }, 'shufa_evaluation')).toEqual(holders(['district'], 'evaluator'));
    expect(mayAct(byId('district:evaluator'), { kind: 'stage', stage: 'shufa_evaluation' }, shufa)).toBe(false);
    expect(mayAct(byId('city:evaluator'), { kind: 'evaluation' }, shufa)).toBe(false);
  });
});

describe('a department’s work is its own', () => {
  it('is done by its role holders in the department or in one of its divisions, never another department’s', () => {
    const drafting: CycleItem = { kind: 'stage', stage: 'drafting' };
    expect(mayActOn(drafting, 'drafting')).toEqual(holders(['dept', 'divA', 'divB'], 'officer'));
    expect(mayAct(byId('other:officer'), drafting, report)).toBe(false);
    expect(mayAct(byId('district:officer'), drafting, report)).toBe(false);
    expect(mayAct(byId('system:officer'), drafting, report)).toBe(false);
    expect(mayActOn({ kind: 'stage', stage: 'legality_review' }, 'legality_review')).toEqual(
      holders(['dept', 'divA', 'divB'], 'reviewer'),
    );
    expect(mayActOn({ kind: 'stage', stage: 'publication' }, 'publication')).toEqual(
      holders(['dept', 'divA', 'divB'], 'publisher'),
    );
  });

  it('a division’s part is handed in by a contributor of that division only', () => {
    const partA: CycleItem = { kind: 'contribution', divisionId: 'divA' };
    expect(mayAct(byId('divA:contributor'), partA, report)).toBe(true);
    expect(mayAct(byId('divB:contributor'), partA, report)).toBe(false);
    expect(mayAct(byId('dept:contributor'), partA, report)).toBe(false);
    // Another department's division, named as if it were this department's: not this department's part.
    expect(mayAct(byId('otherDiv:contributor'), { kind: 'contribution', divisionId: 'otherDiv' }, report)).toBe(false);
  });

  it('the contributions deadline tells the divisions still to hand in, not those done, not the officer who may close it', () => {
    expect(told('contributions', 'responsible', ['divB'])).toEqual(holders(['divB'], 'contributor'));
    expect(told('contributions', 'responsible', [])).toEqual([]);
    expect(mayActOn({ kind: 'stage', stage: 'contributions' }, 'contributions')).toEqual(
      holders(['dept', 'divA', 'divB'], 'officer'),
    );
  });
});

describe('leaders', () => {
  it('the report is signed off by the principal leader as named now, whoever else holds the leader role', () => {
    expect(mayActOn({ kind: 'stage', stage: 'sign_off' }, 'sign_off')).toEqual(['principal']);
    expect(
      mayAct(byId('principal'), { kind: 'stage', stage: 'sign_off' }, { ...report, principalLeaderId: null }),
    ).toBe(false);
  });

  it('a 述法 is written and rectified by the leader it concerns; the principal leader now is escalated to', () => {
    expect(mayActOn({ kind: 'stage', stage: 'shufa_writing' }, 'shufa_writing')).toEqual(['former']);
    expect(told('shufa_writing', 'principal-leader')).toEqual(['former', 'principal']);
    // Each item of the 问题清单 is the leader's; the stage itself (issuing the list, closing the year) the office's.
    const item = { kind: 'rectification', itemId: 'i1' } as const;
    expect(mayActOn(item, 'shufa_rectification')).toEqual(['former']);
    expect(mayActOn({ kind: 'stage', stage: 'shufa_rectification' }, 'shufa_rectification')).toEqual(
      mayActOn({ kind: 'stage', stage: 'shufa_materials_review' }, 'shufa_materials_review'),
    );
    expect(mayActOn({ kind: 'stage', stage: 'shufa_rectification' }, 'shufa_rectification')).not.toContain('former');
  });
});

describe('my tasks and refusals', () => {
  it('lists the parts due before the step that closes their stage', () => {
    expect(openItems('contributions', ['divB']).map(itemAction)).toEqual(['contribute', 'close_contributions']);
    expect(openItems('shufa_evaluation', []).map(itemAction)).toEqual(['evaluate', 'close_evaluation']);
    expect(openItems('drafting', []).map(itemAction)).toEqual(['draft']);
  });

  it('refuses in Chinese, saying who may act', () => {
    const refusal = (actor: Actor, item: CycleItem, owner = report) => {
      try {
        assertMayAct(actor, item, owner);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(ForbiddenError);
        return (error as Error).message;
      }
    };
    expect(refusal(byId('dept:officer'), { kind: 'stage', stage: 'drafting' })).toBeNull();
    expect(refusal(byId('dept:reviewer'), { kind: 'stage', stage: 'drafting' })).toBe(
      '「起草」阶段只能由本部门法制工作人员办理',
    );
    expect(refusal(byId('city:admin'), { kind: 'stage', stage: 'shufa_materials_review' }, shufa)).toBe(
      '「述法材料审核」阶段只能由所属辖区管理员办理',
    );
    expect(refusal(byId('principal'), { kind: 'stage', stage: 'shufa_writing' }, shufa)).toBe(
      '「述法报告撰写」阶段只能由述法的主要负责人本人办理',
    );
    expect(refusal(byId('dept:officer'), { kind: 'stage', stage: 'sign_off' })).toBe(
      '「领导审签」阶段只能由本单位主要负责人办理',
    );
    expect(refusal(byId('divB:contributor'), { kind: 'contribution', divisionId: 'divA' })).toBe(
      '本处室材料只能由该处室材料报送人报送',
    );
  });
});
