// Read replicas (issue 15), on a PostgreSQL primary and a streaming replica of it (.ci/run starts both; skipped
// without TEST_DATABASE_REPLICA_URL). With the replica's replay paused, statistics come from the replica and do
// not see what was written since, while the people who wrote read their own changes at once (from the primary);
// once replay resumes the statistics catch up. Operators see the lag in /health. A replica too far behind, or
// gone, leaves reads on the primary and the app answers as before. Audit events are written to the primary.
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import postgres from 'postgres';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportHtcds } from '../src/statistics/htcds.js';
import { personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';
import { waitForJob } from './support/jobs.js';
import { fullRun } from './support/linkage.js';
import { seedActor, seedGroup } from './support/statistics-seed.js';
import { freePort } from './support/server-process.js';

const primaryUrl = process.env.TEST_DATABASE_URL;
const replicaUrl = process.env.TEST_DATABASE_REPLICA_URL;
const replicated = primaryUrl && replicaUrl ? describe : describe.skip;

const WINDOW = 'from=2026-01-01&to=2026-06-30';
const DAY = '2026-03-05T03:00:00Z';

replicated('read replica', () => {
  let primary: postgres.Sql;
  let replica: postgres.Sql;

  beforeAll(() => {
    primary = postgres(primaryUrl!, { max: 1, onnotice: () => {} });
    replica = postgres(replicaUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await primary.end();
    await replica.end();
  });
  // Every test leaves the replica replaying, whatever happened in it.
  afterEach(async () => {
    await replica`SELECT pg_wal_replay_resume()`;
  });

  const pauseReplay = async () => {
    await replica`SELECT pg_wal_replay_pause()`;
    for (let i = 0; i < 200; i++) {
      const [row] = await replica`SELECT pg_get_wal_replay_pause_state() AS state`;
      if (row!.state === 'paused') return;
      await sleep(10);
    }
    throw new Error('the replica did not pause');
  };
  /** Waits until the replica has replayed everything the primary has written so far. */
  const caughtUp = async () => {
    const [{ lsn }] = (await primary`SELECT pg_current_wal_lsn()::text AS lsn`) as unknown as [{ lsn: string }];
    for (let i = 0; i < 1000; i++) {
      const [row] = await replica`SELECT pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS done`;
      if (row!.done) return;
      await sleep(10);
    }
    throw new Error('the replica did not catch up');
  };
  /** Polls `probe` until `done` holds of its answer (10 s at most); returns the last answer. */
  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    let value = await probe();
    for (let i = 0; i < 200 && !done(value); i++) {
      await sleep(50);
      value = await probe();
    }
    return value;
  };
  /** What a browser sends back: the cookies a response set (name=value). */
  const cookiesOf = (headers: Record<string, unknown>) => {
    const set = headers['set-cookie'];
    return ([] as string[])
      .concat((set as string | string[] | undefined) ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
  };

  interface Setup {
    l: TestLantern;
    officer: TestUser;
    analyst: TestUser;
    colleague: TestUser;
  }

  /** A Lantern with `cases` cases registered on DAY and the figures computed, the replica caught up. */
  async function setUp(options: Parameters<typeof startLantern>[1], cases: number): Promise<Setup> {
    const l = await startLantern('postgres', {
      ...options,
      config: { jobPollMs: 20, minCell: 3, ...options?.config },
    });
    const police = await l.agency('CA-HN', 'police');
    const ministry = await l.agency('NDU', 'ministry');
    const officer = await l.user(police, ['intake_officer']);
    const analyst = await l.user(ministry, ['analyst']);
    const colleague = await l.user(ministry, ['analyst']);
    const s = { l, officer, analyst, colleague };
    for (let i = 0; i < cases; i++) await registerCase(s, `Before${i}`);
    await refresh(s, analyst.token);
    return s;
  }

  /** The officer registers a person and a case through the API; returns the case and the cookies set. */
  async function registerCase({ l, officer }: Setup, givenName: string) {
    const p = await l.call(officer.token, 'POST', '/api/v1/persons', personInput({ givenName }));
    expect(p.status).toBe(201);
    const c = await l.call(officer.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'walk_in' });
    expect(c.status).toBe(201);
    await sql`UPDATE case_file SET created_at = ${DAY}::timestamptz WHERE id = ${c.body.id}`.execute(l.ctx.db);
    return { id: c.body.id as string, reference: c.body.reference as string, cookie: cookiesOf(c.headers) };
  }

  async function refresh({ l }: Setup, token: string) {
    const r = await l.call(token, 'POST', '/api/v1/statistics/refresh');
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(l, token, r.body.job.id)).job.state).toBe('succeeded');
    return cookiesOf(r.headers);
  }

  const registered = async ({ l }: Setup, token: string, cookie?: string) => {
    const r = await l.call(
      token,
      'GET',
      `/api/v1/statistics/tables?indicator=cases_registered&columns=month&${WINDOW}`,
      undefined,
      cookie ? { cookie } : {},
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { total: r.body.total.value as number | null, asOf: r.body.asOf as string };
  };
  const health = async ({ l }: Setup) => (await l.call(null, 'GET', '/api/v1/health')).body;

  it("reads statistics from the replica while each user's own writes read back from the primary", async () => {
    const s = await setUp({ replicaServer: replicaUrl! }, 4);
    const { l, officer, analyst, colleague } = s;
    try {
      await until(
        () => health(s),
        (h) => h.replica?.state === 'streaming',
      );
      await caughtUp();
      const before = await registered(s, colleague.token);
      expect(before.total).toBe(4);

      await pauseReplay();
      // The officer registers a fifth case: they open it, and find it in their case list's export, at once.
      const fifth = await registerCase(s, 'After');
      expect(fifth.cookie).toMatch(/lantern_written=\d+\/[0-9A-F]+/i);
      const read = await l.call(officer.token, 'GET', `/api/v1/cases/${fifth.id}`, undefined, {
        cookie: fifth.cookie,
      });
      expect(read.status).toBe(200);
      expect(read.body.reference).toBe(fifth.reference);
      const exported = await l.call(officer.token, 'GET', '/api/v1/cases/export?format=csv', undefined, {
        cookie: fifth.cookie,
      });
      expect(exported.status).toBe(200);
      expect(String(exported.body)).toContain(fifth.reference);

      // The analyst who refreshed the figures sees the new figures (their refresh is their write)...
      const refreshed = await refresh(s, analyst.token);
      const theirs = await registered(s, analyst.token, refreshed);
      expect(theirs.total).toBe(5);
      // ...while a colleague, who wrote nothing, is answered from the replica: the figures as they were.
      const colleagues = await registered(s, colleague.token);
      expect(colleagues.total).toBe(4);
      expect(colleagues.asOf).toBe(before.asOf);
      expect(new Date(theirs.asOf).getTime()).toBeGreaterThan(new Date(before.asOf).getTime());
      // The same refresh state on the status page: their own queued refresh is never "gone".
      const status = await l.call(analyst.token, 'GET', '/api/v1/statistics/status', undefined, {
        cookie: refreshed,
      });
      expect(status.body.asOf).toBe(theirs.asOf);

      // Operators see the replica falling behind while its replay is paused.
      const paused = await until(
        () => health(s),
        (h) => h.replica?.lagMs > 0 && h.replica?.lagBytes > 0,
      );
      expect(paused.status).toBe('ok');
      expect(paused.replica).toMatchObject({ state: 'streaming' });
      expect(paused.replica.lagMs).toBeGreaterThan(0);
      expect(paused.replica.lagBytes).toBeGreaterThan(0);

      // Reads from the replica were audited on the primary (a replica takes no writes).
      const audited = await until(
        () =>
          l.ctx.db
            .selectFrom('audit_event')
            .select(['action', 'actor_id'])
            .where('action', 'in', ['statistics.table', 'case.export'])
            .execute(),
        (rows) => rows.some((r) => r.action === 'case.export'), // written as the file ends
      );
      expect(audited).toContainEqual({ action: 'statistics.table', actor_id: colleague.id });
      expect(audited).toContainEqual({ action: 'case.export', actor_id: officer.id });

      // Replay resumes: the colleague's figures catch up, and the lag is gone.
      await replica`SELECT pg_wal_replay_resume()`;
      // (the replica catches up step by step: a refresh queued by the new case may land before the analyst's)
      const after = await until(
        () => registered(s, colleague.token),
        (r) => r.total === 5 && r.asOf === theirs.asOf,
      );
      expect(after.total).toBe(5);
      expect(after.asOf).toBe(theirs.asOf);
      const resumed = await until(
        () => health(s),
        (h) => h.replica?.lagBytes === 0,
      );
      expect(resumed.replica).toEqual({ state: 'streaming', lagMs: 0, lagBytes: 0 });
    } finally {
      await l.stop();
    }
  }, 120_000);

  it('exports HTCDS and runs linkage from a replica only when it holds everything committed before', async () => {
    const s = await setUp({ replicaServer: replicaUrl! }, 0);
    const { l, officer } = s;
    const htcds = async () => {
      const out = new Writable({ write: (_chunk, _encoding, done) => done() });
      return exportHtcds(l.ctx, null, { k: 3, out });
    };
    try {
      const steward = await l.user(await l.agency('NDU-DATA', 'ministry'), ['data_steward']);
      const actor = seedActor(officer.id, officer.agencyId);
      await seedGroup(l.ctx, actor, { n: 6, age: 20 });
      await until(
        () => health(s),
        (h) => h.replica?.state === 'streaming',
      );
      await caughtUp();
      // Caught up: such work reads from the replica (a read-only snapshot and a cursor work on a standby).
      expect(await l.ctx.reads.fresh()).not.toBe(l.ctx.db);
      expect((await htcds()).rows).toBe(6);
      await fullRun(l, steward);

      // Replay paused: a person consented a moment ago is in the next export all the same (read from the
      // primary, the replica lacking them), and a linkage run still completes.
      await pauseReplay();
      await seedGroup(l.ctx, actor, { n: 1, age: 20 });
      expect(await l.ctx.reads.fresh()).toBe(l.ctx.db);
      expect((await htcds()).rows).toBe(7);
      await fullRun(l, steward);
      const exports = await l.ctx.db
        .selectFrom('audit_event')
        .select('action')
        .where('action', '=', 'statistics.export_htcds')
        .execute();
      expect(exports).toHaveLength(2); // audited on the primary
    } finally {
      await l.stop();
    }
  }, 120_000);

  it('leaves a replica that lags beyond LANTERN_REPLICA_MAX_LAG_MS: reads go to the primary', async () => {
    const s = await setUp({ replicaServer: replicaUrl!, config: { replicaMaxLagMs: 300 } }, 3);
    try {
      await until(
        () => health(s),
        (h) => h.replica?.state === 'streaming',
      );
      await caughtUp();
      expect((await registered(s, s.colleague.token)).total).toBe(3);
      await pauseReplay();
      await registerCase(s, 'Late');
      await refresh(s, s.analyst.token);
      const lagging = await until(
        () => health(s),
        (h) => h.replica?.state === 'lagging',
      );
      expect(lagging.replica.state).toBe('lagging');
      expect(lagging.replica.lagMs).toBeGreaterThan(300);
      // the colleague wrote nothing, yet is answered from the primary: the replica is too far behind
      expect((await registered(s, s.colleague.token)).total).toBe(4);
    } finally {
      await s.l.stop();
    }
  }, 120_000);

  it('answers from the primary when the replica cannot be reached, and says so once in the log', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    const s = await setUp({ replicaServer: nowhere, logStream }, 3);
    try {
      const h = await health(s);
      expect(h).toEqual({ status: 'ok', replica: { state: 'down', lagMs: null, lagBytes: null } });
      const fourth = await registerCase(s, 'Fourth');
      await refresh(s, s.analyst.token);
      expect((await registered(s, s.colleague.token)).total).toBe(4);
      const exported = await s.l.call(s.officer.token, 'GET', '/api/v1/cases/export?format=csv');
      expect(exported.status).toBe(200);
      expect(String(exported.body)).toContain(fourth.reference);
      await sleep(600); // a few more polls of the monitor: still said only once
      const said = lines.filter((line) => line.includes('read replica'));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain('unreachable');
      expect(said[0]).not.toContain('127.0.0.1'); // no address (nor anything else of the URL) in the log
    } finally {
      await s.l.stop();
    }
  }, 120_000);
});
