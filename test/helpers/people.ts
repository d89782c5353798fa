import { Http } from './http';
import { TestSystem } from './test-system';

/**
 * People a test creates through the API and signs in: each under an address unique to the test run
 * (`<who>-<prefix>@test.local`), their sessions in `as`, their mail about one cycle in `mailsTo`.
 */
export function testPeople(system: () => TestSystem, prefix: string) {
  const as: Record<string, Http> = {};
  const email = (who: string) => `${who}-${prefix}@test.local`;
  const user = async (who: string, organizationId: string, roles: string[]): Promise<string> => {
    const sys = system();
    const created = await sys.admin.post('/api/users', {
      name: who,
      email: email(who),
      password: `${who}-password-1`,
      organizationId,
      roles,
    });
    expect(created.status).toBe(201);
    as[who] = await sys.http.login(email(who), `${who}-password-1`);
    return created.body.id as string;
  };
  const mailsTo = (who: string, prefix: string, cycleId: string) =>
    system()
      .smtp.to(email(who))
      .filter((m) => m.subject?.startsWith(prefix) && m.text?.includes(cycleId));
  /** An organisation created by the system administrator, its code unique to the test run. */
  const organization = async (code: string, name: string, kind: string, parentId?: string): Promise<string> => {
    const created = await system().admin.post('/api/organizations', {
      code: `${prefix}-${code}`,
      name,
      kind,
      parentId,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  return { as, email, user, mailsTo, organization };
}
