// HTTP routes of the prosecution file (issue 13 §4), in the style of /api/v1/cases/:id/support-plan: the
// whole file with its version as ETag; PUT and PATCH send that version back in If-Match.
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { requireCaseProsecution } from '../access/prosecution-gate.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { displayName } from '../contract/names.js';
import { today } from '../contract/calendar.js';
import {
  chargeCreateSchema,
  chargePatchSchema,
  courtDateCreateSchema,
  prosecutionFiguresSchema,
  prosecutionFileSchema,
  stepCreateSchema,
  stepPatchSchema,
  verdictInputSchema,
  victimSideInputSchema,
} from '../contract/schemas/prosecution-file.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { etagOf, versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { renderDossierPdf } from './dossier-pdf.js';
import { prosecutionFigures } from './figures.js';
import {
  addCharge,
  addCourtDate,
  addStep,
  getProsecutionFile,
  loadFile,
  putVictimSide,
  recordVerdict,
  updateCharge,
  updateStep,
} from './file.js';

const tags = ['prosecution'];
const idParams = z.object({ id: z.uuid('an id (UUID)') });
const stepParams = idParams.extend({ stepId: z.uuid('an id (UUID)') });
const chargeParams = idParams.extend({ chargeId: z.uuid('an id (UUID)') });
const fileResponse = { 200: prosecutionFileSchema, 201: prosecutionFileSchema };

/** The printable dossier: the victim by name only when the caller may read the case's identity. Audited as an export. */
async function dossier(ctx: AppContext, actor: Actor, caseId: string): Promise<{ reference: string; pdf: Buffer }> {
  const access = await requireCaseProsecution(ctx.db, actor, caseId);
  const file = await loadFile(ctx, ctx.db, actor, access);
  const withName = access.parts.has('identity');
  const person = withName
    ? await ctx.db
        .selectFrom('person')
        .select(['family_name', 'middle_name', 'given_name', 'aliases'])
        .where('id', '=', access.personId)
        .executeTakeFirst()
    : undefined;
  // the printing agency's name for the footer: a lookup, not an access filter
  // eslint-disable-next-line no-restricted-syntax
  const agency = await ctx.db.selectFrom('agency').select('name').where('id', '=', actor.agencyId).executeTakeFirst();
  const pdf = await renderDossierPdf({
    file,
    victimName: person
      ? displayName({
          familyName: person.family_name,
          middleName: person.middle_name,
          givenName: person.given_name,
          aliases: person.aliases,
        })
      : null,
    agencyName: agency?.name ?? '',
    printedOn: today(),
  });
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'prosecution.dossier_export',
      outcome: 'success',
      recordType: 'case',
      recordId: caseId,
      details: { steps: file.steps.length, accused: file.accused.length, parts: withName ? ['identity'] : [] },
    },
  );
  return { reference: file.caseReference, pdf };
}

