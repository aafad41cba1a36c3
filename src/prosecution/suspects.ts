// Suspects (issue 13 §1): persons of interest, kept apart from victims and read only by law-enforcement
// investigators and prosecutors (the gates in src/access/prosecution-gate.ts decide). Notes are encrypted.
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
import { nameTokens, personNameKey } from '../contract/names.js';
import type {
  listQuerySchema,
  suspectCreateSchema,
  suspectPatchSchema,
  suspectSchema,
  suspectSummarySchema,
} from '../contract/schemas/prosecution-network.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, encodeCursor, isCount } from '../platform/cursor.js';
import { jsonb } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { Problem } from '../platform/problems.js';

export type SuspectView = z.infer<typeof suspectSchema>;
type SuspectSummary = z.infer<typeof suspectSummarySchema>;

/** What a suspect is called on a screen or in the network: the name as known, else the first alias. */
export function suspectLabel(s: { full_name: string | null; aliases: string[] }): string {
  return s.full_name || s.aliases[0] || '?';
}

/** A stale version: someone else changed the record since the caller read it (409, nothing changed). */
export const versionConflict = () =>
  new Problem(
    'conflict',
    'Someone else changed this record since you read it. Reload it, check their changes, and apply yours again.',
  );

/** LIKE pattern of one word, its wildcards escaped. */
export const likeWord = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const audit = (actor: Actor) => ({ actor, clientIp: actor.clientIp });

export async function createSuspect(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof suspectCreateSchema>,
): Promise<SuspectView> {
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('suspect')
      .values({
        id,
        owner_agency_id: actor.agencyId,
        full_name: input.fullName ?? null,
        name_key: personNameKey([input.fullName, ...input.aliases]),
        aliases: jsonb(input.aliases),
        sex: input.sex,
        birth_year: input.birthYear ?? null,
        nationality: input.nationality ?? null,
        notes: input.notes ? ctx.keys.encrypt(input.notes) : null,
        created_by: actor.userId,
      })
      .execute();
    await recordAudit(trx, audit(actor), {
      action: 'suspect.create',
      outcome: 'success',
      recordType: 'suspect',
      recordId: id,
    });
  });
  return loadSuspect(ctx, ctx.db, actor, id, true);
}

function summary(actor: Actor, r: SuspectRow): SuspectSummary {
  return {
    id: r.id,
    fullName: r.full_name,
    aliases: r.aliases,
    sex: r.sex,
    birthYear: r.birth_year,
    nationality: r.nationality,
    ownAgency: r.own,
    createdAt: r.created_at.toISOString(),
  };
}

interface SuspectRow {
  id: string;
  full_name: string | null;
  aliases: string[];
  sex: string;
  birth_year: number | null;
  nationality: string | null;
  notes: string | null;
  version: number;
  created_at: Date;
  own: boolean;
}

const suspectColumns = (actor: Actor) =>
  sql<SuspectRow>`s.id, s.full_name, s.aliases, s.sex, s.birth_year, s.nationality, s.notes, s.version,
    s.created_at, ${ownIntelligenceCondition(actor, 's')} AS own`;

/** The suspects the caller may see, newest first; `q` matches words of the name and aliases, accents ignored. */
export async function listSuspects(ctx: AppContext, actor: Actor, query: z.infer<typeof listQuerySchema>) {
  const offset = decodeCursor(query.cursor, (v): v is { o: number } => isCount(v.o))?.o ?? 0;
  const words = query.q ? nameTokens(query.q) : [];
  const match = words.length
    ? sql.join(
        words.map((w) => sql`s.name_key LIKE ${likeWord(w)}`),
        sql` AND `,
      )
    : sql`true`;
  const { rows } = await sql<SuspectRow>`SELECT ${suspectColumns(actor)} FROM suspect s
    WHERE ${visibleSuspectCondition(actor, 's')} AND ${match}
    ORDER BY s.created_at DESC, s.id DESC LIMIT ${query.limit + 1} OFFSET ${offset}`.execute(ctx.db);
  const shown = rows.slice(0, query.limit);
  await recordAudit(
    ctx.db,
    audit(actor),
    ...listReadEvent(
      { action: 'suspect.list_read', recordType: 'suspect' },
      shown.map((r) => r.id),
      { action: 'suspect.list', details: { results: 0 } },
    ),
  );
  return {
    items: shown.map((r) => summary(actor, r)),
    nextCursor: rows.length > query.limit ? encodeCursor({ o: offset + query.limit }) : null,
  };
}

