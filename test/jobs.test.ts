// Background jobs across restarts and failures: a roster job stopped after one
// chunk is finished by the next start on the same database without registering a
// row twice; a step that throws is rolled back whole and retried; a job whose
// user lost the right to do it stops, keeping what was done and nothing personal.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildLantern, type Lantern } from '../src/app.js';
import { createAgency, createUser } from '../src/access/directory.js';
import { openPglite, openPostgres } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { deleteJobItems, enqueueJob, findJob, JobFailure, MAX_ATTEMPTS, nextJobItems } from '../src/platform/jobs.js';
import { databases, freshDatabase, startLantern, testConfig } from './support/harness.js';
import { waitForJob } from './support/jobs.js';

const HEADER = 'Họ tên,Giới tính,Tuổi,Quốc tịch,Điện thoại';
const roster = (n: number) =>
  `${HEADER}\n${Array.from({ length: n }, (_, i) => `Sùng Thị Số${i + 1},Nữ,${20 + (i % 30)},VN,09${20000000 + i}`).join('\n')}\n`;

/** JSON calls on a Lantern built by hand (the harness's `call`, without its database). */
const caller = (lantern: Lantern) => ({
  async call(token: string | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const r = await lantern.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return { status: r.statusCode, headers: r.headers, body: r.body ? JSON.parse(r.body) : null };
  },
});

