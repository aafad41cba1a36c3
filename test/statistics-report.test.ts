// The national report (issue 11 §4): GET /statistics/report returns a PDF in Vietnamese, English or
// French, built only from controlled tables, each one a release that is stored and audited; no
// table cell in it holds a count from 1 to k−1; only analysts and partners may have it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor.js';
import { createCase } from '../src/registry/cases.js';
import { createPerson } from '../src/registry/persons.js';
import { releaseReportTables } from '../src/statistics/report.js';
import { REPORT_SECTIONS, reportModel } from '../src/statistics/report-model.js';
import { refreshFacts } from '../src/statistics/facts.js';
import { databases, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { pdfText } from './support/pdf-text.js';

const K = 10;
const PERIOD = 'from=2026-01-01&to=2026-06-30';

describe.each(databases)('the national report on %s', (kind) => {
  let l: TestLantern;
  let analyst: TestUser;
  let partner: TestUser;
  let officer: TestUser;

  const actorOf = (u: TestUser): Actor => ({
    userId: u.id,
    agencyId: u.agencyId,
    agencyKind: u.agencyKind,
    roles: u.roles,
    language: 'vi',
    clientIp: null,
  });

  /** `n` persons with one case each, received on `day`; the first `identified` identified as victims a week later. */
  async function persons(n: number, person: Record<string, unknown>, day: string, identified = 0) {
    for (let i = 0; i < n; i++) {
      const p = await createPerson(l.ctx, actorOf(officer), {
        givenName: `Report${i}`,
        sex: 'female',
        citizenship: 'VN',
        ...person,
      } as never);
      const c = await createCase(l.ctx, actorOf(officer), {
        personId: p.id,
        reachedVia: 'border_screening',
        exploitationTypes: ['forced_criminality'],
      } as never);
      await sql`UPDATE case_file SET created_at = ${`${day}T03:00:00Z`}::timestamptz WHERE id = ${c.id}`.execute(
        l.ctx.db,
      );
      if (i < identified) {
        await sql`INSERT INTO case_transition (id, case_id, from_status, to_status, reason, actor_id, at)
          VALUES (gen_random_uuid(), ${c.id}, 'under_verification', 'identified_victim', 'test', ${officer.id},
            ${`${day}T03:00:00Z`}::timestamptz + interval '7 days')`.execute(l.ctx.db);
      }
    }
  }

  const report = (token: string, query: string) =>
    l.app.inject({
      method: 'GET',
      url: `/api/v1/statistics/report?${query}`,
      headers: { authorization: `Bearer ${token}` },
    });

  const auditedTables = async (userId: string) =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM audit_event
          WHERE action = 'statistics.table' AND actor_id = ${userId} AND outcome = 'success'`.execute(l.ctx.db)
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    l = await startLantern(kind, { config: { minCell: K } });
    const police = await l.agency('CA-LC', 'police');
    const national = await l.agency('NDU', 'ministry');
    const io = await l.agency('IOM', 'international_org');
    analyst = await l.user(national, ['analyst']);
    partner = await l.user(io, ['partner']);
    officer = await l.user(police, ['intake_officer']);
    // Lào Cai: 14 women (12 identified) and 11 men in March; Hà Nội: 3 women in April (a small cell)
    await persons(14, { province: 'lao-cai' }, '2026-03-05', 12);
    await persons(11, { province: 'lao-cai', sex: 'male' }, '2026-03-06', 11);
    await persons(3, { province: 'ha-noi' }, '2026-04-07', 3);
    await refreshFacts(l.ctx);
  }, 180_000);
  afterAll(() => l.stop());

  it.each([
    ['vi', 'Báo cáo thống kê quốc gia', 'Nạn nhân được xác định theo tỉnh, thành phố', 'x: ít hơn 10 người'],
    ['en', 'National statistical report', 'Victims identified by province', 'x: fewer than 10 persons'],
    ['fr', 'Rapport statistique national', 'Victimes identifiées par province', 'x : moins de 10 personnes'],
  ])(
    'gives an analyst the report in %s as a PDF whose text carries its translated headings',
    async (language, title, heading, rule) => {
      const before = await auditedTables(analyst.id);
      const response = await report(analyst.token, `${PERIOD}&language=${language}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toContain(`lantern-report-2026-01-01-2026-06-30-${language}.pdf`);
      const pdf = response.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = pdfText(pdf);
      const text = pages.join('\n').replace(/\s+/g, ' ');
      expect(text).toContain(title);
      expect(text).toContain(heading);
      expect(text).toContain(rule);
      // every table of the report was a release of its own, audited as such
      expect((await auditedTables(analyst.id)) - before).toBe(REPORT_SECTIONS.length);
    },
  );

  it('prints no count from 1 to k−1 in any table cell, and marks the small ones x', async () => {
    const tables = await releaseReportTables(l.ctx, actorOf(analyst), {
      from: '2026-01-01',
      to: '2026-06-30',
      language: 'en',
    });
    const model = reportModel(tables, { from: '2026-01-01', to: '2026-06-30', language: 'en', minCell: K });
    const printed = model.tables.flatMap((t) => [...t.body.flatMap((b) => b.cells), ...t.totals.cells]);
    expect(printed.length).toBeGreaterThan(100);
    for (const cell of printed) {
      if (cell.text !== 'x') expect(cell.value === 0 || cell.value! >= K, cell.text).toBe(true);
    }
    // Hà Nội's 3 victims are not shown, nor can they be derived from Lào Cai's 23 and the total
    const byProvince = model.tables.find((t) => t.id === 'victims-by-province')!;
    const row = (name: string) => byProvince.body.find((b) => b.label === name)!.cells[0]!;
    expect(row('Hà Nội').text).toBe('x');
    expect([row('Lào Cai').text, byProvince.totals.cells[0]!.text]).toContain('x');
    expect(row('Đà Nẵng').text).toBe('0');
    expect(byProvince.hasSuppressed).toBe(true);
    const byMonth = model.tables.find((t) => t.id === 'persons-by-month')!;
    const month = (label: string) => byMonth.body.find((b) => b.label === label)!.cells[0]!.text;
    expect(month('Apr 2026')).toBe('x');
    expect([month('Mar 2026'), byMonth.totals.cells[0]!.text]).toContain('x');
    expect(month('Jan 2026')).toBe('0');

    // and in the PDF itself: every run of text that is a bare number is 0 or at least k
    const response = await report(analyst.token, `${PERIOD}&language=vi`);
    const numbers = pdfText(response.rawPayload)
      .flatMap((page) => page.split('\n'))
      .map((run) => run.trim())
      .filter((run) => /^\d[\d.]*$/.test(run))
      .map((run) => Number(run.replace(/\./g, '')));
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.filter((n) => n > 0 && n < K)).toEqual([]);
  });

  it('lets partners have it and refuses everyone else; refuses bad input without releasing anything', async () => {
    expect((await report(partner.token, `${PERIOD}&language=en`)).statusCode).toBe(200);
    const refused = await report(officer.token, `${PERIOD}&language=en`);
    expect(refused.statusCode).toBe(403);
    expect(await auditedTables(officer.id)).toBe(0);
    const anonymous = await l.app.inject({ method: 'GET', url: `/api/v1/statistics/report?${PERIOD}` });
    expect(anonymous.statusCode).toBe(401);

    const before = await auditedTables(analyst.id);
    for (const query of [
      `${PERIOD}&language=de`,
      'from=2026-01-05&to=2026-06-30',
      'from=2026-06-01&to=2026-01-31',
      'from=2026-01-01',
      `${PERIOD}&extra=1`,
    ]) {
      const bad = await report(analyst.token, query);
      expect(bad.statusCode, `${query}: ${bad.body}`).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    expect(await auditedTables(analyst.id)).toBe(before);
  });
});
