// The audit trail: every read and change is an event that commits with it, the
// events form a hash chain under an authenticated head, events not written by
// Lantern are found, and anchors kept outside the database catch a trail that was
// cut back or wiped. Tampering is done as a database superuser would: with
// Lantern's guard triggers switched off.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditChainHeadError,
  GENESIS_HASH,
  legacyEventHash,
  parseAnchor,
  sealAll,
  takeAnchor,
  verifyChain,
} from '../src/access/audit-chain.js';
import { buildLantern } from '../src/app.js';
import { openPglite, openPostgres, type Database } from '../src/platform/database.js';
import type { DB } from '../src/platform/db-schema.js';
import { createLogger } from '../src/platform/logger.js';
import { MIGRATIONS_DIR, migrate } from '../src/platform/migrate.js';
import {
  databases,
  freshDatabase,
  personInput,
  startLantern,
  testConfig,
  type DatabaseKind,
  type TestLantern,
  type TestUser,
} from './support/harness.js';

/** Runs statements in one transaction with the audit tables' guard triggers off (head locked first, as the sealer does). */
async function asSuperuser(db: Kysely<DB>, ...statements: string[]) {
  await db.transaction().execute(async (trx) => {
    await sql.raw('LOCK TABLE audit_chain_head, audit_event IN ACCESS EXCLUSIVE MODE').execute(trx);
    await sql.raw('ALTER TABLE audit_chain_head DISABLE TRIGGER USER').execute(trx);
    await sql.raw('ALTER TABLE audit_event DISABLE TRIGGER USER').execute(trx);
    for (const statement of statements) await sql.raw(statement).execute(trx);
    await sql.raw('ALTER TABLE audit_event ENABLE TRIGGER USER').execute(trx);
    await sql.raw('ALTER TABLE audit_chain_head ENABLE TRIGGER USER').execute(trx);
  });
}

/** Cut the newest `n` sealed events and make the head point at the new last one, keeping its MAC. */
const cutTailAndRewriteHead = (n: number) => [
  `DELETE FROM audit_event WHERE seq > (SELECT seq - ${n} FROM audit_chain_head) OR seq IS NULL`,
  `UPDATE audit_chain_head SET seq = seq - ${n},
     hash = (SELECT hash FROM audit_event WHERE seq = (SELECT seq - ${n} FROM audit_chain_head))`,
];

const WIPE_TO_GENESIS = [
  'TRUNCATE audit_event',
  `UPDATE audit_chain_head SET seq = 0, hash = repeat('0', 64), sealed_at = NULL, mac = NULL,
     legacy_seq = 0, legacy_until_id = NULL`,
];