export async function prosecutionFileRoutes(app: App, ctx: AppContext): Promise<void> {
  const base = `${API_PREFIX}/cases/:id/prosecution`;
  /** After a change: the whole file as the caller now sees it, with its new ETag. */
  const fresh = async (actor: Actor, caseId: string) => getProsecutionFile(ctx, actor, caseId);

  app.get(
    base,
    {
      config: { access: RULES.prosecutionFileRead },
      schema: { tags, params: idParams, response: { 200: prosecutionFileSchema } },
    },
    async (request, reply) => {
      const file = await getProsecutionFile(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etagOf(file.version)).send(file);
    },
  );

  app.post(
    `${base}/steps`,
    {
      config: { access: RULES.prosecutionStepCreate },
      schema: {
        tags,
        description:
          'Records the next step of the proceedings. A step out of the order of the Criminal Procedure Code is ' +
          'refused (409 illegal-transition, with `reason` and `requires`) and changes nothing.',
        params: idParams,
        body: stepCreateSchema,
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await addStep(ctx, actor, request.params.id, request.body);
      const file = await fresh(actor, request.params.id);
      return reply.status(201).header('etag', etagOf(file.version)).send(file);
    },
  );
  app.patch(
    `${base}/steps/:stepId`,
    {
      config: { access: RULES.prosecutionStepUpdate },
      schema: {
        tags,
        description: "Corrects a step (not its kind). If-Match: the file's ETag.",
        params: stepParams,
        body: stepPatchSchema,
        response: { 200: prosecutionFileSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const version = versionFromIfMatch(request.headers['if-match']);
      await updateStep(ctx, actor, request.params.id, request.params.stepId, version, request.body);
      const file = await fresh(actor, request.params.id);
      return reply.header('etag', etagOf(file.version)).send(file);
    },
  );

  app.post(
    `${base}/charges`,
    {
      config: { access: RULES.prosecutionChargeCreate },
      schema: { tags, params: idParams, body: chargeCreateSchema, response: fileResponse },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await addCharge(ctx, actor, request.params.id, request.body);
      const file = await fresh(actor, request.params.id);
      return reply.status(201).header('etag', etagOf(file.version)).send(file);
    },
  );
  app.patch(
    `${base}/charges/:chargeId`,
    {
      config: { access: RULES.prosecutionChargeUpdate },
      schema: {
        tags,
        description: "A charge's outcome. If-Match: the file's ETag.",
        params: chargeParams,
        body: chargePatchSchema,
        response: { 200: prosecutionFileSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const version = versionFromIfMatch(request.headers['if-match']);
      await updateCharge(ctx, actor, request.params.id, request.params.chargeId, version, request.body);
      const file = await fresh(actor, request.params.id);
      return reply.header('etag', etagOf(file.version)).send(file);
    },
  );

  app.post(
    `${base}/verdicts`,
    {
      config: { access: RULES.prosecutionVerdict },
      schema: {
        tags,
        description: 'The verdict on one accused at one instance; the trial must be recorded first.',
        params: idParams,
        body: verdictInputSchema,
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await recordVerdict(ctx, actor, request.params.id, request.body);
      const file = await fresh(actor, request.params.id);
      return reply.status(201).header('etag', etagOf(file.version)).send(file);
    },
  );

  app.put(
    `${base}/victim`,
    {
      config: { access: RULES.prosecutionVictim },
      schema: {
        tags,
        description:
          'The victim\'s side of the proceedings. If-Match: the file\'s ETag, or "0" when nothing is recorded.',
        params: idParams,
        body: victimSideInputSchema,
        response: { 200: prosecutionFileSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const version = versionFromIfMatch(request.headers['if-match'], 0);
      await putVictimSide(ctx, actor, request.params.id, version, request.body);
      const file = await fresh(actor, request.params.id);
      return reply.header('etag', etagOf(file.version)).send(file);
    },
  );

  app.post(
    `${base}/court-dates`,
    {
      config: { access: RULES.prosecutionCourtDate },
      schema: {
        tags,
        description:
          "A court date the victim attends: puts legal aid (and interpretation when the person's languages do not " +
          'include Vietnamese) on the support plan, planned on that date.',
        params: idParams,
        body: courtDateCreateSchema,
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await addCourtDate(ctx, actor, request.params.id, request.body);
      const file = await fresh(actor, request.params.id);
      return reply.status(201).header('etag', etagOf(file.version)).send(file);
    },
  );

  app.get(
    `${base}/dossier.pdf`,
    {
      config: { access: RULES.prosecutionDossier },
      schema: {
        tags,
        description: 'The printable dossier (Vietnamese) for the procuracy and the court; audited as an export.',
        params: idParams,
        produces: ['application/pdf'],
        response: {
          200: {
            description: 'The dossier, a PDF',
            content: { 'application/pdf': { schema: z.any().describe('binary (the file)') } },
          },
        },
      },
    },
    async (request, reply) => {
      const { reference, pdf } = await dossier(ctx, actorOf(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="ho-so-truy-to-${reference.replace(/[^\w.-]/g, '_')}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    `${API_PREFIX}/statistics/prosecution`,
    {
      config: { access: RULES.statisticsProsecution },
      schema: {
        tags: ['statistics'],
        description:
          'Prosecution figures (cases initiated, accused, indicted, convicted) by Penal Code article and by province, ' +
          'and the median days from initiation to the first verdict, under small-cell and secondary suppression.',
        response: { 200: prosecutionFiguresSchema },
      },
    },
    async (request) => prosecutionFigures(ctx, actorOf(request)),
  );
}
