// Organisations (issue 13 §1): recruitment "companies", compounds, brokerage agencies — the fronts a network
// works through. The same access as suspects (src/access/prosecution-gate.ts); notes are encrypted.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { listReadEvent, recordAudit } from '../access/audit.js';
import { requireIntelligence } from '../access/prosecution-gate.js';
import {
  ownIntelligenceCondition,
  prosecutionCaseCondition,
  visibleOrganisationCondition,
  visibleSuspectCondition,
} from '../access/prosecution-sql.js';
import { nameKey, nameTokens } from '../contract/names.js';
import type {
  listQuerySchema,
  organisationCreateSchema,
  organisationPatchSchema,
  organisationSchema,
  organisationSummarySchema,
} from '../contract/schemas/prosecution-network.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, encodeCursor, isCount } from '../platform/cursor.js';
import type { DB } from '../platform/db-schema.js';
import { likeWord, suspectLabel, versionConflict } from './suspects.js';

export type OrganisationView = z.infer<typeof organisationSchema>;

interface OrganisationRow {
  id: string;
  kind: string;
  name: string;
  country: string | null;
  province: string | null;
  notes: string | null;
  version: number;
  created_at: Date;
  own: boolean;
}

const columns = (actor: Actor) =>
  sql<OrganisationRow>`o.id, o.kind, o.name, o.country, o.province, o.notes, o.version, o.created_at,
    ${ownIntelligenceCondition(actor, 'o')} AS own`;

const summary = (r: OrganisationRow): z.infer<typeof organisationSummarySchema> => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  country: r.country,
  province: r.province,
  ownAgency: r.own,
  createdAt: r.created_at.toISOString(),
});

const audit = (actor: Actor) => ({ actor, clientIp: actor.clientIp });

export async function createOrganisation(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof organisationCreateSchema>,
): Promise<OrganisationView> {
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisation')
      .values({
        id,
        owner_agency_id: actor.agencyId,
        kind: input.kind,
        name: input.name,
        name_key: nameKey(input.name),
        country: input.country ?? null,
        province: input.province ?? null,
        notes: input.notes ? ctx.keys.encrypt(input.notes) : null,
        created_by: actor.userId,
      })
      .execute();
    await recordAudit(trx, audit(actor), {
      action: 'organisation.create',
      outcome: 'success',
      recordType: 'organisation',
      recordId: id,
    });
  });
  return loadOrganisation(ctx, ctx.db, actor, id, true);
}

/** The organisations the caller may see, newest first; `q` matches words of the name, accents ignored. */
export async function listOrganisations(ctx: AppContext, actor: Actor, query: z.infer<typeof listQuerySchema>) {
  const offset = decodeCursor(query.cursor, (v): v is { o: number } => isCount(v.o))?.o ?? 0;
  const words = query.q ? nameTokens(query.q) : [];
  const match = words.length
    ? sql.join(
        words.map((w) => sql`o.name_key LIKE ${likeWord(w)}`),
        sql` AND `,
      )
    : sql`true`;
  const { rows } = await sql<OrganisationRow>`SELECT ${columns(actor)} FROM organisation o
    WHERE ${visibleOrganisationCondition(actor, 'o')} AND ${match}
    ORDER BY o.created_at DESC, o.id DESC LIMIT ${query.limit + 1} OFFSET ${offset}`.execute(ctx.db);
  const shown = rows.slice(0, query.limit);
  await recordAudit(
    ctx.db,
    audit(actor),
    ...listReadEvent(
      { action: 'organisation.list_read', recordType: 'organisation' },
      shown.map((r) => r.id),
      { action: 'organisation.list', details: { results: 0 } },
    ),
  );
  return {
    items: shown.map(summary),
    nextCursor: rows.length > query.limit ? encodeCursor({ o: offset + query.limit }) : null,
  };
}

export async function getOrganisation(ctx: AppContext, actor: Actor, id: string): Promise<OrganisationView> {
  await requireIntelligence(ctx.db, actor, 'organisation', id);
  const view = await loadOrganisation(ctx, ctx.db, actor, id, null);
  await recordAudit(ctx.db, audit(actor), {
    action: 'organisation.read',
    outcome: 'success',
    recordType: 'organisation',
    recordId: id,
    details: { cases: view.cases.length },
  });
  return view;
}

async function loadOrganisation(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  canEdit: boolean | null,
): Promise<OrganisationView> {
  const { rows } = await sql<OrganisationRow>`SELECT ${columns(actor)} FROM organisation o WHERE o.id = ${id}`.execute(
    db,
  );
  const r = rows[0]!;
  const edit = canEdit ?? (await requireIntelligence(db, actor, 'organisation', id)).canEdit;
  const cases = await sql<{ link_id: string; case_id: string; reference: string; role: string }>`
    SELECT co.id AS link_id, c.id AS case_id, c.reference, co.role FROM case_organisation co
    JOIN case_file c ON c.id = co.case_id
    WHERE co.organisation_id = ${id} AND ${prosecutionCaseCondition(actor, 'c')}
    ORDER BY co.recorded_at, co.id`.execute(db);
  const suspects = await sql<{
    id: string;
    suspect_id: string;
    full_name: string | null;
    aliases: string[];
    role: string;
    recorded_at: Date;
  }>`
    SELECT so.id, s.id AS suspect_id, s.full_name, s.aliases, so.role, so.recorded_at FROM suspect_organisation so
    JOIN suspect s ON s.id = so.suspect_id
    WHERE so.organisation_id = ${id} AND ${visibleSuspectCondition(actor, 's')}
    ORDER BY so.recorded_at, so.id`.execute(db);
  return {
    ...summary(r),
    notes: r.notes ? ctx.keys.decrypt(r.notes) : null,
    version: r.version,
    canEdit: edit,
    cases: cases.rows.map((c) => ({ caseId: c.case_id, reference: c.reference, role: c.role, linkId: c.link_id })),
    suspects: suspects.rows.map((s) => ({
      linkId: s.id,
      suspectId: s.suspect_id,
      label: suspectLabel(s),
      role: s.role,
      recordedAt: s.recorded_at.toISOString(),
    })),
  };
}

/** Changes an organisation (its owner agency's investigators), at the version the caller read: 409 if stale. */
export async function updateOrganisation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  patch: z.infer<typeof organisationPatchSchema>,
): Promise<OrganisationView> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireIntelligence(trx, actor, 'organisation', id, 'edit', true);
    const current = await trx
      .selectFrom('organisation')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (current.version !== version) throw versionConflict();
    await trx
      .updateTable('organisation')
      .set({
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.name !== undefined ? { name: patch.name, name_key: nameKey(patch.name) } : {}),
        ...(patch.country !== undefined ? { country: patch.country } : {}),
        ...(patch.province !== undefined ? { province: patch.province } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes ? ctx.keys.encrypt(patch.notes) : null } : {}),
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, audit(actor), {
      action: 'organisation.update',
      outcome: 'success',
      recordType: 'organisation',
      recordId: id,
      details: { fields: Object.keys(patch).sort() },
    });
  });
  return loadOrganisation(ctx, ctx.db, actor, id, true);
}
