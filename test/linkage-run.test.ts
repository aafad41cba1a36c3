// A full run as a job: restarted after its computation was lost, it starts again under a new run id,
// and nothing half-written is ever visible (the current run switches only when everything is written;
// the abandoned run's rows are cleaned up). A person registered meanwhile is its own cluster at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetComputations } from '../src/linkage/run.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';
import { LAN_A, LAN_B, linkageWorld, OTHERS, register, type LinkageWorld } from './support/linkage.js';

describe.each(databases)('linkage runs on %s', (kind) => {
  let l: TestLantern;
  let w: LinkageWorld;
  beforeAll(async () => {
    l = await startLantern(kind);
    await l.jobs.stop(); // steps are taken by hand
    w = await linkageWorld(l);
  }, 60_000);
  afterAll(() => l.stop());

  const state = async () => ({
    current: (await l.ctx.db.selectFrom('linkage_state').select('current_run').executeTakeFirstOrThrow()).current_run,
    clusters: Number(
      (
        await l.ctx.db
          .selectFrom('person_cluster as c')
          .innerJoin('linkage_state as s', 's.current_run', 'c.run_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });
  const phase = async (jobId: string) =>
    await l.ctx.db
      .selectFrom('linkage_run')
      .select(['id', 'phase', 'state'])
      .where('job_id', '=', jobId)
      .orderBy('started_at', 'desc')
      .executeTakeFirst();

  it('starts again from scratch when the computation was lost, showing nothing half-written', async () => {
    await register(l, w.officerA, LAN_A);
    await register(l, w.officerB, LAN_B);
    for (const p of OTHERS) await register(l, w.officerA, p);
    const before = await state();
    expect(before.clusters).toBe(6); // every person its own cluster before any run
    const started = await l.call(w.steward.token, 'POST', '/api/v1/linkage/runs');
    expect(started.status).toBe(202);
    // a second run while one is under way: 409
    expect((await l.call(w.steward.token, 'POST', '/api/v1/linkage/runs')).status).toBe(409);
    const jobId = started.body.job.id as string;
    // step until the pairs are being written, then lose the computation (a restart)
    for (let i = 0; i < 200; i++) {
      await l.ctx.db
        .updateTable('job')
        .set({ run_after: new Date(0) })
        .where('id', '=', jobId)
        .execute();
      await l.jobs.runStep();
      if ((await phase(jobId))?.phase === 'pairs') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const first = await phase(jobId);
    expect(first?.phase).toBe('pairs');
    expect(await state()).toEqual(before); // nothing visible yet
    forgetComputations();
    // a person registered meanwhile is a cluster at once
    await register(l, w.officerA, { ...OTHERS[0]!, givenName: 'Mới' });
    for (let i = 0; i < 500; i++) {
      await l.ctx.db
        .updateTable('job')
        .set({ run_after: new Date(0) })
        .where('id', '=', jobId)
        .execute();
      await l.jobs.runStep();
      const job = await l.call(w.steward.token, 'GET', `/api/v1/jobs/${jobId}`);
      if (job.body.state === 'succeeded') break;
      expect(job.body.state).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 20));
    }
    const runs = await l.ctx.db.selectFrom('linkage_run').select(['id', 'state']).where('job_id', '=', jobId).execute();
    expect(runs.find((r) => r.id === first!.id)?.state).toBe('abandoned');
    const after = await state();
    expect(runs.find((r) => r.id === after.current)?.state).toBe('complete');
    expect(after.clusters).toBe(7);
    // the abandoned run's rows are gone
    const leftovers = await l.ctx.db
      .selectFrom('candidate_pair')
      .select('id')
      .where('run_id', '<>', after.current)
      .execute();
    expect(leftovers).toEqual([]);
    // the summary's exact counts: stewards only (analysts get controlled statistics, issue 11)
    const summary = await l.call(w.steward.token, 'GET', '/api/v1/linkage/summary');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ records: 7, lastRun: { records: 7, jobId } });
    const analyst = await l.user(w.agencyA, ['analyst']);
    expect((await l.call(analyst.token, 'GET', '/api/v1/linkage/summary')).status).toBe(403);
    expect((await l.call(w.officerA.token, 'GET', '/api/v1/linkage/summary')).status).toBe(403);
  }, 120_000);
});
