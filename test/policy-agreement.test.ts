// The policy and its SQL cannot disagree: for every role × relation to a record
// (owner agency, assigned user, a grant with each part, an inactive grant, none),
// on a real database, the single-record decision of policy.ts and the list filter
// of policy-sql.ts give the same answer.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor.js';
import {
  PERSON_PARTS,
  canReadReferral,
  readableCaseParts,
  readablePersonParts,
  type CaseRelation,
} from '../src/access/policy.js';
import { CASE_PARTS } from '../src/contract/codes.js';
import {
  grantedPartsColumn,
  grantedPersonPartsColumn,
  referralBoxCondition,
  visibleCaseCondition,
  visiblePersonCondition,
} from '../src/access/policy-sql.js';
import { ROLES, type Role } from '../src/contract/codes.js';
import { personAccessFor } from '../src/access/case-gate.js';
import { databases, startLantern, type TestLantern } from './support/harness.js';

const ROLE_SETS: Role[][] = [...ROLES.map((r) => [r]), ['analyst', 'investigator'], ['partner', 'caseworker']];

describe.each(databases)('policy and SQL agree on %s', (kind) => {
  let l: TestLantern;
  let mine: string; // the caller's agency
  let other: string; // the agency that owns the records
  let me: string; // the caller (one user id for every role set: the policy reads only the actor)
  const cases: { id: string; personId: string; label: string }[] = [];
  const referrals: { id: string; label: string }[] = [];

  beforeAll(async () => {
    l = await startLantern(kind);
    mine = await l.agency('MINE');
    other = await l.agency('OTHER', 'shelter');
    const meUser = await l.user(mine, ['caseworker'], { signIn: false });
    const theirUser = await l.user(other, ['caseworker'], { signIn: false });
    me = meUser.id;
    const db = l.ctx.db;

    async function record(
      label: string,
      owner: string,
      options: { assigned?: string; grants?: { parts: string[]; active: boolean }[] } = {},
    ) {
      const personId = crypto.randomUUID();
      await db
        .insertInto('person')
        .values({
          id: personId,
          owner_agency_id: owner,
          name_key: 'a',
          sex: 'female',
          citizenship: 'VN',
          created_by: theirUser.id,
        })
        .execute();
      const id = crypto.randomUUID();
      await db
        .insertInto('case_file')
        .values({
          id,
          reference: `AGREE-${cases.length}-${kind}`,
          person_id: personId,
          owner_agency_id: owner,
          assigned_user_id: options.assigned ?? null,
          status: 'received',
          reached_via: 'walk_in',
          created_by: theirUser.id,
        })
        .execute();
      for (const grant of options.grants ?? []) {
        await db
          .insertInto('case_access_grant')
          .values({
            id: crypto.randomUUID(),
            case_id: id,
            agency_id: mine,
            parts: grant.parts,
            source: 'test',
            active: grant.active,
          })
          .execute();
      }
      cases.push({ id, personId, label });
      return id;
    }

    await record('owned by my agency', mine);
    await record('owned elsewhere, no relation', other);
    await record('owned elsewhere, assigned to me', other, { assigned: me });
    for (const part of CASE_PARTS) {
      await record(`grant of ${part} alone`, other, { grants: [{ parts: [part], active: true }] });
      await record(`grant of identity and ${part}`, other, { grants: [{ parts: ['identity', part], active: true }] });
    }
    await record('inactive grant of everything', other, { grants: [{ parts: [...CASE_PARTS], active: false }] });
    await record('two grants, identity in one', other, {
      grants: [
        { parts: ['identity'], active: true },
        { parts: ['identity_documents', 'contact'], active: true },
      ],
    });

    for (const [label, from, to] of [
      ['sent by my agency', mine, other],
      ['received by my agency', other, mine],
    ] as const) {
      const id = crypto.randomUUID();
      await db
        .insertInto('referral')
        .values({
          id,
          kind: 'referral',
          case_id: cases[1]!.id,
          from_agency_id: from,
          to_agency_id: to,
          purposes: ['shelter'],
          due_date: '2030-01-01',
          status: 'pending',
          created_by: theirUser.id,
        })
        .execute();
      referrals.push({ id, label });
    }
    const third = await l.agency('THIRD');
    const id = crypto.randomUUID();
    await db
      .insertInto('referral')
      .values({
        id,
        kind: 'referral',
        case_id: cases[1]!.id,
        from_agency_id: other,
        to_agency_id: third,
        purposes: ['shelter'],
        due_date: '2030-01-01',
        status: 'pending',
        created_by: theirUser.id,
      })
      .execute();
    referrals.push({ id, label: 'between two other agencies' });
  });
  afterAll(async () => {
    await l.stop();
  });

  /** The caller: one user of my agency with these roles (the policy reads only the actor). */
  const actorWith = (roles: readonly Role[]): Actor => ({
    userId: me,
    agencyId: mine,
    agencyKind: 'police',
    roles: [...roles],
    language: 'vi',
    clientIp: null,
  });
  const caseIds = () => cases.map((c) => c.id);
  const personIds = () => cases.map((c) => c.personId);

  /** The caller's relation to each case, read from the tables by hand (not through the policy's SQL). */
  async function relations(): Promise<Map<string, CaseRelation & { personOwner: string }>> {
    const rows = await l.ctx.db
      .selectFrom('case_file as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .select(['c.id', 'c.owner_agency_id', 'c.assigned_user_id', 'p.owner_agency_id as person_owner'])
      .where(
        'c.id',
        'in',
        cases.map((c) => c.id),
      )
      .execute();
    const grants = await l.ctx.db
      .selectFrom('case_access_grant')
      .select(['case_id', 'parts'])
      .where('agency_id', '=', mine)
      .where('active', '=', true)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          ownerAgencyId: r.owner_agency_id,
          assignedUserId: r.assigned_user_id,
          grantedParts: [...new Set(grants.filter((g) => g.case_id === r.id).flatMap((g) => g.parts))],
          personOwner: r.person_owner,
        },
      ]),
    );
  }

  it.each(ROLE_SETS.map((roles) => [roles.join('+'), roles] as const))(
    'cases: the single-record rule and the list filter agree for %s',
    async (_name, roles) => {
      const actor = actorWith(roles);
      const byHand = await relations();
      const listed = new Set(
        (
          await l.ctx.db
            .selectFrom('case_file as c')
            .select('c.id')
            .where(visibleCaseCondition(actor))
            .where('c.id', 'in', caseIds())
            .execute()
        ).map((r) => r.id),
      );
      const sqlParts = new Map(
        (
          await l.ctx.db
            .selectFrom('case_file as c')
            .select(['c.id', grantedPartsColumn(actor).as('granted')])
            .where('c.id', 'in', caseIds())
            .execute()
        ).map((r) => [r.id, [...(r.granted ?? [])].sort()]),
      );
      for (const c of cases) {
        const relation = byHand.get(c.id)!;
        expect(sqlParts.get(c.id), `granted parts column: ${c.label}`).toEqual([...relation.grantedParts].sort());
        const visible = readableCaseParts(actor, relation).size > 0;
        expect(listed.has(c.id), `${roles.join('+')} × ${c.label}`).toBe(visible);
      }
    },
  );

  it.each(ROLE_SETS.map((roles) => [roles.join('+'), roles] as const))(
    'persons: the single-record rule and the filter agree, part by part, for %s',
    async (_name, roles) => {
      const actor = actorWith(roles);
      const byHand = await relations();
      for (const part of PERSON_PARTS) {
        const listed = new Set(
          (
            await l.ctx.db
              .selectFrom('person as p')
              .select('p.id')
              .where(visiblePersonCondition(actor, 'p', part))
              .where('p.id', 'in', personIds())
              .execute()
          ).map((r) => r.id),
        );
        const sqlParts = new Map(
          (
            await l.ctx.db
              .selectFrom('person as p')
              .select(['p.id', grantedPersonPartsColumn(actor).as('granted')])
              .where('p.id', 'in', personIds())
              .execute()
          ).map((r) => [r.id, r.granted ?? []]),
        );
        for (const c of cases) {
          const relation = byHand.get(c.id)!;
          const personRelation = { ownerAgencyId: relation.personOwner, grantedParts: sqlParts.get(c.personId)! };
          expect([...personRelation.grantedParts].sort(), c.label).toEqual([...relation.grantedParts].sort());
          const readable = readablePersonParts(actor, personRelation).has(part);
          expect(listed.has(c.personId), `${roles.join('+')} × ${c.label} × ${part}`).toBe(readable);
        }
      }
    },
  );

  it.each(ROLE_SETS.map((roles) => [roles.join('+'), roles] as const))(
    'referrals: one referral and the boxes agree for %s',
    async (_name, roles) => {
      const actor = actorWith(roles);
      const inBoxes = new Set<string>();
      for (const box of ['inbox', 'outbox'] as const) {
        const rows = await l.ctx.db
          .selectFrom('referral')
          .select('id')
          .where(referralBoxCondition(actor, box))
          .where(
            'id',
            'in',
            referrals.map((r) => r.id),
          )
          .execute();
        for (const r of rows) inBoxes.add(r.id);
      }
      const all = await l.ctx.db
        .selectFrom('referral')
        .select(['id', 'from_agency_id', 'to_agency_id'])
        .where(
          'id',
          'in',
          referrals.map((r) => r.id),
        )
        .execute();
      for (const r of all) {
        const label = referrals.find((x) => x.id === r.id)!.label;
        const readable = canReadReferral(actor, { fromAgencyId: r.from_agency_id, toAgencyId: r.to_agency_id });
        expect(inBoxes.has(r.id), `${roles.join('+')} × ${label}`).toBe(readable);
      }
    },
  );
  it('hides a person merged into another from the single-record rule and the filter alike, for every role', async () => {
    const owner = cases[0]!; // owned by my agency: visible to its casework roles
    const merged = crypto.randomUUID();
    const creator = (await l.ctx.db.selectFrom('app_user').select('id').executeTakeFirstOrThrow()).id;
    await l.ctx.db
      .insertInto('person')
      .values({
        id: merged,
        owner_agency_id: mine,
        name_key: 'a',
        sex: 'female',
        citizenship: 'VN',
        created_by: creator,
      })
      .execute();
    await l.ctx.db.updateTable('person').set({ merged_into: owner.personId }).where('id', '=', merged).execute();
    for (const roles of ROLE_SETS) {
      const actor = actorWith(roles);
      for (const part of PERSON_PARTS) {
        const listed = await l.ctx.db
          .selectFrom('person as p')
          .select('p.id')
          .where(visiblePersonCondition(actor, 'p', part))
          .where('p.id', '=', merged)
          .execute();
        expect(listed, `${roles.join('+')} × ${part}`).toEqual([]);
      }
      expect(await personAccessFor(l.ctx.db, actor, merged), roles.join('+')).toBeNull();
    }
  });
});
