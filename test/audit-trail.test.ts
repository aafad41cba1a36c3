// The audit trail: every read and change is an event that commits with it, the
// events form a hash chain, and any alteration, removal or reordering is found.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll, verifyChain } from '../src/access/audit-chain.js';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

describe.each(databases)('audit trail on %s', (kind) => {
  let l: TestLantern;
  let officer: TestUser;

  beforeAll(async () => {
    l = await startLantern(kind);
    officer = await l.user(await l.agency('POLICE-HN'), ['intake_officer', 'investigator']);
  });
  afterAll(async () => {
    await l.stop();
  });

  async function someActivity() {
    const p = await l.call(officer.token, 'POST', '/api/v1/persons', personInput());
    const c = await l.call(officer.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'hotline' });
    await l.call(officer.token, 'GET', `/api/v1/cases/${c.body.id}`);
    await l.call(officer.token, 'POST', `/api/v1/cases/${c.body.id}/transitions`, {
      to: 'under_verification',
      reason: 'hotline report checked',
    });
    return c.body.id as string;
  }

  it('records who did what to which record, with outcome and client address', async () => {
    const caseId = await someActivity();
    const events = await l.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('record_id', '=', caseId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['case.create', 'case.read', 'case.transition']);
    for (const e of events) {
      expect(e.actor_id).toBe(officer.id);
      expect(e.actor_agency_id).toBe(officer.agencyId);
      expect(e.outcome).toBe('success');
      expect(e.client_ip).toBe('127.0.0.1');
    }
    expect(events[2]!.details).toBeNull(); // the statuses are facts about the person: they stay in the case history
  });

  it('commits a change and its audit event together: a failed write leaves neither', async () => {
    const before = await l.ctx.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'person.create')
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE identity_document ADD CONSTRAINT fail_for_test CHECK (type <> 'passport')`.execute(l.ctx.db);
    try {
      const r = await l.call(
        officer.token,
        'POST',
        '/api/v1/persons',
        personInput({ identityDocuments: [{ type: 'passport', number: 'C1234567' }] }),
      );
      expect(r.status).toBe(500);
      expect(r.body.detail).not.toContain('fail_for_test'); // no internals leak to the client
    } finally {
      await sql`ALTER TABLE identity_document DROP CONSTRAINT fail_for_test`.execute(l.ctx.db);
    }
    const after = await l.ctx.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'person.create')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const persons = await l.ctx.db
      .selectFrom('person')
      .select('id')
      .where('id', 'not in', sql<string>`(SELECT record_id FROM audit_event WHERE action = 'person.create')`)
      .execute();
    expect(persons).toEqual([]);
  });

  it('seals events into a chain that verifies', async () => {
    await someActivity();
    await sealAll(l.ctx.db, l.ctx.keys.auditKey, true);
    const verdict = await verifyChain(l.ctx.db, l.ctx.keys.auditKey);
    expect(verdict.ok).toBe(true);
    expect(verdict.unsealed).toBe(0);
    const total = await l.ctx.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(verdict.checked).toBe(Number(total.n));
  });

  it('refuses to update or delete audit events through the application role', async () => {
    await sealAll(l.ctx.db, l.ctx.keys.auditKey, true);
    await expect(sql`UPDATE audit_event SET outcome = 'denied' WHERE seq = 1`.execute(l.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_event WHERE seq = 1`.execute(l.ctx.db)).rejects.toThrow(/cannot be deleted/);
  });

  describe('detects tampering by someone who bypasses the guard', () => {
    async function tamper(...statements: string[]) {
      await sealAll(l.ctx.db, l.ctx.keys.auditKey, true);
      await sql.raw('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only').execute(l.ctx.db);
      try {
        for (const statement of statements) await sql.raw(statement).execute(l.ctx.db);
      } finally {
        await sql.raw('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only').execute(l.ctx.db);
      }
      return verifyChain(l.ctx.db, l.ctx.keys.auditKey);
    }

    // Each case tampers with a fresh copy: the trail is restored after each check.
    async function withSnapshot(run: () => Promise<void>) {
      await sealAll(l.ctx.db, l.ctx.keys.auditKey, true);
      await sql.raw('CREATE TABLE audit_backup AS SELECT * FROM audit_event').execute(l.ctx.db);
      await sql.raw('CREATE TABLE head_backup AS SELECT * FROM audit_chain_head').execute(l.ctx.db);
      try {
        await run();
      } finally {
        await sql.raw('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only').execute(l.ctx.db);
        await sql.raw('DELETE FROM audit_event').execute(l.ctx.db);
        await sql.raw('INSERT INTO audit_event OVERRIDING SYSTEM VALUE SELECT * FROM audit_backup').execute(l.ctx.db);
        await sql.raw('UPDATE audit_chain_head h SET seq = b.seq, hash = b.hash FROM head_backup b').execute(l.ctx.db);
        await sql.raw('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only').execute(l.ctx.db);
        await sql.raw('DROP TABLE audit_backup').execute(l.ctx.db);
        await sql.raw('DROP TABLE head_backup').execute(l.ctx.db);
      }
      expect((await verifyChain(l.ctx.db, l.ctx.keys.auditKey)).ok).toBe(true);
    }

    it('an altered event', () =>
      withSnapshot(async () => {
        const verdict = await tamper("UPDATE audit_event SET outcome = 'denied' WHERE seq = 3");
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.seq).toBe(3);
        expect(verdict.checked).toBe(2);
      }));

    it('a removed event', () =>
      withSnapshot(async () => {
        const verdict = await tamper('DELETE FROM audit_event WHERE seq = 4');
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.seq).toBe(4);
        expect(verdict.firstBad?.problem).toMatch(/missing/);
      }));

    it('two events swapped', () =>
      withSnapshot(async () => {
        const verdict = await tamper(
          'UPDATE audit_event SET seq = -seq WHERE seq IN (2, 5)',
          'UPDATE audit_event SET seq = CASE WHEN seq = -2 THEN 5 ELSE 2 END WHERE seq IN (-2, -5)',
        );
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.seq).toBe(2);
      }));

    it('the newest events cut off', () =>
      withSnapshot(async () => {
        const verdict = await tamper('DELETE FROM audit_event WHERE seq >= (SELECT max(seq) - 1 FROM audit_event)');
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.problem).toMatch(/removed from the end/);
      }));

    it('a forged hash without the key', () =>
      withSnapshot(async () => {
        const verdict = await tamper(
          "UPDATE audit_event SET action = 'case.create', hash = encode(sha256(convert_to(hash, 'UTF8')), 'hex') WHERE seq = 6",
        );
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.seq).toBe(6);
      }));
  });
});
