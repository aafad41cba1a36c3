// Bad input is a 4xx problem that names what is wrong and writes nothing: forged
// cursors, NUL bytes and unpaired surrogates, hostile file paths, values the
// database refuses. Names are stored in NFC and must show something. API answers
// are never cached.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createSession } from '../src/access/sessions.js';
import { errorForLog, toProblem } from '../src/platform/http.js';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(databases)('bad input on %s', (kind) => {
  let l: TestLantern;
  let officer: TestUser;
  let caseId: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    l = await startLantern(kind, { logStream: sink });
    officer = await l.user(await l.agency('POLICE-HN'), ['intake_officer', 'investigator']);
    for (let i = 0; i < 3; i++) {
      const person = await l.call(officer.token, 'POST', '/api/v1/persons', personInput({ givenName: `Lan${i}` }));
      const opened = await l.call(officer.token, 'POST', '/api/v1/cases', {
        personId: person.body.id,
        reachedVia: 'walk_in',
      });
      caseId = opened.body.id;
    }
  });
  afterAll(async () => {
    await l.stop();
  });

  const expectCursorRefused = (r: Awaited<ReturnType<TestLantern['call']>>) => {
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('urn:lantern:problem:validation');
    expect(r.body.errors).toEqual([{ field: 'query.cursor', message: 'invalid cursor' }]);
  };

  it('refuses a forged list cursor whose id is not a UUID, or whose time is not one it gave out', async () => {
    const page = await l.call(officer.token, 'GET', '/api/v1/cases?limit=1');
    expect(page.status).toBe(200);
    const genuine = JSON.parse(Buffer.from(page.body.nextCursor, 'base64url').toString('utf8'));
    expect((await l.call(officer.token, 'GET', `/api/v1/cases?limit=1&cursor=${page.body.nextCursor}`)).status).toBe(
      200,
    );
    for (const forged of [
      { ...genuine, id: 'not-a-uuid' },
      { ...genuine, id: "x'; DROP TABLE person; --" },
      { ...genuine, t: '275760-09-13T00:00:00.000Z' },
      { ...genuine, t: 'Tuesday' },
      { ...genuine, id: 1e308 },
      [genuine.t, genuine.id],
    ])
      expectCursorRefused(await l.call(officer.token, 'GET', `/api/v1/cases?limit=1&cursor=${cursorOf(forged)}`));
  });

  it('refuses offsets no page can have (1e308, fractions, negatives)', async () => {
    for (const o of [1e308, 2 ** 63, 1.5, -1, '10']) {
      expectCursorRefused(await l.call(officer.token, 'GET', `/api/v1/cases?q=Lan&cursor=${cursorOf({ o })}`));
      expectCursorRefused(await l.call(officer.token, 'GET', `/api/v1/referrals?box=inbox&cursor=${cursorOf({ o })}`));
    }
    const admin = await createSession(
      l.ctx.db,
      (await l.user(officer.agencyId, ['agency_admin'], { signIn: false })).id,
      'full',
      1,
      null,
    );
    expect((await l.call(admin, 'GET', `/api/v1/cases/${caseId}/access-log`)).status).toBe(200);
    expectCursorRefused(
      await l.call(admin, 'GET', `/api/v1/cases/${caseId}/access-log?cursor=${cursorOf({ id: 1e308 })}`),
    );
  });

  it('refuses a NUL byte or an unpaired surrogate in any string, naming the field, and stores nothing', async () => {
    const before = (await l.ctx.db.selectFrom('person').select('id').execute()).length;
    const nul = await l.call(officer.token, 'POST', '/api/v1/persons', personInput({ familyName: 'Nguy\u0000ễn' }));
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ field: 'body.familyName', message: expect.stringMatching(/NUL/) }]);
    // A lone surrogate cannot be sent through JSON.stringify, so it is escaped by hand.
    const lone = await l.call(
      officer.token,
      'POST',
      '/api/v1/persons',
      JSON.stringify(personInput({ aliases: ['Lan', 'SURROGATE'] })).replace('SURROGATE', '\\ud800x'),
    );
    expect(lone.status).toBe(400);
    expect(lone.body.errors).toEqual([{ field: 'body.aliases.1', message: expect.stringMatching(/surrogate/) }]);
    const inContact = await l.call(
      officer.token,
      'POST',
      '/api/v1/persons',
      personInput({ contact: { notes: 'gọi sau\u0000' } }),
    );
    expect(inContact.body.errors[0].field).toBe('body.contact.notes');
    const query = await l.call(officer.token, 'GET', `/api/v1/cases?q=Lan%00`);
    expect(query.status).toBe(400);
    expect(query.body.errors[0].field).toBe('query.q');
    const param = await l.call(officer.token, 'GET', `/api/v1/persons/%00`);
    expect(param.status).toBe(400);
    expect(param.body.errors[0].field).toBe('params.id');
    const deep = await l.call(officer.token, 'PATCH', `/api/v1/cases/${caseId}`, '['.repeat(5000) + ']'.repeat(5000), {
      'if-match': '"1"',
    });
    expect(deep.status).toBe(400);
    expect((await l.ctx.db.selectFrom('person').select('id').execute()).length).toBe(before);
  });

  it('answers 4xx for file paths with a NUL byte, a control character, bad percent-encoding or a huge name', async () => {
    for (const url of [
      '/index.html%00.js',
      '/%00',
      '/assets/%00x.js',
      '/a%0a.css',
      '/%E0%A4%A.js',
      '/..%5c..%5cetc',
      `/${'a'.repeat(5000)}.js`,
      `/assets/${'b'.repeat(300)}/x.js`,
    ]) {
      const r = await l.app.inject({ method: 'GET', url });
      expect([400, 404], url).toContain(r.statusCode);
      expect(r.headers['content-type'], url).toMatch(/problem\+json/);
    }
  });

  it('maps a value the database refuses to a 4xx that does not echo it; the log keeps only its code', async () => {
    for (const [query, code] of [
      [sql`SELECT ${'secret-not-uuid'}::uuid`, '22P02'],
      [sql`SELECT ${'secret-99999999999999999999'}::text::int`, '22P02'],
      [sql`SELECT ${'99999999999999999999'}::numeric::int`, '22003'],
      [sql`SELECT ${'secret'}::text::date`, '22007'],
      [sql`SELECT now() + make_interval(years => ${99999999})`, '22008'],
    ] as const) {
      const error = await query.execute(l.ctx.db).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe(code);
      const problem = toProblem(error);
      expect(problem.status).toBe(400);
      expect(JSON.stringify(problem.toJSON())).not.toMatch(/secret|9999/);
      const logged = JSON.stringify(errorForLog(error));
      expect(logged).toContain(code);
      expect(logged).not.toMatch(/secret|9999/);
    }
  });

  it('answers 400, writing nothing, for values the schemas accept but the database cannot hold', async () => {
    // PostgreSQL has no year 0: such dates used to answer 500.
    const count = async () => (await l.ctx.db.selectFrom('person').select('id').execute()).length;
    const persons = await count();
    const dob = await l.call(
      officer.token,
      'POST',
      '/api/v1/persons',
      personInput({ estimatedAgeYears: null, dateOfBirth: '0000-01-01' }),
    );
    expect(dob.status).toBe(400);
    expect(dob.body.type).toBe('urn:lantern:problem:validation');
    expect(JSON.stringify(dob.body)).not.toContain('0000-01-01');
    expect(await count()).toBe(persons);
    const services = await l.ctx.db.selectFrom('support_service').select('id').execute();
    const amount = await l.call(officer.token, 'POST', `/api/v1/cases/${caseId}/services`, {
      type: 'accommodation',
      plannedDate: '0000-01-01',
    });
    expect(amount.status).toBe(400);
    expect(await l.ctx.db.selectFrom('support_service').select('id').execute()).toEqual(services);
    const kpis = await l.call(officer.token, 'GET', '/api/v1/work/kpis?from=0000-01-01&to=2026-01-01');
    expect(kpis.status).toBeLessThan(500);
  });

  it('marks every API answer no-store and nosniff, errors included', async () => {
    for (const [token, url] of [
      [officer.token, `/api/v1/cases/${caseId}`],
      [officer.token, '/api/v1/cases'],
      [null, '/api/v1/cases'],
      [officer.token, '/api/v1/nowhere'],
      [null, '/api/v1/health'],
    ] as const) {
      const r = await l.call(token, 'GET', url);
      expect(r.headers['cache-control'], url).toBe('no-store');
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('stores names in NFC and refuses control characters, direction overrides and invisible-only names', async () => {
    const nfd = 'Nguye\u0302\u0303n'; // "Nguyễn" typed with combining marks
    const created = await l.call(
      officer.token,
      'POST',
      '/api/v1/persons',
      personInput({ familyName: nfd, middleName: 'Thi\u0323', givenName: 'Lan', aliases: ['Hoa\u0300ng'] }),
    );
    expect(created.status).toBe(201);
    expect(created.body.familyName).toBe('Nguyễn');
    const row = await l.ctx.db
      .selectFrom('person')
      .select(['family_name', 'middle_name', 'aliases'])
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.family_name).toBe('Nguyễn'.normalize('NFC'));
    expect(row.family_name).not.toBe(nfd);
    expect(row.middle_name).toBe('Thị');
    expect(row.aliases).toEqual(['Hoàng']);
    // The NFC name is found by the search typed either way.
    const found = await l.call(officer.token, 'GET', `/api/v1/persons/${created.body.id}`);
    expect(found.body.displayName).toBe('Nguyễn Thị Lan');

    const before = (await l.ctx.db.selectFrom('person').select('id').execute()).length;
    for (const [field, value, message] of [
      ['familyName', '\u200b\u200b\u200b', /no visible/],
      ['givenName', '\u3164', /no visible/],
      ['givenName', ' \u00a0\u2800 ', /no visible/],
      ['familyName', 'Lan\u202egnaoH', /direction/],
      ['givenName', '\u2066Lan\u2069', /direction/],
      ['familyName', '\u001b[2J\u001b[31mLan', /control/],
      ['givenName', 'Lan\nHoàng', /control/],
      ['middleName', '\u0085', /control/],
    ] as const) {
      const r = await l.call(officer.token, 'POST', '/api/v1/persons', personInput({ [field]: value }));
      expect(r.status, JSON.stringify(value)).toBe(400);
      expect(r.body.errors).toEqual([{ field: `body.${field}`, message: expect.stringMatching(message) }]);
    }
    const alias = await l.call(officer.token, 'POST', '/api/v1/persons', personInput({ aliases: ['Lan', '\u200d'] }));
    expect(alias.body.errors).toEqual([{ field: 'body.aliases.1', message: expect.stringMatching(/no visible/) }]);
    const patched = await l.call(
      officer.token,
      'PATCH',
      `/api/v1/persons/${created.body.id}`,
      { givenName: '\u202eLan' },
      { 'if-match': `"${created.body.version}"` },
    );
    expect(patched.status).toBe(400);
    expect((await l.ctx.db.selectFrom('person').select('id').execute()).length).toBe(before);
  });

  it('applies the same rule to agency names and user display names', async () => {
    const sysAdmin = await createSession(
      l.ctx.db,
      (await l.user(await l.agency('OPS2', 'ministry'), ['system_admin'], { signIn: false })).id,
      'full',
      1,
      null,
    );
    const agency = await l.call(sysAdmin, 'POST', '/api/v1/agencies', {
      code: 'BAD-1',
      name: '\u001b]0;pwned\u0007',
      kind: 'ngo',
    });
    expect(agency.status).toBe(400);
    expect(agency.body.errors[0].field).toBe('body.name');
    const user = await l.call(sysAdmin, 'POST', '/api/v1/users', {
      email: 'bidi@test.invalid',
      displayName: '\u202eevil',
      agencyId: officer.agencyId,
      roles: ['caseworker'],
      password: 'a long enough password',
    });
    expect(user.status).toBe(400);
    expect(user.body.errors[0].field).toBe('body.displayName');
    expect(await l.ctx.db.selectFrom('agency').select('id').where('code', '=', 'BAD-1').execute()).toEqual([]);
  });

  it('never logs the text of an error', () => {
    const log = logLines.join('');
    expect(log).not.toMatch(/invalid input syntax|out of range|DROP TABLE|275760/);
  });
});