describe.each(databases)('audit trail on %s', (kind) => {
  let l: TestLantern;
  let officer: TestUser;
  let db: Kysely<DB>;
  let key: Buffer;

  beforeAll(async () => {
    l = await startLantern(kind);
    db = l.ctx.db;
    key = l.ctx.keys.auditKey;
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

  const headSeq = async () =>
    Number((await db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow()).seq);

  // Each tampering test works on a copy: the trail is put back exactly afterwards.
  async function withSnapshot(run: () => Promise<void>) {
    await sealAll(db, key, true);
    await sql.raw('CREATE TABLE audit_backup AS SELECT * FROM audit_event').execute(db);
    await sql.raw('CREATE TABLE head_backup AS SELECT * FROM audit_chain_head').execute(db);
    try {
      await run();
    } finally {
      await asSuperuser(
        db,
        'DELETE FROM audit_event',
        'INSERT INTO audit_event OVERRIDING SYSTEM VALUE SELECT * FROM audit_backup',
        'DELETE FROM audit_chain_head',
        'INSERT INTO audit_chain_head SELECT * FROM head_backup',
        'DROP TABLE audit_backup',
        'DROP TABLE head_backup',
      );
    }
    expect((await verifyChain(db, key)).ok).toBe(true);
  }

  it('records who did what to which record, with outcome and client address', async () => {
    const caseId = await someActivity();
    const events = await db
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

  it('audits a page of a list as one event naming every case it showed, found from each of them', async () => {
    const opened = [await someActivity(), await someActivity()];
    const list = await l.call(officer.token, 'GET', '/api/v1/cases?limit=100');
    expect(list.status).toBe(200);
    const shown = list.body.items.map((c: { id: string }) => c.id);
    expect(shown).toEqual(expect.arrayContaining(opened));
    const page = await db
      .selectFrom('audit_event')
      .select(['id', 'record_type', 'record_id', 'record_ids', 'actor_id', 'outcome'])
      .where('action', '=', 'case.list_read')
      .where('actor_id', '=', officer.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(page).toMatchObject({ record_type: 'case', record_id: null, outcome: 'success', record_ids: shown });
    await sealAll(db, key, true);
    const sealed = await db
      .selectFrom('audit_event')
      .select('origin')
      .where('id', '=', page.id)
      .executeTakeFirstOrThrow();
    expect(sealed.origin).toBe('lantern');
    expect((await verifyChain(db, key)).ok).toBe(true);

    // Each case's access log shows the read of the page, and so does the auditor's search by record.
    const auditor = await l.user(await l.agency('MOLISA-LIST', 'ministry'), ['auditor']);
    for (const caseId of opened) {
      const log = await l.call(auditor.token, 'GET', `/api/v1/cases/${caseId}/access-log`);
      expect(log.status).toBe(200);
      expect(log.body.items).toContainEqual(expect.objectContaining({ action: 'case.list_read', actorId: officer.id }));
      const found = await l.call(auditor.token, 'GET', `/api/v1/audit?recordId=${caseId}&action=case.list_read`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((e: { id: number }) => e.id)).toContain(Number(page.id));
      expect(found.body.items.every((e: { recordIds: string[] }) => e.recordIds.includes(caseId))).toBe(true);
    }
    // A case the page did not show is not in it.
    const other = await l.user(await l.agency('BORDER-LIST', 'border_guard'), ['intake_officer']);
    const p = await l.call(other.token, 'POST', '/api/v1/persons', personInput());
    const unseen = await l.call(other.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'hotline' });
    const none = await l.call(auditor.token, 'GET', `/api/v1/audit?recordId=${unseen.body.id}&action=case.list_read`);
    expect(none.body.items.map((e: { id: number }) => e.id)).not.toContain(Number(page.id));
  });

  it('commits a change and its audit event together: a failed write leaves neither', async () => {
    const before = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'person.create')
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE identity_document ADD CONSTRAINT fail_for_test CHECK (type <> 'passport')`.execute(db);
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
      await sql`ALTER TABLE identity_document DROP CONSTRAINT fail_for_test`.execute(db);
    }
    const after = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'person.create')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const persons = await db
      .selectFrom('person')
      .select('id')
      .where('id', 'not in', sql<string>`(SELECT record_id FROM audit_event WHERE action = 'person.create')`)
      .execute();
    expect(persons).toEqual([]);
  });

  it('seals events written by Lantern into a chain that verifies, each marked as written by Lantern', async () => {
    await someActivity();
    await sealAll(db, key, true);
    const verdict = await verifyChain(db, key);
    expect(verdict.ok).toBe(true);
    expect(verdict.unsealed).toBe(0);
    expect(verdict.forgedCount).toBe(0);
    const total = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(verdict.checked).toBe(Number(total.n));
    const origins = await db.selectFrom('audit_event').select('origin').distinct().execute();
    expect(origins.map((o) => o.origin)).toEqual(['lantern']);
    const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
    expect(head.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(verdict.head.sealedAt).toEqual(head.sealed_at);
  });

  it('refuses to update, delete or truncate audit events through the application role', async () => {
    await sealAll(db, key, true);
    await expect(sql`UPDATE audit_event SET outcome = 'denied' WHERE seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_event WHERE seq = 1`.execute(db)).rejects.toThrow(/cannot be deleted/);
    await withSnapshot(async () => {
      await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/cannot be truncated/);
      await expect(sql`TRUNCATE audit_chain_head`.execute(db)).rejects.toThrow(/cannot be truncated/);
      await expect(sql`DELETE FROM audit_chain_head`.execute(db)).rejects.toThrow(/cannot be deleted/);
      await expect(sql`UPDATE audit_chain_head SET seq = seq - 1`.execute(db)).rejects.toThrow(/never moves back/);
      await expect(
        sql`INSERT INTO audit_event (action, outcome, seq, hash) VALUES ('case.read', 'success', 999999, 'x')`.execute(
          db,
        ),
      ).rejects.toThrow(/never inserted sealed/);
      expect(await headSeq()).toBeGreaterThan(0);
    });
  });

  it('refuses changing what an unsealed event says, or its id, in any row of a statement', async () => {
    for (const change of [
      sql`action = 'case.list'`,
      sql`id = DEFAULT`,
      sql`details = '{"x":1}'::jsonb`,
      sql`record_id = gen_random_uuid()`, // from nothing to something
      sql`record_ids = ARRAY[gen_random_uuid()]`,
    ]) {
      await expect(
        db.transaction().execute(async (trx) => {
          const inserted = await sql<{ id: number }>`INSERT INTO audit_event (action, outcome)
            VALUES ('case.read', 'success'), ('case.read', 'success') RETURNING id`.execute(trx);
          const last = inserted.rows[1]!.id;
          await sql`UPDATE audit_event SET ${change} WHERE id = ${last}`.execute(trx);
        }),
      ).rejects.toThrow(/append-only/);
    }
  });

  describe('detects tampering by someone who bypasses the guard', () => {
    async function tamper(...statements: string[]) {
      await sealAll(db, key, true);
      await asSuperuser(db, ...statements);
      return verifyChain(db, key);
    }

    it('an altered event', () =>
      withSnapshot(async () => {
        const verdict = await tamper("UPDATE audit_event SET outcome = 'denied' WHERE seq = 3");
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.seq).toBe(3);
        expect(verdict.checked).toBe(2);
      }));

    it("a case taken out of a sealed page's list of records", () =>
      withSnapshot(async () => {
        await someActivity();
        await someActivity();
        expect((await l.call(officer.token, 'GET', '/api/v1/cases?limit=100')).status).toBe(200);
        await sealAll(db, key, true);
        const page = await db
          .selectFrom('audit_event')
          .select(['seq', 'record_ids'])
          .where('action', '=', 'case.list_read')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        expect(page.record_ids!.length).toBeGreaterThan(1);
        const verdict = await tamper(`UPDATE audit_event SET record_ids = record_ids[2:] WHERE seq = ${page.seq}`);
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.seq).toBe(Number(page.seq));
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

    it('the newest events cut off and the head rewritten to match them', () =>
      withSnapshot(async () => {
        await someActivity();
        await sealAll(db, key, true);
        const before = await headSeq();
        const verdict = await tamper(...cutTailAndRewriteHead(3));
        expect(verdict.ok).toBe(false);
        expect(verdict.checked).toBe(before - 3);
        expect(verdict.firstBad?.problem).toMatch(
          new RegExp(`chain head \\(event ${before - 3}, sealed .*\\) does not match its MAC`),
        );
        // The sealer does not build on a head it cannot trust: new events stay unsealed.
        await someActivity();
        await expect(sealAll(db, key, true)).rejects.toThrow(AuditChainHeadError);
        expect(await headSeq()).toBe(before - 3);
        expect((await verifyChain(db, key)).firstBad?.problem).toMatch(/does not match its MAC/);
      }));

    it('the newest events cut off and the head rewritten without a MAC', () =>
      withSnapshot(async () => {
        const before = await headSeq();
        const verdict = await tamper(...cutTailAndRewriteHead(2), 'UPDATE audit_chain_head SET mac = NULL');
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad?.problem).toMatch(new RegExp(`chain head \\(event ${before - 2}\\) carries no MAC`));
      }));

    it('the head put back to an earlier state, the newer events left in place', () =>
      withSnapshot(async () => {
        await sql.raw('CREATE TABLE old_head AS SELECT * FROM audit_chain_head').execute(db);
        try {
          await someActivity();
          const verdict = await tamper(
            'UPDATE audit_chain_head h SET seq = o.seq, hash = o.hash, sealed_at = o.sealed_at, mac = o.mac FROM old_head o',
          );
          expect(verdict.ok).toBe(false);
          expect(verdict.firstBad?.problem).toMatch(/the head was moved back/);
        } finally {
          await sql.raw('DROP TABLE old_head').execute(db);
        }
      }));
  });

  describe('events not written by Lantern', () => {
    async function insertBySql(caseId: string, extra = '') {
      const r = await sql
        .raw<{ id: number }>(
          `INSERT INTO audit_event (actor_id, actor_agency_id, action, record_type, record_id, outcome, client_ip${extra ? ', nonce, mac' : ''})
         VALUES ('${officer.id}', '${officer.agencyId}', 'case.read', 'case', '${caseId}', 'success', '127.0.0.1'${extra})
         RETURNING id`,
        )
        .execute(db);
      return Number(r.rows[0]!.id);
    }
    const eventRow = (id: number) =>
      db.selectFrom('audit_event').select(['seq', 'origin']).where('id', '=', id).executeTakeFirstOrThrow();

    it('a row inserted by SQL is sealed as forged, never as genuine, and verification names it', () =>
      withSnapshot(async () => {
        const caseId = await someActivity();
        const id = await insertBySql(caseId);
        await someActivity(); // genuine events after it
        await sealAll(db, key, true);
        const row = await eventRow(id);
        expect(row.seq).not.toBeNull();
        expect(row.origin).toBe('forged');
        const verdict = await verifyChain(db, key);
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBad).toBeUndefined(); // the chain itself holds: the forged event is evidence in it
        expect(verdict.forgedCount).toBe(1);
        expect(verdict.forged).toEqual([{ seq: Number(row.seq), id, action: 'case.read', at: expect.any(Date) }]);
        // Relabelling it as genuine breaks the chain at that event.
        const relabelled = await (async () => {
          await asSuperuser(db, `UPDATE audit_event SET origin = 'lantern' WHERE id = ${id}`);
          return verifyChain(db, key);
        })();
        expect(relabelled.ok).toBe(false);
        expect(relabelled.firstBad?.seq).toBe(Number(row.seq));
      }));

    it('a row with a made-up MAC is forged too', () =>
      withSnapshot(async () => {
        const caseId = await someActivity();
        const id = await insertBySql(caseId, `, gen_random_uuid(), '${'ab'.repeat(32)}'`);
        await sealAll(db, key, true);
        expect((await eventRow(id)).origin).toBe('forged');
        expect((await verifyChain(db, key)).forged.map((f) => f.id)).toEqual([id]);
      }));

    it('a copy of a genuine event is refused, or sealed as forged when its nonce is changed or its index dropped', () =>
      withSnapshot(async () => {
        await someActivity();
        await sealAll(db, key, true);
        const columns = 'at, actor_id, actor_agency_id, action, record_type, record_id, outcome, client_ip, details';
        await expect(
          sql
            .raw(
              `INSERT INTO audit_event (${columns}, nonce, mac) SELECT ${columns}, nonce, mac FROM audit_event WHERE seq = 3`,
            )
            .execute(db),
        ).rejects.toThrow(/duplicate key|unique/i);
        const fresh = await sql
          .raw<{ id: number }>(
            `INSERT INTO audit_event (${columns}, nonce, mac) SELECT ${columns}, gen_random_uuid(), mac FROM audit_event WHERE seq = 3 RETURNING id`,
          )
          .execute(db);
        await asSuperuser(db, 'ALTER TABLE audit_event DROP CONSTRAINT audit_event_nonce_key');
        const copy = await sql
          .raw<{ id: number }>(
            `INSERT INTO audit_event (${columns}, nonce, mac) SELECT ${columns}, nonce, mac FROM audit_event WHERE seq = 4 RETURNING id`,
          )
          .execute(db);
        await sealAll(db, key, true);
        const forged = [Number(fresh.rows[0]!.id), Number(copy.rows[0]!.id)];
        for (const id of forged) expect((await eventRow(id)).origin).toBe('forged');
        expect((await verifyChain(db, key)).forged.map((f) => f.id).sort()).toEqual(forged.sort());
        await asSuperuser(
          db,
          `DELETE FROM audit_event WHERE id = ${forged[1]}`,
          'ALTER TABLE audit_event ADD CONSTRAINT audit_event_nonce_key UNIQUE (nonce)',
        );
      }));
  });

  describe('anchors', () => {
    it('an anchor verifies on an intact trail, before and after later events', async () => {
      await someActivity();
      const { text, anchor } = await takeAnchor(db, key);
      expect(text).toMatch(/^lantern-anchor:v1:\d+:\d{8}T\d{6}Z:[0-9a-f]{64}:[0-9a-f]{64}$/);
      expect(anchor.seq).toBe(await headSeq());
      expect((await verifyChain(db, key, undefined, { anchor })).anchor).toEqual({
        seq: anchor.seq,
        at: anchor.at,
        ok: true,
      });
      await someActivity();
      await sealAll(db, key, true);
      const later = await verifyChain(db, key, undefined, { anchor: parseAnchor(text) });
      expect(later.ok).toBe(true);
      expect(later.checked).toBeGreaterThan(anchor.seq);
    });

    it('an anchor from another key, or altered, does not confirm anything', async () => {
      const { text } = await takeAnchor(db, key);
      const parts = text.split(':');
      parts[2] = String(Number(parts[2]) - 1);
      const altered = await verifyChain(db, key, undefined, { anchor: parseAnchor(parts.join(':')) });
      expect(altered.ok).toBe(false);
      expect(altered.anchor?.problem).toMatch(/not issued with this key, or was altered/);
      const foreign = await verifyChain(db, crypto.randomBytes(32), undefined, { anchor: parseAnchor(text) });
      expect(foreign.anchor?.ok).toBe(false);
    });

    it('finds a trail wiped (TRUNCATE as superuser) with its head reset to genesis', () =>
      withSnapshot(async () => {
        await someActivity();
        const { text, anchor } = await takeAnchor(db, key);
        await asSuperuser(db, ...WIPE_TO_GENESIS);
        await sealAll(db, key, true);
        expect(await headSeq()).toBe(0);
        const verdict = await verifyChain(db, key, undefined, { anchor: parseAnchor(text) });
        expect(verdict.ok).toBe(false);
        expect(verdict.anchor?.problem).toMatch(
          new RegExp(
            `holds 0 events but the anchor .* vouches for ${anchor.seq}: events 1 to ${anchor.seq} are missing`,
          ),
        );
      }));

    it('finds the tail cut and the head put back to an earlier genuine state, even once new events are sealed on top', () =>
      withSnapshot(async () => {
        await someActivity();
        await sealAll(db, key, true);
        await sql.raw('CREATE TABLE old_head AS SELECT * FROM audit_chain_head').execute(db);
        try {
          const earlier = await headSeq();
          await someActivity();
          const { anchor } = await takeAnchor(db, key);
          await someActivity();
          await sealAll(db, key, true);
          await asSuperuser(
            db,
            `DELETE FROM audit_event WHERE seq > ${earlier} OR seq IS NULL`,
            `UPDATE audit_chain_head h SET seq = o.seq, hash = o.hash, sealed_at = o.sealed_at, mac = o.mac FROM old_head o`,
          );
          const cut = await verifyChain(db, key, undefined, { anchor });
          expect(cut.ok).toBe(false);
          expect(cut.anchor?.problem).toMatch(new RegExp(`events ${earlier + 1} to ${anchor.seq} are missing`));
          // New events sealed on the restored head reach the anchored seq again, but are not the same events.
          await someActivity();
          await someActivity();
          await sealAll(db, key, true);
          expect(await headSeq()).toBeGreaterThanOrEqual(anchor.seq);
          const replaced = await verifyChain(db, key, undefined, { anchor });
          expect(replaced.ok).toBe(false);
          expect(replaced.anchor?.problem).toMatch(
            new RegExp(`event ${anchor.seq} is not the one the anchor .* vouches for`),
          );
        } finally {
          await sql.raw('DROP TABLE old_head').execute(db);
        }
      }));

    it('are given to auditors over the API, and to nobody else', async () => {
      const ministry = await l.agency('MOLISA', 'ministry');
      const auditor = await l.user(ministry, ['auditor']);
      const r = await l.call(auditor.token, 'GET', '/api/v1/audit/anchor');
      expect(r.status).toBe(200);
      const anchor = parseAnchor(r.body.anchor);
      expect(r.body.seq).toBe(anchor.seq);
      expect((await verifyChain(db, key, undefined, { anchor })).anchor?.ok).toBe(true);
      const issued = await db
        .selectFrom('audit_event')
        .select(['actor_id', 'seq'])
        .where('action', '=', 'audit.anchor')
        .executeTakeFirstOrThrow();
      expect(issued.actor_id).toBe(auditor.id);
      expect(Number(issued.seq)).toBeLessThanOrEqual(anchor.seq); // the anchor covers its own issuing
      expect((await l.call(officer.token, 'GET', '/api/v1/audit/anchor')).status).toBe(404);
    });
  });
});

/** A database migrated to 0008 holding events sealed, and some left unsealed, by the sealer of 0.1.0. */
async function legacyDatabase(kind: DatabaseKind, key: Buffer) {
  const fresh = await freshDatabase(kind);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-migrations-'));
  for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f < '0009'))
    fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  await migrate(fresh.database, dir);
  fs.rmSync(dir, { recursive: true, force: true });
  const db = fresh.database.db;
  const insert = (action: string) =>
    db
      .insertInto('audit_event')
      .values({ action, outcome: 'success', actor_id: crypto.randomUUID(), details: sql`'{"n":1}'::jsonb` })
      .returning('id')
      .executeTakeFirstOrThrow();
  for (let i = 0; i < 5; i++) await insert('user.create');
  // Seal them as 0.1.0 did.
  let prev = GENESIS_HASH;
  const rows = await db.selectFrom('audit_event').selectAll().orderBy('id').execute();
  for (const [i, row] of rows.entries()) {
    prev = legacyEventHash(key, prev, { ...row, id: Number(row.id), seq: i + 1 });
    await db
      .updateTable('audit_event')
      .set({ seq: i + 1, hash: prev })
      .where('id', '=', row.id)
      .execute();
  }
  await db.updateTable('audit_chain_head').set({ seq: rows.length, hash: prev }).execute();
  // Two written but not yet sealed when the server stopped, with an id skipped between them.
  const pendingA = (await insert('case.read')).id;
  await db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('audit_event').values({ action: 'x', outcome: 'success' }).execute();
      throw new Error('rolled back');
    })
    .catch(() => {});
  const pendingB = (await insert('case.read')).id;
  return { fresh, skippedId: Number(pendingA) + 1, pendingIds: [Number(pendingA), Number(pendingB)] };
}

describe.each(databases)('upgrading a trail sealed before writer MACs on %s', (kind) => {
  it('keeps the old events verifying, seals the pending ones as legacy, then closes that window', async () => {
    const config = testConfig();
    const { createKeys, parseMasterKey } = await import('../src/platform/keys.js');
    const key = createKeys(parseMasterKey(config.masterKey!)).auditKey;
    const { fresh, skippedId, pendingIds } = await legacyDatabase(kind, key);
    const lantern = await buildLantern(
      { ...config, ...(fresh.url ? { databaseUrl: fresh.url } : {}) },
      { database: fresh.database, logger: createLogger('silent'), sealIntervalMs: 50 },
    );
    const db = lantern.ctx.db;
    try {
      await sealAll(db, key, true);
      const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
      expect(Number(head.legacy_seq)).toBe(5);
      expect(head.legacy_until_id).toBeNull(); // closed by the first sealing
      expect(head.mac).toMatch(/^[0-9a-f]{64}$/);
      const origins = await db.selectFrom('audit_event').select(['id', 'seq', 'origin']).orderBy('seq').execute();
      expect(origins.slice(0, 5).map((o) => o.origin)).toEqual(Array(5).fill('legacy'));
      expect(origins.filter((o) => pendingIds.includes(Number(o.id))).map((o) => o.origin)).toEqual([
        'legacy',
        'legacy',
      ]);
      // New events are written and sealed by Lantern.
      const { recordAudit } = await import('../src/access/audit.js');
      await recordAudit(db, { actor: null, clientIp: 'cli' }, { action: 'agency.create', outcome: 'success' });
      await sealAll(db, key, true);
      let verdict = await verifyChain(db, key);
      expect(verdict.ok).toBe(true);
      expect(verdict.checked).toBe(8);
      // A row slipped in afterwards under an id from before the upgrade is not taken as legacy.
      await sql
        .raw(
          `INSERT INTO audit_event (id, action, outcome) OVERRIDING SYSTEM VALUE VALUES (${skippedId}, 'case.read', 'success')`,
        )
        .execute(db);
      await sealAll(db, key, true);
      verdict = await verifyChain(db, key);
      expect(verdict.forged.map((f) => f.id)).toEqual([skippedId]);
      // And an old event altered is still found.
      await asSuperuser(db, "UPDATE audit_event SET action = 'user.delete' WHERE seq = 2");
      verdict = await verifyChain(db, key);
      expect(verdict.firstBad?.seq).toBe(2);
    } finally {
      await lantern.close();
      await fresh.drop();
    }
  });
});

// The command line, on each database: exit 0 intact, 1 broken (naming what), 2 a bad anchor, 3 no database.
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describe.each(databases)('`lantern audit` on %s', (kind) => {
  let dataDir: string;
  let fresh: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-audit-cli-'));
    fresh = kind === 'postgres' ? await freshDatabase('postgres') : undefined;
    env =
      kind === 'postgres'
        ? { ...process.env, DATABASE_URL: fresh!.url!, LANTERN_MASTER_KEY: crypto.randomBytes(32).toString('base64') }
        : { ...process.env, LANTERN_DATA_DIR: dataDir, DATABASE_URL: '', LANTERN_MASTER_KEY: '' };
  });
  afterAll(async () => {
    await fresh?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/lantern.js', ...args], { env, cwd: root }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  /** Tampers directly in the database, as a superuser would, while no Lantern holds it. */
  async function direct(...statements: string[]) {
    const database: Database = kind === 'postgres' ? await openPostgres(fresh!.url!, 1) : await openPglite(dataDir);
    try {
      await asSuperuser(database.db, ...statements);
    } finally {
      await database.close();
    }
  }

  it('anchors, verifies against anchors, and fails with the right exit code on each kind of tampering', async () => {
    expect((await cli('agency', 'add', '--code', 'OPS', '--name', 'Operations', '--kind', 'ministry')).code).toBe(0);
    const first = await cli('audit', 'anchor');
    expect(first.code).toBe(0);
    const anchor1 = first.stdout.trim();
    expect(anchor1).toMatch(/^lantern-anchor:v1:2:\d{8}T\d{6}Z:[0-9a-f]{64}:[0-9a-f]{64}$/); // agency.create, audit.anchor
    expect(first.stderr).toMatch(/Keep this line outside the server/);

    await cli('agency', 'add', '--code', 'OPS2', '--name', 'Operations 2', '--kind', 'ministry');
    const ok = await cli('audit', 'verify', '--anchor', anchor1);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /Audit trail intact: 3 events verified\. It holds, unchanged, the 2 events of the anchor/,
    );

    // A malformed anchor, or one that does not authenticate, is a usage error.
    const garbage = await cli('audit', 'verify', '--anchor', 'lantern-anchor:v1:2:yesterday');
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/--anchor: the anchor is incomplete or mistyped/);
    const altered = anchor1.replace(/:(\d{8}T\d{6}Z):([0-9a-f])/, (_m, t, c) => `:${t}:${c === '0' ? '1' : '0'}`);
    const foreign = await cli('audit', 'verify', '--anchor', altered);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/--anchor: the anchor does not match this Lantern/);

    // A row written into the table by SQL: verify seals it as forged and names it.
    await direct(`INSERT INTO audit_event (action, outcome) VALUES ('agency.create', 'success')`);
    const forged = await cli('audit', 'verify');
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/1 event\(s\) were not written by Lantern .* event 4 \(id \d+, agency\.create/);

    // The newest events cut and the head rewritten to match: the head's MAC gives it away, and no anchor is issued.
    await direct(...cutTailAndRewriteHead(2));
    const cut = await cli('audit', 'verify');
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(
      /AUDIT TRAIL BROKEN after 2 intact events: the chain head \(event 2, .*does not match its MAC/,
    );
    const refused = await cli('audit', 'anchor');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/No anchor issued: the chain head .* does not match its MAC/);

    // Wiped and reset to genesis: only the anchor can tell.
    await direct(...WIPE_TO_GENESIS);
    const wiped = await cli('audit', 'verify', '--anchor', anchor1);
    expect(wiped.code).toBe(1);
    expect(wiped.stderr).toMatch(
      /the trail holds 0 events but the anchor of \S+ vouches for 2: events 1 to 2 are missing/,
    );
  }, 180_000);

  it('exits 3 when the database is busy or unreachable', async () => {
    if (kind === 'pglite') {
      const holder = await openPglite(dataDir);
      try {
        const busy = await cli('audit', 'verify');
        expect(busy.code).toBe(3);
        expect(busy.stderr).toMatch(/in use by another Lantern process/);
      } finally {
        await holder.close();
      }
    } else {
      const saved = env;
      env = { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
      try {
        const down = await cli('audit', 'verify');
        expect(down.code).toBe(3);
      } finally {
        env = saved;
      }
    }
  }, 60_000);
});
