// The registry through its HTTP API, on each database: persons and cases, the
// lifecycle, search, optimistic concurrency, and refused input that writes nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('registry API on %s', (kind) => {
  let l: TestLantern;
  let officer: TestUser;
  let investigator: TestUser;
  let caseworker: TestUser;

  beforeAll(async () => {
    l = await startLantern(kind);
    const police = await l.agency('POLICE-HN');
    officer = await l.user(police, ['intake_officer']);
    investigator = await l.user(police, ['investigator']);
    caseworker = await l.user(police, ['caseworker']);
  });
  afterAll(async () => {
    await l.stop();
  });

  const count = async (table: 'person' | 'case_file' | 'identity_document') =>
    Number(
      (
        await l.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function newCase(user = officer, person: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
    const p = await l.call(user.token, 'POST', '/api/v1/persons', personInput(person));
    expect(p.status).toBe(201);
    const c = await l.call(user.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'border_screening',
      ...extra,
    });
    expect(c.status).toBe(201);
    return { person: p.body, case: c.body, etag: c.headers.etag as string };
  }

  it('health answers without authentication and without data', async () => {
    const r = await l.call(null, 'GET', '/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('keeps a home province of 2025 and a year of birth when only the year is known, and refuses a year with a date', async () => {
    const r = await l.call(officer.token, 'POST', '/api/v1/persons', {
      ...personInput({ province: 'nghe-an', birthYear: 1998 }),
      dateOfBirth: undefined,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ province: 'nghe-an', provinceFormer: null, birthYear: 1998 });
    const read = await l.call(officer.token, 'GET', `/api/v1/persons/${r.body.id}`);
    expect(read.body).toMatchObject({ province: 'nghe-an', birthYear: 1998 });
    const before = await count('person');
    const both = await l.call(
      officer.token,
      'POST',
      '/api/v1/persons',
      personInput({ dateOfBirth: '1998-03-02', birthYear: 1998 }),
    );
    expect(both.status).toBe(400);
    const badProvince = await l.call(officer.token, 'POST', '/api/v1/persons', personInput({ province: 'ha-tay' }));
    expect(badProvince.status).toBe(400);
    expect(await count('person')).toBe(before);
  });

  it('registers a person keeping Vietnamese diacritics exactly, deriving age and minor status', async () => {
    const r = await l.call(
      officer.token,
      'POST',
      '/api/v1/persons',
      personInput({
        familyName: 'Đặng',
        middleName: 'Thị Ngọc',
        givenName: 'Ánh',
        dateOfBirth: '2010-05-01',
        estimatedAgeYears: undefined,
        identityDocuments: [{ type: 'citizen_id_card', number: '001 210 012345', issuingCountry: 'VN' }],
        contact: { phone: '+84 912 345 678' },
      }),
    );
    expect(r.status).toBe(201);
    const got = await l.call(officer.token, 'GET', `/api/v1/persons/${r.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.displayName).toBe('Đặng Thị Ngọc Ánh');
    expect(got.body.isMinor).toBe(true);
    expect(got.body.identityDocuments).toEqual([
      { type: 'citizen_id_card', number: '001 210 012345', issuingCountry: 'VN' },
    ]);
    expect(got.body.contact).toEqual({ phone: '+84 912 345 678' });
    // Stored encrypted: the database never holds the number or phone in clear.
    const raw = await l.ctx.db
      .selectFrom('identity_document')
      .select(['number'])
      .where('person_id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(raw.number).not.toContain('012345');
    const person = await l.ctx.db
      .selectFrom('person')
      .select(['contact'])
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(person.contact).not.toContain('912');
    // ...and stays findable by exact document number, however it is spaced.
    const found = await l.call(officer.token, 'GET', '/api/v1/persons?documentNumber=001210012345');
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([r.body.id]);
  });

  it('accepts a person with no documents, an estimated age and unknown citizenship, or stateless', async () => {
    for (const citizenship of ['unknown', 'stateless', 'KH']) {
      const r = await l.call(officer.token, 'POST', '/api/v1/persons', {
        aliases: ['Bé Na'],
        sex: 'unknown',
        estimatedAgeYears: 15,
        citizenship,
      });
      expect(r.status).toBe(201);
      expect(r.body.isMinor).toBe(true);
    }
  });

  it('opens a case in status received with an ETag and a verification deadline', async () => {
    const { case: c, etag } = await newCase(
      officer,
      {},
      {
        exploitationTypes: ['forced_criminality'],
        recruitment: { channels: ['online_job_ad'] },
        route: { originProvince: 'nghe-an', transitCountries: ['LA'], destinationCountry: 'KH' },
        narrative: 'Lured by a fake IT job.',
      },
    );
    expect(c.status).toBe('received');
    expect(etag).toBe(`"${c.version}"`);
    expect(c.reference).toMatch(/^LT-\d{4}-\d{6}$/);
    const due = Date.parse(c.verificationDueAt) - Date.parse(c.createdAt);
    expect(Math.round(due / 86_400_000)).toBe(3);
    const got = await l.call(investigator.token, 'GET', `/api/v1/cases/${c.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe(etag);
    expect(got.body.narrative).toBe('Lured by a fake IT job.');
    expect(got.body.route).toEqual({ originProvince: 'nghe-an', transitCountries: ['LA'], destinationCountry: 'KH' });
    const raw = await l.ctx.db
      .selectFrom('case_file')
      .select('narrative')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(raw.narrative).not.toContain('fake IT job');
  });

  it('finds a case by name ignoring accents, case and word order, and tolerates a small misspelling', async () => {
    const { case: c } = await newCase(officer, { familyName: 'Phạm', middleName: 'Thị', givenName: 'Huyền Trang' });
    await newCase(officer, { familyName: 'Lê', middleName: 'Văn', givenName: 'Hùng' });
    for (const q of ['pham thi huyen trang', 'Huyền Trang Phạm Thị', 'PHAM THI HUYEN', 'pham thi huyen trag']) {
      const r = await l.call(officer.token, 'GET', `/api/v1/cases?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(r.body.items[0]?.id, q).toBe(c.id);
      expect(r.body.items.some((i: { personName: string }) => i.personName === 'Lê Văn Hùng')).toBe(false);
    }
  });

  it("finds a case by the person's new name once the name is corrected, and no longer by the old one", async () => {
    const { person, case: c } = await newCase(officer, { familyName: 'Vừ', middleName: 'Thị', givenName: 'Mỷ' });
    const search = async (q: string) =>
      (await l.call(officer.token, 'GET', `/api/v1/cases?q=${encodeURIComponent(q)}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(await search('vu thi my')).toContain(c.id);
    const current = await l.call(officer.token, 'GET', `/api/v1/persons/${person.id}`);
    const renamed = await l.call(
      officer.token,
      'PATCH',
      `/api/v1/persons/${person.id}`,
      { familyName: 'Giàng', givenName: 'Súa' },
      { 'if-match': current.headers.etag as string },
    );
    expect(renamed.status).toBe(200);
    expect(await search('giang thi sua')).toContain(c.id);
    expect(await search('vu thi my')).not.toContain(c.id);
  });

  it('pages through the case list with a cursor, without repeats', async () => {
    for (let i = 0; i < 5; i++) await newCase(officer, { givenName: `Paged${i}` });
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const r: { body: { items: { id: string }[]; nextCursor: string | null } } = await l.call(
        officer.token,
        'GET',
        `/api/v1/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of r.body.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(await count('case_file'));
    const bad = await l.call(officer.token, 'GET', '/api/v1/cases?cursor=garbage');
    expect(bad.status).toBe(400);
  });

  it('counts a name search only when all it found fits in the page, and pages on through the rest', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await newCase(officer, { familyName: 'Quách', givenName: 'Tịnh' })).case.id);
    const first = await l.call(officer.token, 'GET', '/api/v1/cases?q=quach%20tinh&limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.total).toBeNull(); // more than a page: not counted, the caller narrows instead
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await l.call(
      officer.token,
      'GET',
      `/api/v1/cases?q=quach%20tinh&limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(2);
    expect(rest.body.total).toBe(5); // the last page: everything found is known
    expect(rest.body.nextCursor).toBeNull();
    expect(new Set([...first.body.items, ...rest.body.items].map((c: { id: string }) => c.id))).toEqual(ids);
    const whole = await l.call(officer.token, 'GET', '/api/v1/cases?q=quach%20tinh&limit=10');
    expect(whole.body.total).toBe(5);
  });

  it('needs If-Match to update: missing → 428, stale → 412, current → 200 with a new ETag', async () => {
    const { case: c, etag } = await newCase();
    const missing = await l.call(officer.token, 'PATCH', `/api/v1/cases/${c.id}`, {
      exploitationTypes: ['forced_labour'],
    });
    expect(missing.status).toBe(428);
    const ok = await l.call(
      officer.token,
      'PATCH',
      `/api/v1/cases/${c.id}`,
      { exploitationTypes: ['forced_labour'] },
      { 'if-match': etag },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).not.toBe(etag);
    // A second editor who read the old version gets a conflict, not a silent overwrite.
    const stale = await l.call(
      investigator.token,
      'PATCH',
      `/api/v1/cases/${c.id}`,
      { exploitationTypes: ['begging'] },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const now = await l.call(officer.token, 'GET', `/api/v1/cases/${c.id}`);
    expect(now.body.exploitationTypes).toEqual(['forced_labour']);
  });

  it('follows the statutory lifecycle, records who, when and why, and refuses illegal steps with 409', async () => {
    const { case: c } = await newCase();
    const skip = await l.call(investigator.token, 'POST', `/api/v1/cases/${c.id}/transitions`, {
      to: 'in_support',
      reason: 'skip ahead',
    });
    expect(skip.status).toBe(409);
    expect(skip.body.type).toBe('urn:lantern:problem:illegal-transition');
    const steps: [TestUser, string][] = [
      [officer, 'under_verification'],
      [investigator, 'identified_victim'],
      [caseworker, 'in_support'],
      [caseworker, 'closed'],
    ];
    for (const [user, to] of steps) {
      const r = await l.call(user.token, 'POST', `/api/v1/cases/${c.id}/transitions`, { to, reason: `step to ${to}` });
      expect(r.status, to).toBe(200);
      expect(r.body.status).toBe(to);
    }
    const final = await l.call(officer.token, 'GET', `/api/v1/cases/${c.id}`);
    expect(final.body.history.map((h: { to: string }) => h.to)).toEqual([
      'under_verification',
      'identified_victim',
      'in_support',
      'closed',
    ]);
    expect(final.body.history[1].actorId).toBe(investigator.id);
    const decider = await l.ctx.db
      .selectFrom('app_user')
      .select('display_name')
      .where('id', '=', investigator.id)
      .executeTakeFirstOrThrow();
    expect(final.body.history[1]).toMatchObject({
      actorName: decider.display_name,
      actorAgency: 'POLICE-HN',
      reason: 'step to identified_victim',
    });
    expect(final.body.closureReason).toBe('step to closed');
    const reopen = await l.call(investigator.token, 'POST', `/api/v1/cases/${c.id}/transitions`, {
      to: 'received',
      reason: 'again',
    });
    expect(reopen.status).toBe(409);
  });

  it('lets only an investigator identify a victim', async () => {
    const { case: c } = await newCase();
    await l.call(officer.token, 'POST', `/api/v1/cases/${c.id}/transitions`, {
      to: 'under_verification',
      reason: 'screening at the gate',
    });
    const r = await l.call(caseworker.token, 'POST', `/api/v1/cases/${c.id}/transitions`, {
      to: 'identified_victim',
      reason: 'x'.repeat(5),
    });
    expect(r.status).toBe(403);
    expect((await l.call(officer.token, 'GET', `/api/v1/cases/${c.id}`)).body.status).toBe('under_verification');
  });

  it('lists overdue verifications', async () => {
    const { case: c } = await newCase();
    await l.ctx.db
      .updateTable('case_file')
      .set({ verification_due_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', c.id)
      .execute();
    const r = await l.call(officer.token, 'GET', '/api/v1/cases?overdue=true');
    expect(r.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect(r.body.items.every((i: { verificationOverdue: boolean }) => i.verificationOverdue)).toBe(true);
  });

  it('refuses bad input with a problem naming each bad field, and writes nothing', async () => {
    const before = [await count('person'), await count('case_file')];
    const bad = await l.call(officer.token, 'POST', '/api/v1/persons', {
      familyName: 'Trần',
      sex: 'robot',
      citizenship: 'vn',
      dateOfBirth: '2999-01-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.type).toBe('urn:lantern:problem:validation');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.sex', 'body.citizenship', 'body.dateOfBirth']));
    const badCase = await l.call(officer.token, 'POST', '/api/v1/cases', {
      personId: '00000000-0000-4000-8000-000000000000',
      reachedVia: 'walk_in',
    });
    expect(badCase.status).toBe(400);
    const badProvince = await l.call(officer.token, 'POST', '/api/v1/cases', {
      personId: (await newCase()).person.id,
      reachedVia: 'walk_in',
      route: { originProvince: 'atlantis' },
    });
    expect(badProvince.status).toBe(400);
    const malformed = await l.call(officer.token, 'POST', '/api/v1/persons', '{"familyName": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('urn:lantern:problem:malformed-json');
    const huge = await l.call(
      officer.token,
      'POST',
      '/api/v1/persons',
      JSON.stringify({ ...personInput(), aliases: ['x'.repeat(1_100_000)] }),
    );
    expect(huge.status).toBe(413);
    expect([await count('person'), await count('case_file')]).toEqual([before[0]! + 1, before[1]! + 1]); // only newCase() above wrote
  });

  it('keeps a person update and a conflicting one apart', async () => {
    const p = await l.call(officer.token, 'POST', '/api/v1/persons', personInput());
    const etag = p.headers.etag as string;
    const first = await l.call(
      officer.token,
      'PATCH',
      `/api/v1/persons/${p.body.id}`,
      { givenName: 'Lành' },
      { 'if-match': etag },
    );
    expect(first.status).toBe(200);
    const second = await l.call(
      officer.token,
      'PATCH',
      `/api/v1/persons/${p.body.id}`,
      { givenName: 'Lan Anh' },
      { 'if-match': etag },
    );
    expect(second.status).toBe(412);
    expect((await l.call(officer.token, 'GET', `/api/v1/persons/${p.body.id}`)).body.givenName).toBe('Lành');
  });

  it('serves an OpenAPI 3.1 document generated from the validating schemas', async () => {
    const r = await l.call(null, 'GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const create = r.body.paths['/api/v1/cases'].post;
    expect(create.requestBody.content['application/json'].schema.properties.reachedVia.enum).toContain(
      'border_screening',
    );
    expect(r.body.paths['/api/v1/cases/{id}/transitions']).toBeDefined();
  });

  it('declares the JSON schema of every success answer (the web app takes its types from these schemas)', async () => {
    type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
    const r = await l.call(null, 'GET', '/api/v1/openapi.json');
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(r.body.paths as Record<string, Record<string, Operation>>))
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        // 204 No Content has no body to describe; a download (CSV) declares its own type.
        const described = success.filter(
          ([status, response]) =>
            status === '204' || Object.values(response.content ?? {}).some((c) => (c as { schema?: unknown }).schema),
        );
        if (success.length === 0 || described.length < success.length) undeclared.push(`${method} ${path}`);
      }
    expect(undeclared).toEqual([]);
  });

  it("gives the reference data with the server's calendar time zone, for the web app's dates", async () => {
    const r = await l.call(officer.token, 'GET', '/api/v1/reference?lang=en');
    expect(r.status).toBe(200);
    expect(r.body.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(r.body.caseStatuses).toContainEqual({ code: 'under_verification', label: expect.any(String) });
    const elsewhere = await startLantern(kind, { config: { timeZone: 'America/Lima' } });
    try {
      const user = await elsewhere.user(await elsewhere.agency('POLICE-LM'), ['intake_officer']);
      expect((await elsewhere.call(user.token, 'GET', '/api/v1/reference')).body.timeZone).toBe('America/Lima');
    } finally {
      await elsewhere.stop();
    }
  });

  it('keeps case references unique past the millionth case (numbers are never cut to six digits)', async () => {
    await sql`SELECT setval('case_reference_seq', 999999)`.execute(l.ctx.db);
    const a = (await newCase()).case;
    const b = (await newCase()).case;
    const year = new Date().getUTCFullYear();
    expect([a.reference, b.reference]).toEqual([`LT-${year}-1000000`, `LT-${year}-1000001`]);
  });
});