/** One suspect with its cases (by reference and role), its links and organisations, as far as the caller may see. */
export async function getSuspect(ctx: AppContext, actor: Actor, id: string): Promise<SuspectView> {
  const access = await requireIntelligence(ctx.db, actor, 'suspect', id);
  const view = await loadSuspect(ctx, ctx.db, actor, id, access.canEdit);
  await recordAudit(ctx.db, audit(actor), {
    action: 'suspect.read',
    outcome: 'success',
    recordType: 'suspect',
    recordId: id,
    details: { cases: view.cases.length },
  });
  return view;
}

async function loadSuspect(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  canEdit: boolean | null,
): Promise<SuspectView> {
  const { rows } = await sql<SuspectRow>`SELECT ${suspectColumns(actor)} FROM suspect s WHERE s.id = ${id}`.execute(db);
  const r = rows[0]!;
  const edit = canEdit ?? (await requireIntelligence(db, actor, 'suspect', id)).canEdit;
  const cases = await sql<{ link_id: string; case_id: string; reference: string; role: string }>`
    SELECT cs.id AS link_id, c.id AS case_id, c.reference, cs.role FROM case_suspect cs
    JOIN case_file c ON c.id = cs.case_id
    WHERE cs.suspect_id = ${id} AND ${prosecutionCaseCondition(actor, 'c')}
    ORDER BY cs.recorded_at, cs.id`.execute(db);
  const links = await sql<{
    id: string;
    other_id: string;
    full_name: string | null;
    aliases: string[];
    relation: string;
    source: string;
    recorded_at: Date;
  }>`
    SELECT l.id, o.id AS other_id, o.full_name, o.aliases, l.relation, l.source, l.recorded_at FROM suspect_link l
    JOIN suspect o ON o.id = CASE WHEN l.suspect_id = ${id} THEN l.other_suspect_id ELSE l.suspect_id END
    WHERE (l.suspect_id = ${id} OR l.other_suspect_id = ${id}) AND ${visibleSuspectCondition(actor, 'o')}
    ORDER BY l.recorded_at, l.id`.execute(db);
  const orgs = await sql<{ id: string; org_id: string; name: string; role: string; source: string; recorded_at: Date }>`
    SELECT so.id, o.id AS org_id, o.name, so.role, so.source, so.recorded_at FROM suspect_organisation so
    JOIN organisation o ON o.id = so.organisation_id
    WHERE so.suspect_id = ${id} AND ${visibleOrganisationCondition(actor, 'o')}
    ORDER BY so.recorded_at, so.id`.execute(db);
  return {
    ...summary(actor, r),
    notes: r.notes ? ctx.keys.decrypt(r.notes) : null,
    version: r.version,
    canEdit: edit,
    cases: cases.rows.map((c) => ({ caseId: c.case_id, reference: c.reference, role: c.role, linkId: c.link_id })),
    links: links.rows.map((l) => ({
      linkId: l.id,
      suspectId: l.other_id,
      label: suspectLabel(l),
      relation: l.relation,
      source: l.source,
      recordedAt: l.recorded_at.toISOString(),
    })),
    organisations: orgs.rows.map((o) => ({
      linkId: o.id,
      organisationId: o.org_id,
      name: o.name,
      role: o.role,
      source: o.source,
      recordedAt: o.recorded_at.toISOString(),
    })),
  };
}

/** Changes a suspect (its owner agency's investigators), at the version the caller read: 409 if stale. */
export async function updateSuspect(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  patch: z.infer<typeof suspectPatchSchema>,
): Promise<SuspectView> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireIntelligence(trx, actor, 'suspect', id, 'edit', true);
    const current = await trx.selectFrom('suspect').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (current.version !== version) throw versionConflict();
    const fullName = patch.fullName !== undefined ? patch.fullName : current.full_name;
    const aliases = patch.aliases ?? current.aliases;
    if (!fullName && aliases.length === 0)
      throw new Problem('validation', 'A suspect needs a name or at least one alias.', {
        errors: [{ field: 'body.fullName', message: 'a suspect needs a name or at least one alias' }],
      });
    await trx
      .updateTable('suspect')
      .set({
        ...(patch.fullName !== undefined ? { full_name: patch.fullName } : {}),
        ...(patch.aliases !== undefined ? { aliases: jsonb(patch.aliases) } : {}),
        ...(patch.sex !== undefined ? { sex: patch.sex } : {}),
        ...(patch.birthYear !== undefined ? { birth_year: patch.birthYear } : {}),
        ...(patch.nationality !== undefined ? { nationality: patch.nationality } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes ? ctx.keys.encrypt(patch.notes) : null } : {}),
        name_key: personNameKey([fullName, ...aliases]),
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, audit(actor), {
      action: 'suspect.update',
      outcome: 'success',
      recordType: 'suspect',
      recordId: id,
      details: { fields: Object.keys(patch).sort() },
    });
  });
  return loadSuspect(ctx, ctx.db, actor, id, true);
}