describe.each(databases)('background jobs on %s', (kind) => {
  it('finishes a roster job interrupted after one chunk when Lantern starts again, registering no row twice', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-jobs-'));
    const fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    await fresh?.database.close();
    const config = testConfig({
      dataDir,
      databaseUrl: fresh?.url,
      masterKey: crypto.randomBytes(32).toString('base64'),
    });
    const open = () => (kind === 'postgres' ? openPostgres(fresh!.url!, 3) : openPglite(dataDir));
    const logger = createLogger('silent');
    try {
      // First run: the job is accepted and one chunk of 50 is registered, then the server stops.
      const first = await buildLantern(config, { database: await open(), logger, runJobs: false });
      let token: string;
      let eventId: string;
      let jobId: string;
      try {
        const agency = await createAgency(first.ctx.db, { code: 'BDBP-HG', name: 'Biên phòng', kind: 'border_guard' });
        await createUser(first.ctx.db, {
          email: 'screener@test.invalid',
          displayName: 'Screener',
          agencyId: agency.id,
          roles: ['intake_officer'],
          password: 'a long test password',
        });
        const api = caller(first);
        token = (
          await api.call(null, 'POST', '/api/v1/auth/login', {
            email: 'screener@test.invalid',
            password: 'a long test password',
          })
        ).body.token;
        eventId = (
          await api.call(token, 'POST', '/api/v1/screening/events', {
            borderGate: 'Cửa khẩu Thanh Thủy',
            date: '2026-11-22',
            countryFrom: 'CN',
          })
        ).body.id;
        const r = await api.call(token, 'POST', `/api/v1/screening/events/${eventId}/roster`, roster(150), {
          'content-type': 'text/csv',
        });
        expect(r.status).toBe(202);
        jobId = r.body.job.id;
        expect(await first.jobs.runStep()).toBe(true);
        const after = (await api.call(token, 'GET', `/api/v1/jobs/${jobId}`)).body;
        expect(after).toMatchObject({ state: 'running', progress: { done: 50, total: 150 } });
      } finally {
        await first.close();
      }

      // Second run on the same database: the runner resumes the job on its own.
      const second = await buildLantern(config, { database: await open(), logger });
      try {
        const api = caller(second);
        const { job } = await waitForJob(api, token, jobId);
        expect(job).toMatchObject({ state: 'succeeded', progress: { done: 150, total: 150 } });
        const rows = await second.ctx.db
          .selectFrom('screening_event_case as ec')
          .innerJoin('case_file as c', 'c.id', 'ec.case_id')
          .innerJoin('person as p', 'p.id', 'c.person_id')
          .select(['ec.row_number', 'p.given_name'])
          .where('ec.event_id', '=', eventId)
          .orderBy('ec.row_number')
          .execute();
        expect(rows.map((r) => r.row_number)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
        expect(rows.map((r) => r.given_name)).toEqual(Array.from({ length: 150 }, (_, i) => `Số${i + 1}`));
        const persons = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(second.ctx.db);
        expect(persons.rows[0]!.n).toBe(150);
        expect(await second.ctx.db.selectFrom('job_item').select('seq').execute()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    }
  });

  it('rolls a failed step back whole and retries it; fails the job cleanly when the error persists or is final', async () => {
    const l = await startLantern(kind);
    try {
      await l.jobs.stop(); // steps are taken by hand here
      const agency = await l.agency('LAB');
      const user = await l.user(agency, ['intake_officer']);
      let throwNext = true;
      l.jobs.register({
        kind: 'test.flaky',
        async step(trx, job) {
          const [item] = await nextJobItems(trx, l.ctx.keys, job.id, 1);
          if (item) await deleteJobItems(trx, job.id, [item.seq]);
          if (throwNext) throw new Error('the database went away');
          return { done: job.done + 1, finished: job.done + 1 === job.total, result: { ok: true } };
        },
      });
      l.jobs.register({
        kind: 'test.refused',
        async step() {
          throw new JobFailure('forbidden', 'No longer allowed.');
        },
      });
      const owner = { createdBy: user.id, agencyId: agency, clientIp: null, params: {} };
      const flaky = await enqueueJob(l.ctx.db, l.ctx.keys, {
        ...owner,
        kind: 'test.flaky',
        total: 2,
        items: ['a', 'b'],
      });
      const items = () => l.ctx.db.selectFrom('job_item').select('seq').where('job_id', '=', flaky.id).execute();
      const retryNow = () => sql`UPDATE job SET run_after = now()`.execute(l.ctx.db);

      expect(await l.jobs.runStep()).toBe(true);
      expect(await items()).toHaveLength(2); // the item deleted by the failed step is back
      expect(await findJob(l.ctx.db, flaky.id)).toMatchObject({ state: 'queued', attempts: 1, error: null });
      expect(await l.jobs.runStep()).toBe(false); // it waits before the retry
      await retryNow();
      throwNext = false;
      expect(await l.jobs.runStep()).toBe(true);
      expect(await l.jobs.runStep()).toBe(true);
      expect(await findJob(l.ctx.db, flaky.id)).toMatchObject({ state: 'succeeded', done: 2, result: { ok: true } });
      expect(await items()).toEqual([]);

      const stubborn = await enqueueJob(l.ctx.db, l.ctx.keys, { ...owner, kind: 'test.flaky', total: 1, items: ['x'] });
      throwNext = true;
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        await retryNow();
        expect(await l.jobs.runStep()).toBe(true);
      }
      expect(await findJob(l.ctx.db, stubborn.id)).toMatchObject({
        state: 'failed',
        error: { code: 'internal' },
        attempts: MAX_ATTEMPTS,
      });
      expect(await l.ctx.db.selectFrom('job_item').select('seq').where('job_id', '=', stubborn.id).execute()).toEqual(
        [],
      );

      const refused = await enqueueJob(l.ctx.db, l.ctx.keys, {
        ...owner,
        kind: 'test.refused',
        total: 1,
        items: ['y'],
      });
      expect(await l.jobs.runStep()).toBe(true);
      expect(await findJob(l.ctx.db, refused.id)).toMatchObject({
        state: 'failed',
        attempts: 1,
        error: { code: 'forbidden', message: 'No longer allowed.' },
      });
      const seen = await l.call(user.token, 'GET', `/api/v1/jobs/${refused.id}`);
      expect(seen.body).toMatchObject({ state: 'failed', error: { code: 'forbidden' } });
      expect(seen.body.finishedAt).not.toBeNull();
    } finally {
      await l.stop();
    }
  });

  it('stops a roster job when its user is disabled, keeping the chunks done and deleting the rows left', async () => {
    const l = await startLantern(kind);
    try {
      await l.jobs.stop();
      const gate = await l.agency('BDBP-QN', 'border_guard');
      const screener = await l.user(gate, ['intake_officer']);
      const eventId = (
        await l.call(screener.token, 'POST', '/api/v1/screening/events', {
          borderGate: 'Cửa khẩu Móng Cái',
          date: '2026-11-23',
          countryFrom: 'CN',
        })
      ).body.id;
      const r = await l.call(screener.token, 'POST', `/api/v1/screening/events/${eventId}/roster`, roster(120), {
        'content-type': 'text/csv',
      });
      expect(r.status).toBe(202);
      expect(await l.jobs.runStep()).toBe(true);
      await l.ctx.db.updateTable('app_user').set({ disabled: true }).where('id', '=', screener.id).execute();
      expect(await l.jobs.runStep()).toBe(true);
      const job = await findJob(l.ctx.db, r.body.job.id);
      expect(job).toMatchObject({ state: 'failed', done: 50, error: { code: 'forbidden' } });
      expect(job!.error!.message).not.toContain('Sùng');
      expect(await l.ctx.db.selectFrom('job_item').select('seq').where('job_id', '=', job!.id).execute()).toEqual([]);
      const registered = await l.ctx.db
        .selectFrom('screening_event_case')
        .select('case_id')
        .where('event_id', '=', eventId)
        .execute();
      expect(registered).toHaveLength(50);
    } finally {
      await l.stop();
    }
  });
});
