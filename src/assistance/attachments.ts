// Attachments: scanned signed consents, documents and photos on a case, one of its consents or a
// referral. Stored encrypted like narratives (the file and its name), size- and type-limited, a photo's
// metadata stripped; listed and downloaded only by those who may read the part of the case the file
// belongs to (access/policy.ts: canReadAttachment; everyone else: 404), every download audited.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { caseAccessFor, type CaseAccess } from '../access/case-gate.js';
import { canAttachTo, canDeleteAttachment, canReadAttachment, canReadReferral } from '../access/policy.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { forbidden, notFound } from '../platform/problems.js';
import type { AttachmentPart, AttachmentType, AttachmentView } from '../contract/schemas/dataio.js';
import { checkAttachmentType, stripImageMetadata } from './attachment-files.js';

export type AttachmentTarget =
  | { kind: 'case'; id: string; part: AttachmentPart }
  | { kind: 'consent'; id: string }
  | { kind: 'referral'; id: string };

type ReferralSides = { fromAgencyId: string; toAgencyId: string };

/** The case a target belongs to and, for a referral, its two agencies; null when it does not exist. */
async function targetCase(db: Kysely<DB>, target: AttachmentTarget) {
  if (target.kind === 'case') return { caseId: target.id, referral: null };
  if (target.kind === 'consent') {
    const row = await db.selectFrom('consent').select('case_id').where('id', '=', target.id).executeTakeFirst();
    return row ? { caseId: row.case_id, referral: null } : null;
  }
  const row = await db
    .selectFrom('referral')
    .select(['case_id', 'from_agency_id', 'to_agency_id'])
    .where('id', '=', target.id)
    .executeTakeFirst();
  return row
    ? { caseId: row.case_id, referral: { fromAgencyId: row.from_agency_id, toAgencyId: row.to_agency_id } }
    : null;
}

const NOT_FOUND: Record<AttachmentTarget['kind'], string> = { case: 'case', consent: 'consent', referral: 'referral' };

/** Stores a file on a case, a consent or a referral: checked type, stripped metadata, encrypted. */
export async function addAttachment(
  ctx: AppContext,
  actor: Actor,
  target: AttachmentTarget,
  file: { fileName: string; declaredType: string; data: Buffer },
): Promise<AttachmentView> {
  const found = await targetCase(ctx.db, target);
  const access = found ? await caseAccessFor(ctx.db, actor, found.caseId) : null;
  if (!found || !access || (found.referral && !canReadReferral(actor, found.referral)))
    throw notFound(NOT_FOUND[target.kind]);
  if (!canAttachTo(actor, access.relation, found.referral))
    throw forbidden('Only the agency that owns this case (or the agency a referral was sent to) can attach files.');
  const type = checkAttachmentType(file.data, file.declaredType);
  const content = type === 'application/pdf' ? file.data : await stripImageMetadata(file.data, type);
  const id = crypto.randomUUID();
  const part = target.kind === 'case' ? target.part : 'identity';
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('attachment')
      .values({
        id,
        case_id: found.caseId,
        consent_id: target.kind === 'consent' ? target.id : null,
        referral_id: target.kind === 'referral' ? target.id : null,
        part,
        file_name: ctx.keys.encrypt(file.fileName),
        media_type: type,
        size_bytes: content.length,
        content: ctx.keys.encryptBytes(content),
        uploaded_by: actor.userId,
        uploader_agency_id: actor.agencyId,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'attachment.create',
        outcome: 'success',
        recordType: 'case',
        recordId: found.caseId,
        details: {
          attachmentId: id,
          parts: [part],
          bytes: content.length,
          ...(target.kind === 'consent' ? { consentId: target.id } : {}),
          ...(target.kind === 'referral' ? { referralId: target.id } : {}),
        },
      },
    );
  });
  const [view] = await attachmentRows(ctx, ctx.db, access, { id }, actor);
  return view!;
}

