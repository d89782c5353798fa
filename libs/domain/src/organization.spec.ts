import {
  Actor,
  assertParentKind,
  canAdminister,
  canSee,
  childPath,
  mayReferenceUpperDepartment,
  parentPath,
} from './organization';
import { ValidationFailedError } from './errors';

const jurisdiction = childPath(null, 'j');
const department = childPath(jurisdiction, 'd');
const division = childPath(department, 'v');
const otherJurisdiction = childPath(null, 'k');

function actor(organizationPath: string | null, roles: Actor['roles']): Actor {
  return { userId: 'u', organizationId: organizationPath ? 'x' : null, organizationPath, roles };
}

describe('organisation tree and scope', () => {
  it('builds materialised paths', () => {
    expect(division).toBe('/j/d/v/');
  });

  it('lets a jurisdiction admin see and administer its departments, not another jurisdiction', () => {
    const admin = actor(jurisdiction, ['admin']);
    expect(canSee(admin, department)).toBe(true);
    expect(canAdminister(admin, division)).toBe(true);
    expect(canSee(admin, otherJurisdiction)).toBe(false);
    expect(canAdminister(admin, otherJurisdiction)).toBe(false);
    expect(canAdminister(admin, null)).toBe(false);
  });

  it('does not let a department admin reach up to the jurisdiction', () => {
    const admin = actor(department, ['admin']);
    expect(canSee(admin, jurisdiction)).toBe(false);
    expect(canAdminister(admin, division)).toBe(true);
  });

  it('does not confuse an id that is a prefix of another', () => {
    expect(canSee(actor(childPath(null, 'j'), ['officer']), childPath(null, 'jj'))).toBe(false);
  });

  it('needs the admin role to administer, even in scope', () => {
    expect(canAdminister(actor(department, ['officer', 'leader']), department)).toBe(false);
  });

  it('gives a system-wide admin everything, including roots', () => {
    const root = actor(null, ['admin']);
    expect(canAdminister(root, null)).toBe(true);
    expect(canSee(root, otherJurisdiction)).toBe(true);
  });

  it('allows departments under jurisdictions and divisions under departments only', () => {
    expect(() => assertParentKind('department', 'jurisdiction')).not.toThrow();
    expect(() => assertParentKind('division', 'department')).not.toThrow();
    expect(() => assertParentKind('jurisdiction', null)).not.toThrow();
    expect(() => assertParentKind('department', null)).toThrow(ValidationFailedError);
    expect(() => assertParentKind('division', 'jurisdiction')).toThrow(/处室的上级必须是部门/);
  });
});

describe('上级主管部门', () => {
  const city = childPath(null, 'city');
  const district = childPath(city, 'district');
  const otherDistrict = childPath(city, 'other');
  const cityBureau = childPath(city, 'bureau');
  const districtBureau = childPath(district, 'dbureau');
  const otherBureau = childPath(otherDistrict, 'obureau');
  const districtAdmin = actor(district, ['admin']);

  it('may be a department of a jurisdiction on the caller’s line: his own, below or above it', () => {
    expect(mayReferenceUpperDepartment(districtAdmin, cityBureau)).toBe(true);
    expect(mayReferenceUpperDepartment(districtAdmin, districtBureau)).toBe(true);
    expect(mayReferenceUpperDepartment(actor(null, ['admin']), otherBureau)).toBe(true);
  });

  it('may not be one of a jurisdiction beside the caller’s', () => {
    expect(mayReferenceUpperDepartment(districtAdmin, otherBureau)).toBe(false);
  });

  it('knows each path’s parent', () => {
    expect(parentPath(districtBureau)).toBe(district);
    expect(parentPath(city)).toBeNull();
  });
});
