// Issue 12 §5: the access log and the audit view show actions in words. Every action the
// server can write (the route rules, under which refusals are audited, and every action
// recordAudit is given) has a label in vi, en and fr that is words, not a code; and a
// duplicate e-mail is refused with a reason the web app translates (on each database).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel } from '../src/contract/audit-actions.js';
import { LANGUAGES } from '../src/contract/codes.js';
import { RULES } from '../src/access/rules.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('audit actions in words', () => {
  it('labels every action the server can write, in every language, in words', () => {
    for (const action of AUDIT_ACTIONS)
      for (const lang of LANGUAGES) {
        const label = AUDIT_ACTION_LABELS[action][lang];
        expect(label.trim(), `${action} ${lang}`).not.toBe('');
        expect(label, `${action} ${lang} is a code`).not.toMatch(/^[a-z_]+(\.[a-z_]+)*$/);
      }
    // Refusals are audited under the route's rule name; successes under the names written in src.
    for (const rule of Object.values(RULES)) expect(AUDIT_ACTIONS, rule.name).toContain(rule.name);
    const written = new Set<string>();
    for (const file of sources(path.join(root, 'src')))
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\baction: '([a-z_.]+)'/g)) written.add(m[1]!);
    expect(written.size).toBeGreaterThan(50);
    expect([...written].filter((a) => !(AUDIT_ACTIONS as string[]).includes(a))).toEqual([]);
    expect(auditActionLabel('case.read', 'vi')).toBe('Xem hồ sơ');
    expect(auditActionLabel('case.read', 'en')).toBe('Case viewed');
    expect(auditActionLabel('something.else', 'vi')).toBe('something.else');
  });
});

describe.each(databases)('people by name in the audit view, and a duplicate e-mail, on %s', (kind) => {
  let l: TestLantern;
  beforeAll(async () => {
    l = await startLantern(kind);
  });
  afterAll(async () => {
    await l.stop();
  });

  it('refuses a taken e-mail with the reason and the field, changing nothing', async () => {
    const agency = await l.agency('DUP-MAIL');
    const admin = await l.user(agency, ['agency_admin']);
    const body = {
      email: 'lan@dup.invalid',
      displayName: 'Cán bộ Lan',
      agencyId: agency,
      roles: ['caseworker'],
      password: 'a long enough password',
    };
    expect((await l.call(admin.token, 'POST', '/api/v1/users', body)).status).toBe(201);
    const again = await l.call(admin.token, 'POST', '/api/v1/users', { ...body, displayName: 'Cán bộ Lan 2' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: 'urn:lantern:problem:conflict',
      reason: 'email-taken',
      errors: [{ field: 'body.email', code: 'email-taken' }],
    });
    const users = await l.ctx.db
      .selectFrom('app_user')
      .select('display_name')
      .where('email', '=', body.email)
      .execute();
    expect(users.map((u) => u.display_name)).toEqual(['Cán bộ Lan']);
  });

  it('names the actor of each audit event for the auditor', async () => {
    const agency = await l.agency('AUD-NAME');
    const officer = await l.user(agency, ['investigator']);
    await l.ctx.db.updateTable('app_user').set({ display_name: 'Trần Thị Mai' }).where('id', '=', officer.id).execute();
    await l.call(officer.token, 'GET', '/api/v1/cases');
    const auditor = await l.user(await l.agency('AUD-INSP', 'ministry'), ['auditor']);
    const page = await l.call(auditor.token, 'GET', `/api/v1/audit?actorId=${officer.id}&limit=10`);
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    for (const e of page.body.items) expect(e).toMatchObject({ actorId: officer.id, actorName: 'Trần Thị Mai' });
  });
});
