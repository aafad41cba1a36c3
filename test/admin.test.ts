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
  let sysAdmin: string;

  beforeAll(async () => {
    l = await startLantern(kind);
    police = await l.agency('POLICE-HN');
    border = await l.agency('BDBP-LC', 'border_guard');
    // Privileged roles need TOTP at sign-in (auth.test.ts); here they get a full session directly.
    policeAdmin = await createSession(
      l.ctx.db,
      (await l.user(police, ['agency_admin'], { signIn: false })).id,
      'full',
      1,
      null,
    );
    sysAdmin = await createSession(
      l.ctx.db,
      (await l.user(border, ['system_admin'], { signIn: false })).id,
      'full',
      1,
      null,
    );
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