/** The attachments of a case the caller may see (without their content), newest first. */
async function attachmentRows(
  ctx: AppContext,
  db: Kysely<DB>,
  access: CaseAccess,
  filter: { id?: string; consentId?: string; referralId?: string },
  actor?: Actor,
): Promise<AttachmentView[]> {
  let q = db
    .selectFrom('attachment as f')
    .leftJoin('referral as r', 'r.id', 'f.referral_id')
    .leftJoin('app_user as u', 'u.id', 'f.uploaded_by')
    .innerJoin('agency as a', 'a.id', 'f.uploader_agency_id')
    .select([
      'f.id',
      'f.case_id',
      'f.consent_id',
      'f.referral_id',
      'f.part',
      'f.file_name',
      'f.media_type',
      'f.size_bytes',
      'f.uploaded_by',
      'f.created_at',
      'r.from_agency_id',
      'r.to_agency_id',
      'u.display_name',
      'a.code',
    ])
    .where('f.case_id', '=', access.caseId);
  if (filter.id) q = q.where('f.id', '=', filter.id);
  if (filter.consentId) q = q.where('f.consent_id', '=', filter.consentId);
  if (filter.referralId) q = q.where('f.referral_id', '=', filter.referralId);
  const rows = await q.orderBy('f.created_at', 'desc').orderBy('f.id').execute();
  const views: AttachmentView[] = [];
  for (const r of rows) {
    const referral: ReferralSides | null =
      r.referral_id && r.from_agency_id && r.to_agency_id
        ? { fromAgencyId: r.from_agency_id, toAgencyId: r.to_agency_id }
        : null;
    const subject = { part: r.part, referral, uploadedBy: r.uploaded_by };
    if (actor && !canReadAttachment(actor, access.relation, subject)) continue;
    views.push({
      id: r.id,
      caseId: r.case_id,
      consentId: r.consent_id,
      referralId: r.referral_id,
      part: r.part,
      fileName: ctx.keys.decrypt(r.file_name),
      mediaType: r.media_type as AttachmentType,
      sizeBytes: r.size_bytes,
      uploadedBy: r.display_name,
      uploaderAgency: r.code,
      createdAt: r.created_at.toISOString(),
      can: { delete: actor ? canDeleteAttachment(actor, access.relation, subject) : false },
    });
  }
  return views;
}

/** The files of a case (optionally of one of its consents or referrals) the caller may download. */
export async function listAttachments(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  filter: { consentId?: string; referralId?: string },
): Promise<AttachmentView[]> {
  const access = await caseAccessFor(ctx.db, actor, caseId);
  if (!access) throw notFound('case');
  const items = await attachmentRows(ctx, ctx.db, access, filter, actor);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'case.attachments_read',
      outcome: 'success',
      recordType: 'case',
      recordId: caseId,
      details: { count: items.length },
    },
  );
  return items;
}

/** One attachment and the caller's access to its case, if they may read it; null otherwise. */
async function readableAttachment(ctx: AppContext, actor: Actor, id: string) {
  const row = await ctx.db
    .selectFrom('attachment as f')
    .leftJoin('referral as r', 'r.id', 'f.referral_id')
    .select(['f.case_id', 'f.part', 'f.uploaded_by', 'f.referral_id', 'r.from_agency_id', 'r.to_agency_id'])
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const access = await caseAccessFor(ctx.db, actor, row.case_id);
  const referral =
    row.referral_id && row.from_agency_id && row.to_agency_id
      ? { fromAgencyId: row.from_agency_id, toAgencyId: row.to_agency_id }
      : null;
  const subject = { part: row.part, referral, uploadedBy: row.uploaded_by };
  if (!access || !canReadAttachment(actor, access.relation, subject)) return null;
  return { access, subject };
}

/** The file itself, decrypted, for a download; audited as a read of the case. */
export async function downloadAttachment(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; mediaType: string; data: Buffer }> {
  const readable = await readableAttachment(ctx, actor, id);
  if (!readable) throw notFound('attachment');
  const row = await ctx.db
    .selectFrom('attachment')
    .select(['file_name', 'media_type', 'content', 'consent_id', 'referral_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'attachment.read',
      outcome: 'success',
      recordType: 'case',
      recordId: readable.access.caseId,
      details: { attachmentId: id, parts: [readable.subject.part] },
    },
  );
  return {
    fileName: ctx.keys.decrypt(row.file_name),
    mediaType: row.media_type,
    data: ctx.keys.decryptBytes(row.content),
  };
}

/** Removes an attachment: the owner agency's casework roles, or its uploader. */
export async function deleteAttachment(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const readable = await readableAttachment(ctx, actor, id);
  if (!readable) throw notFound('attachment');
  if (!canDeleteAttachment(actor, readable.access.relation, readable.subject))
    throw forbidden('Only the agency that owns the case, or whoever attached the file, can remove it.');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('attachment').where('id', '=', id).execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'attachment.delete',
        outcome: 'success',
        recordType: 'case',
        recordId: readable.access.caseId,
        details: { attachmentId: id },
      },
    );
  });
}
