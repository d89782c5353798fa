import { cycleOwner } from './responsibility';
import { toldOfDeadline } from './deadline-audience';

const owner = cycleOwner(
  { kind: 'shufa', jurisdictionId: 'j', leaderId: 'chief' },
  { path: '/j/d/', principalLeaderId: 'head' },
);

describe('who is told of a deadline', () => {
  it('tells the contributors of the divisions still to hand in, then the ladder above them', () => {
    expect(toldOfDeadline({ stage: 'contributions', pendingDivisions: ['a'] }, 'responsible', owner)).toEqual([
      { kind: 'roles-within', roles: ['contributor'], path: '/j/d/a/' },
    ]);
    expect(toldOfDeadline({ stage: 'contributions', pendingDivisions: ['a'] }, 'jurisdiction', owner)).toEqual([
      { kind: 'roles-within', roles: ['contributor'], path: '/j/d/a/' },
      { kind: 'person', userId: 'head' },
      { kind: 'roles-at', roles: ['admin'], organizationId: 'j' },
    ]);
  });

  it('tells a 述法 evaluation to the panel members named instead of every evaluator', () => {
    expect(toldOfDeadline({ stage: 'shufa_evaluation', evaluators: ['e2'] }, 'principal-leader', owner)).toEqual([
      { kind: 'person', userId: 'e2' },
      { kind: 'person', userId: 'head' },
    ]);
    expect(toldOfDeadline({ stage: 'shufa_evaluation' }, 'responsible', owner)).toEqual([
      { kind: 'roles-at', roles: ['evaluator'], organizationId: 'j' },
    ]);
  });

  it('tells a rectification item to the leader it concerns, not the office acting on the stage', () => {
    expect(toldOfDeadline({ stage: 'shufa_rectification', rectificationItemId: 'r1' }, 'responsible', owner)).toEqual([
      { kind: 'person', userId: 'chief' },
    ]);
    expect(toldOfDeadline({ stage: 'shufa_rectification' }, 'responsible', owner)).toEqual([
      { kind: 'roles-at', roles: ['admin'], organizationId: 'j' },
    ]);
  });
});
