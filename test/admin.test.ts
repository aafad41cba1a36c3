// Administration: agency administrators manage their own agency's users only;
// system administrators manage agencies; changes are optimistic and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/access/sessions.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

describe.each(databases)('administration on %s', (kind) => {
  let l: TestLantern;
  let police: string;
  let border: string;
  let policeAdmin: string;
  let policeAdminId: string;
  let sysAdmin: string;
  let sysAdminId: string;

  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('POLICE-HN');
    border = await l.agency('BDBP-LC', 'border_guard');
    // Privileged roles need TOTP at sign-in (auth.test.ts); here they get a full session directly.
    policeAdminId = (await l.user(police, ['agency_admin'], { signIn: false })).id;
    policeAdmin = await createSession(l.ctx.db, policeAdminId, 'full', 1, null);
    sysAdminId = (await l.user(border, ['system_admin'], { signIn: false })).id;
    sysAdmin = await createSession(l.ctx.db, sysAdminId, 'full', 1, null);
  });
  afterAll(async () => {
    await l.stop();
  });

  const newUser = (agencyId: string, roles: string[], email: string) => ({
    email,
    displayName: 'Cán bộ Mới',
    agencyId,
    roles,
    password: 'a long enough password',
  });
  const versionOf = async (id: string) =>
    (await l.ctx.db.selectFrom('app_user').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const rolesOf = async (id: string) =>
    (await l.ctx.db.selectFrom('app_user').select('roles').where('id', '=', id).executeTakeFirstOrThrow()).roles;
  const patchUser = async (token: string, id: string, body: Record<string, unknown>) =>
    l.call(token, 'PATCH', `/api/v1/users/${id}`, body, { 'if-match': `"${await versionOf(id)}"` });

  it('lets an agency administrator add users to their own agency only, never a system administrator', async () => {
    const ok = await l.call(policeAdmin, 'POST', '/api/v1/users', newUser(police, ['caseworker'], 'cw@police.invalid'));
    expect(ok.status).toBe(201);
    expect(ok.body.displayName).toBe('Cán bộ Mới');
    expect(
      (await l.call(policeAdmin, 'POST', '/api/v1/users', newUser(border, ['caseworker'], 'cw@border.invalid'))).status,
    ).toBe(403);
    expect(
      (await l.call(policeAdmin, 'POST', '/api/v1/users', newUser(police, ['system_admin'], 'root@police.invalid')))
        .status,
    ).toBe(403);
    const list = await l.call(policeAdmin, 'GET', '/api/v1/users');
    expect(list.body.items.every((u: { agencyId: string }) => u.agencyId === police)).toBe(true);
    expect((await l.call(policeAdmin, 'GET', `/api/v1/users?agencyId=${border}`)).status).toBe(403);
  });

  it('refuses a duplicate email and a weak password, writing nothing', async () => {
    const dup = await l.call(sysAdmin, 'POST', '/api/v1/users', newUser(police, ['caseworker'], 'cw@police.invalid'));
    expect(dup.status).toBe(409);
    const weak = await l.call(sysAdmin, 'POST', '/api/v1/users', {
      ...newUser(police, ['caseworker'], 'weak@police.invalid'),
      password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('body.password');
    const found = await l.ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'weak@police.invalid')
      .execute();
    expect(found).toEqual([]);
  });

  it('disables a user with If-Match; a stale version is refused; the disabled user is signed out', async () => {
    const target = await l.user(police, ['investigator']);
    const listed = (await l.call(policeAdmin, 'GET', '/api/v1/users')).body.items.find(
      (u: { id: string }) => u.id === target.id,
    );
    expect((await l.call(policeAdmin, 'PATCH', `/api/v1/users/${target.id}`, { disabled: true })).status).toBe(428);
    const ok = await l.call(
      policeAdmin,
      'PATCH',
      `/api/v1/users/${target.id}`,
      { disabled: true },
      { 'if-match': `"${listed.version}"` },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.disabled).toBe(true);
    expect(
      (
        await l.call(
          policeAdmin,
          'PATCH',
          `/api/v1/users/${target.id}`,
          { disabled: false },
          { 'if-match': `"${listed.version}"` },
        )
      ).status,
    ).toBe(412);
    expect((await l.call(target.token, 'GET', '/api/v1/cases')).status).toBe(401);
    const audit = await l.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('record_id', '=', target.id)
      .where('action', '=', 'user.update')
      .execute();
    expect(audit).toEqual([{ action: 'user.update', details: { fields: ['disabled'] } }]);
  });

  it('lets a user change their own language but not their roles', async () => {
    const me = await l.user(border, ['caseworker']);
    const version = (
      await l.ctx.db.selectFrom('app_user').select('version').where('id', '=', me.id).executeTakeFirstOrThrow()
    ).version;
    const lang = await l.call(
      me.token,
      'PATCH',
      `/api/v1/users/${me.id}`,
      { language: 'fr' },
      { 'if-match': `"${version}"` },
    );
    expect(lang.status).toBe(200);
    expect(lang.body.language).toBe('fr');
    expect(
      (
        await l.call(
          me.token,
          'PATCH',
          `/api/v1/users/${me.id}`,
          { roles: ['investigator'] },
          { 'if-match': `"${lang.body.version}"` },
        )
      ).status,
    ).toBe(403);
  });

  it('lets nobody change their own roles, not even a system administrator, and audits the refusal', async () => {
    const widen = await patchUser(policeAdmin, policeAdminId, { roles: ['agency_admin', 'investigator'] });
    expect(widen.status).toBe(403);
    expect(await rolesOf(policeAdminId)).toEqual(['agency_admin']);
    const narrow = await patchUser(sysAdmin, sysAdminId, { roles: ['system_admin', 'auditor'] });
    expect(narrow.status).toBe(403);
    expect(await rolesOf(sysAdminId)).toEqual(['system_admin']);
    const refused = await l.ctx.db
      .selectFrom('audit_event')
      .select(['actor_id', 'outcome', 'details'])
      .where('action', '=', 'user.update')
      .where('outcome', '=', 'denied')
      .where('record_id', 'in', [policeAdminId, sysAdminId])
      .orderBy('id')
      .execute();
    expect(refused).toEqual([
      { actor_id: policeAdminId, outcome: 'denied', details: { fields: ['roles'], reason: 'own-roles' } },
      { actor_id: sysAdminId, outcome: 'denied', details: { fields: ['roles'], reason: 'own-roles' } },
    ]);
  });

  it('leaves auditors to system administrators: only they create one or grant the role, and auditors need a second factor', async () => {
    const byAgency = await l.call(
      policeAdmin,
      'POST',
      '/api/v1/users',
      newUser(police, ['auditor'], 'inspector@police.invalid'),
    );
    expect(byAgency.status).toBe(403);
    const colleague = await l.call(
      policeAdmin,
      'POST',
      '/api/v1/users',
      newUser(police, ['analyst'], 'analyst@police.invalid'),
    );
    expect(colleague.status).toBe(201);
    expect((await patchUser(policeAdmin, colleague.body.id, { roles: ['analyst', 'auditor'] })).status).toBe(403);
    expect(await rolesOf(colleague.body.id)).toEqual(['analyst']);

    const bySystem = await l.call(sysAdmin, 'POST', '/api/v1/users', {
      ...newUser(police, ['auditor'], 'inspector@police.invalid'),
      password: 'Jx5-mt8-Rb3-vq6-Nd',
    });
    expect(bySystem.status).toBe(201);
    const first = await l.call(null, 'POST', '/api/v1/auth/login', {
      email: 'inspector@police.invalid',
      password: 'Jx5-mt8-Rb3-vq6-Nd',
    });
    expect(first.body).toMatchObject({ mfaEnrolmentRequired: true, passwordChangeRequired: true });
    expect((await l.call(first.body.token, 'GET', '/api/v1/audit')).status).toBe(403);
    // The agency administrator cannot take over the auditor's account either.
    expect(
      (
        await l.call(policeAdmin, 'POST', `/api/v1/users/${bySystem.body.id}/password-reset`, {
          password: 'Wd3-ka9-Fz2-ch7-Ue',
        })
      ).status,
    ).toBe(403);
    expect((await patchUser(policeAdmin, bySystem.body.id, { resetTotp: true })).status).toBe(403);
    expect((await patchUser(policeAdmin, bySystem.body.id, { roles: ['analyst'] })).status).toBe(403);
  });

  it('audits every role change with the roles before and after', async () => {
    const target = await l.user(police, ['caseworker']);
    const changed = await patchUser(policeAdmin, target.id, { roles: ['investigator', 'caseworker'] });
    expect(changed.status).toBe(200);
    expect((await patchUser(policeAdmin, target.id, { displayName: 'Cán bộ Điều tra' })).status).toBe(200);
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .select(['actor_id', 'details'])
      .where('action', '=', 'user.update')
      .where('record_id', '=', target.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      {
        actor_id: policeAdminId,
        details: { fields: ['roles'], rolesBefore: ['caseworker'], rolesAfter: ['caseworker', 'investigator'] },
      },
      { actor_id: policeAdminId, details: { fields: ['displayName'] } },
    ]);
    const created = await l.ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'user.create')
      .where('outcome', '=', 'success')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(created.details).toEqual({ rolesBefore: [], rolesAfter: expect.any(Array) });
  });

  it('keeps agency management to system administrators', async () => {
    expect(
      (await l.call(policeAdmin, 'POST', '/api/v1/agencies', { code: 'NGO-A', name: 'NGO A', kind: 'ngo' })).status,
    ).toBe(403);
    const created = await l.call(sysAdmin, 'POST', '/api/v1/agencies', {
      code: 'ngo-a',
      name: 'Tổ chức A',
      kind: 'ngo',
      province: 'lao-cai',
    });
    expect(created.status).toBe(201);
    expect(created.body.code).toBe('NGO-A');
    expect(
      (await l.call(sysAdmin, 'POST', '/api/v1/agencies', { code: 'NGO-A', name: 'again', kind: 'ngo' })).status,
    ).toBe(409);
    expect(
      (
        await l.call(sysAdmin, 'POST', '/api/v1/agencies', {
          code: 'NGO-B',
          name: 'B',
          kind: 'ngo',
          province: 'atlantis',
        })
      ).status,
    ).toBe(400);
  });
});
