// Screening through the API: indicator sets, stateless classification, stored
// screenings that move a case to verification, and repatriation events at a
// border gate with roster upload.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cases from '../src/screening/testdata/screening_cases.json' with { type: 'json' };
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { waitForJob } from './support/jobs.js';

const worked = (id: string) => cases.cases.find((c) => c.id === id)!;
const answersOf = (ids: string[]) => Object.fromEntries(ids.map((i) => [i, 'present']));
const SET_OF = {
  al: 'ilo-2009-adult-labour',
  as: 'ilo-2009-adult-sexual',
  cl: 'ilo-2009-child-labour',
  cs: 'ilo-2009-child-sexual',
} as const;
const OUTCOME_OF = {
  victim_strong_evidence: 'presumed_victim',
  possible_victim_needs_assessment: 'possible_victim',
  no_indicators_met: 'no_indicators_met',
} as const;

describe.each(databases)('screening API on %s', (kind) => {
  let l: TestLantern;
  let screener: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    l = await startLantern(kind);
    const gate = await l.agency('BDBP-TN', 'border_guard');
    await l.agency('YTE-TN', 'health');
    screener = await l.user(gate, ['health_screener', 'intake_officer']);
    outsider = await l.user(await l.agency('OTHER', 'police'), ['investigator']);
  });
  afterAll(async () => {
    await l.stop();
  });

  it("lists the four ILO sets and serves one with labels in the caller's language", async () => {
    const sets = await l.call(screener.token, 'GET', '/api/v1/screening/sets');
    expect(sets.body.items.map((s: { id: string }) => s.id)).toEqual(Object.values(SET_OF));
    const vi = await l.call(screener.token, 'GET', '/api/v1/screening/sets/ilo-2009-adult-labour');
    const en = await l.call(screener.token, 'GET', '/api/v1/screening/sets/ilo-2009-adult-labour?lang=en');
    expect(vi.body.dimensions.map((d: { id: string }) => d.id)).toEqual([
      'deceptive_recruitment',
      'coercive_recruitment',
      'recruitment_abuse_of_vulnerability',
      'exploitative_conditions',
      'coercion_at_destination',
      'abuse_of_vulnerability_at_destination',
    ]);
    expect(vi.body.dimensions[0].label).not.toBe(en.body.dimensions[0].label);
    const ext = vi.body.dimensions
      .flatMap((d: { indicators: { extension?: string }[] }) => d.indicators)
      .filter((i: { extension?: string }) => i.extension === 'forced-criminality');
    expect(ext.length).toBeGreaterThan(0);
    expect((await l.call(screener.token, 'GET', '/api/v1/screening/sets/nope')).status).toBe(404);
  });

  it('classifies worked cases without storing anything or auditing the answers', async () => {
    for (const id of ['AL-01', 'AL-04', 'AL-10', 'FC-11', 'CL-20', 'CS-24']) {
      const c = worked(id);
      const r = await l.call(screener.token, 'POST', '/api/v1/screening/classify', {
        instrument: SET_OF[c.population as keyof typeof SET_OF],
        answers: answersOf(c.indicators),
      });
      expect(r.status, id).toBe(200);
      expect(r.body.outcome, id).toBe(OUTCOME_OF[c.expected as keyof typeof OUTCOME_OF]);
    }
    expect(await l.ctx.db.selectFrom('screening').select('id').execute()).toEqual([]);
    const audit = await l.ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'screening.classify')
      .execute();
    expect(audit.length).toBe(6);
    expect(JSON.stringify(audit)).not.toContain('al.dec');
  });

  it('refuses answers that do not belong to the set, naming each', async () => {
    const r = await l.call(screener.token, 'POST', '/api/v1/screening/classify', {
      instrument: 'ilo-2009-adult-labour',
      answers: { 'cs.dec.nature_of_job': 'present', 'al.dec.wages': 'present', bogus: 'absent' },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.answers.bogus',
      'body.answers.cs.dec.nature_of_job',
    ]);
    const badValue = await l.call(screener.token, 'POST', '/api/v1/screening/classify', {
      instrument: 'ilo-2009-adult-labour',
      answers: { 'al.dec.wages': 'maybe' },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.errors[0].field).toBe('body.answers.al.dec.wages');
  });

  it('stores a screening with the set derived from the person, moves a presumed victim to verification, and supersedes', async () => {
    const p = await l.call(screener.token, 'POST', '/api/v1/persons', personInput({ estimatedAgeYears: 16 }));
    const c = await l.call(screener.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'border_screening',
      exploitationTypes: ['forced_labour'],
    });
    const cl = worked('CL-22');
    const first = await l.call(screener.token, 'POST', `/api/v1/cases/${c.body.id}/screenings`, {
      answers: answersOf(cl.indicators),
      location: 'Cửa khẩu Mộc Bài',
      conductedAt: new Date().toISOString(),
      interpreterUsed: false,
      healthAnswers: { serious_injury: 'present', fever_or_rash: 'absent' },
    });
    expect(first.status).toBe(201);
    expect(first.body.instrument).toBe('ilo-2009-child-labour'); // a 16-year-old: the children's set
    expect(first.body.outcome).toBe('presumed_victim');
    expect(first.body.healthFlags).toContain('medical_urgent');
    expect(first.body.movedToVerification).toBe(true);
    const after = await l.call(screener.token, 'GET', `/api/v1/cases/${c.body.id}`);
    expect(after.body.status).toBe('under_verification');
    expect(after.body.history[0].reason).toContain(first.body.id);
    // Stored encrypted: the answers are not readable in the database.
    const raw = await l.ctx.db
      .selectFrom('screening')
      .select(['answers', 'result'])
      .where('id', '=', first.body.id)
      .executeTakeFirstOrThrow();
    expect(raw.answers + raw.result).not.toContain('cl.coe');

    const second = await l.call(screener.token, 'POST', `/api/v1/cases/${c.body.id}/screenings`, {
      answers: {},
      location: 'Cửa khẩu Mộc Bài',
      conductedAt: new Date().toISOString(),
    });
    expect(second.body.outcome).toBe('no_indicators_met');
    const list = await l.call(screener.token, 'GET', `/api/v1/cases/${c.body.id}/screenings`);
    expect(list.body.items.map((s: { id: string; supersededBy: string | null }) => [s.id, s.supersededBy])).toEqual([
      [first.body.id, second.body.id],
      [second.body.id, null],
    ]);
    expect((await l.call(outsider.token, 'GET', `/api/v1/cases/${c.body.id}/screenings`)).status).toBe(404);
  });

  it('keeps a draft until it is finalised, then freezes it', async () => {
    const p = await l.call(screener.token, 'POST', '/api/v1/persons', personInput({ estimatedAgeYears: 30 }));
    const c = await l.call(screener.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'border_screening',
    });
    const draft = await l.call(screener.token, 'POST', `/api/v1/cases/${c.body.id}/screenings`, {
      instrument: 'ilo-2009-adult-labour',
      answers: answersOf(worked('AL-04').indicators),
      location: 'Mộc Bài',
      conductedAt: new Date().toISOString(),
      final: false,
    });
    expect(draft.body.status).toBe('draft');
    expect((await l.call(screener.token, 'GET', `/api/v1/cases/${c.body.id}`)).body.status).toBe('received');
    const fin = await l.call(screener.token, 'POST', `/api/v1/screenings/${draft.body.id}/finalise`);
    expect(fin.body.status).toBe('final');
    expect(fin.body.movedToVerification).toBe(true);
    expect((await l.call(screener.token, 'POST', `/api/v1/screenings/${draft.body.id}/finalise`)).status).toBe(409);
  });

  describe('a repatriation event at a border gate', () => {
    let eventId: string;

    beforeAll(async () => {
      const e = await l.call(screener.token, 'POST', '/api/v1/screening/events', {
        borderGate: 'Cửa khẩu Mộc Bài',
        date: '2026-11-20',
        countryFrom: 'KH',
        expectedCount: 6,
        agencies: ['YTE-TN'],
      });
      expect(e.status).toBe(201);
      eventId = e.body.id;
    });

    it('refuses a roster with bad rows, reporting every one, and registers nothing', async () => {
      const r = await l.call(screener.token, 'POST', `/api/v1/screening/events/${eventId}/returnees`, {
        returnees: [
          { name: 'Trần Văn Nam', sex: 'male', estimatedAgeYears: 24, citizenship: 'VN' },
          { name: '', sex: 'male' },
          { name: 'Lê Thị Hoa', sex: 'female', estimatedAgeYears: 250 },
        ],
      });
      expect(r.status).toBe(400);
      expect(r.body.rowErrors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
        [2, 'name'],
        [3, 'estimatedAgeYears'],
      ]);
      expect((await l.call(screener.token, 'GET', `/api/v1/screening/events/${eventId}`)).body.counts.registered).toBe(
        0,
      );
    });

    it('registers a CSV roster with Vietnamese headers and an XLSX roster', async () => {
      const csv =
        'Họ tên,Giới tính,Tuổi,Quốc tịch,Điện thoại\nNguyễn Văn An,Nam,22,VN,0912000001\nPhạm Thị Bích,Nữ,17,VN,\nSok Dara,nam,30,KH,\n';
      const r = await l.call(screener.token, 'POST', `/api/v1/screening/events/${eventId}/roster`, csv, {
        'content-type': 'text/csv',
      });
      expect(r.status).toBe(202);
      expect(r.headers.location).toBe(`/api/v1/jobs/${r.body.job.id}`);
      expect(r.body.rows).toBe(3);
      const csvJob = await waitForJob(l, screener.token, r.body.job.id);
      expect(csvJob.job).toMatchObject({
        state: 'succeeded',
        progress: { done: 3, total: 3 },
        result: { registered: 3 },
      });
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('Roster');
      sheet.addRow(['name', 'sex', 'age', 'citizenship']);
      sheet.addRow(['Đỗ Minh Tuấn', 'male', 19, 'VN']);
      sheet.addRow(['Lò Văn Páo', 'male', '', 'stateless']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const x = await l.app.inject({
        method: 'POST',
        url: `/api/v1/screening/events/${eventId}/roster`,
        headers: {
          authorization: `Bearer ${screener.token}`,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        payload: xlsx,
      });
      expect(x.statusCode).toBe(202);
      expect((await waitForJob(l, screener.token, x.json().job.id)).job.state).toBe('succeeded');
      const board = await l.call(screener.token, 'GET', `/api/v1/screening/events/${eventId}`);
      expect(board.body.counts).toMatchObject({ registered: 5, screened: 0, unscreened: 5 });
      expect(board.body.people.map((p: { name: string }) => p.name)).toEqual([
        'Nguyễn Văn An',
        'Phạm Thị Bích',
        'Sok Dara',
        'Đỗ Minh Tuấn',
        'Lò Văn Páo',
      ]);
      expect(board.body.people[1].isMinor).toBe(true);
      const found = await l.call(screener.token, 'GET', `/api/v1/cases?q=${encodeURIComponent('pham thi bich')}`);
      expect(found.body.items[0].personName).toBe('Phạm Thị Bích');
    });

    it('shows counts by outcome, health flags and referrals needed as returnees are screened', async () => {
      const board = await l.call(screener.token, 'GET', `/api/v1/screening/events/${eventId}`);
      const [an, bich] = board.body.people;
      const fc = worked('FC-11');
      await l.call(screener.token, 'POST', `/api/v1/cases/${an.caseId}/screenings`, {
        answers: answersOf(fc.indicators),
        location: 'Mộc Bài',
        conductedAt: new Date().toISOString(),
        healthAnswers: { serious_injury: 'present' },
      });
      await l.call(screener.token, 'POST', `/api/v1/cases/${bich.caseId}/screenings`, {
        answers: {},
        location: 'Mộc Bài',
        conductedAt: new Date().toISOString(),
      });
      const now = await l.call(screener.token, 'GET', `/api/v1/screening/events/${eventId}`);
      expect(now.body.counts).toMatchObject({
        registered: 5,
        screened: 2,
        unscreened: 3,
        presumed_victim: 1,
        no_indicators_met: 1,
      });
      expect(now.body.healthFlags.medical_urgent).toBe(1);
      expect(now.body.referralsNeeded).toEqual([an.caseId]);
      expect(now.body.unscreened).not.toContain(an.caseId);
      expect((await l.call(screener.token, 'GET', `/api/v1/cases/${an.caseId}`)).body.status).toBe(
        'under_verification',
      );
      expect((await l.call(screener.token, 'GET', `/api/v1/cases/${bich.caseId}`)).body.status).toBe('received');
      expect((await l.call(outsider.token, 'GET', `/api/v1/screening/events/${eventId}`)).status).toBe(404);
    });

    it("lists what is left to screen in the agency's work queue: returnees not yet screened, then unfinished drafts", async () => {
      const toFinish = async (user = screener) => {
        const q = await l.call(user.token, 'GET', '/api/v1/work/queues');
        expect(q.status).toBe(200);
        return q.body.screeningsToFinish as {
          kind: string;
          caseId: string;
          screeningId: string | null;
          eventId: string | null;
        }[];
      };
      const board = (await l.call(screener.token, 'GET', `/api/v1/screening/events/${eventId}`)).body;
      const [an, bich, dara, tuan, pao] = board.people.map((p: { caseId: string }) => p.caseId);
      expect((await toFinish()).filter((i) => i.kind === 'unscreened').map((i) => i.caseId)).toEqual([dara, tuan, pao]);
      expect((await toFinish()).every((i) => ![an, bich].includes(i.caseId))).toBe(true);

      const draft = await l.call(screener.token, 'POST', `/api/v1/cases/${dara}/screenings`, {
        answers: {},
        location: 'Mộc Bài',
        conductedAt: new Date().toISOString(),
        final: false,
      });
      expect(draft.status).toBe(201);
      const withDraft = await toFinish();
      expect(withDraft.filter((i) => i.caseId === dara)).toEqual([
        expect.objectContaining({ kind: 'draft', screeningId: draft.body.id }),
      ]);

      expect((await l.call(screener.token, 'POST', `/api/v1/screenings/${draft.body.id}/finalise`)).status).toBe(200);
      expect((await toFinish()).map((i) => i.caseId)).not.toContain(dara);

      // A draft left behind by a later final screening is not work any more.
      const stale = await l.call(screener.token, 'POST', `/api/v1/cases/${tuan}/screenings`, {
        answers: {},
        location: 'Mộc Bài',
        conductedAt: new Date().toISOString(),
        final: false,
      });
      expect((await toFinish()).filter((i) => i.caseId === tuan).map((i) => i.kind)).toEqual(['draft']);
      expect(
        (
          await l.call(screener.token, 'POST', `/api/v1/cases/${tuan}/screenings`, {
            answers: {},
            location: 'Mộc Bài',
            conductedAt: new Date().toISOString(),
          })
        ).status,
      ).toBe(201);
      expect((await toFinish()).map((i) => i.screeningId)).not.toContain(stale.body.id);
      expect((await toFinish()).map((i) => i.caseId)).not.toContain(tuan);
      expect((await toFinish(outsider)).map((i) => i.caseId)).toEqual([]);
    });
  });
});
