// Notes on a case, each visible to the author's agency only or to everyone with access to the case.
import crypto from 'node:crypto';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import { canReadNote } from '../access/policy.js';
import type { AppContext } from '../platform/context.js';
import { requireCasePart } from '../access/case-gate.js';

export interface NoteView {
  id: string;
  caseId: string;
  authorId: string;
  authorName: string;
  authorAgency: string;
  visibility: string;
  body: string;
  createdAt: string;
}

export async function addNote(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: { body: string; visibility: 'own_agency' | 'all_with_access' },
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireCasePart(trx, actor, caseId, 'identity');
    const id = crypto.randomUUID();
    await trx
      .insertInto('case_note')
      .values({
        id,
        case_id: caseId,
        author_id: actor.userId,
        author_agency_id: actor.agencyId,
        visibility: input.visibility,
        body: ctx.keys.encrypt(input.body),
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'note.create',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { noteId: id, visibility: input.visibility },
      },
    );
    return id;
  });
}

export async function listNotes(ctx: AppContext, actor: Actor, caseId: string): Promise<NoteView[]> {
  await requireCasePart(ctx.db, actor, caseId, 'identity');
  const rows = await ctx.db
    .selectFrom('case_note as n')
    .innerJoin('app_user as u', 'u.id', 'n.author_id')
    .innerJoin('agency as a', 'a.id', 'n.author_agency_id')
    .select([
      'n.id',
      'n.case_id',
      'n.author_id',
      'u.display_name',
      'a.code',
      'n.author_agency_id',
      'n.visibility',
      'n.body',
      'n.created_at',
    ])
    .where('n.case_id', '=', caseId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.notes_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  return rows
    .filter((n) => canReadNote(actor, { visibility: n.visibility, authorAgencyId: n.author_agency_id }))
    .map((n) => ({
      id: n.id,
      caseId: n.case_id,
      authorId: n.author_id,
      authorName: n.display_name,
      authorAgency: n.code,
      visibility: n.visibility,
      body: ctx.keys.decrypt(n.body),
      createdAt: n.created_at.toISOString(),
    }));
}
