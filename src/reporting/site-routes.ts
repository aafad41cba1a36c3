// HTTP routes of campaign sites (issue 14 §3): the register (list, add, read, change with If-Match), each
// site's poster as a PDF, and the figures per site and month for statistics readers. Who may call each is in
// src/access/rules.ts (sites-policy.ts); writes and posters are audited, refusals by the access hook.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import {
  posterQuerySchema,
  siteCreateSchema,
  siteFiguresQuerySchema,
  siteFiguresSchema,
  siteParamsSchema,
  sitePatchSchema,
  siteSchema,
  type Site,
} from '../contract/schemas/sites.js';
import type { AppContext } from '../platform/context.js';
import { etagOf, stale, versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { Problem } from '../platform/problems.js';
import { posterFileName, sitePoster } from './posters.js';
import { siteFigures } from './site-figures.js';
import { createSite, listSites, requireSite, siteNotFound, updateSite } from './sites.js';

const tags = ['campaign sites'];

const withEtag = (reply: FastifyReply, site: Site) => reply.header('etag', etagOf(site.version));

export async function siteRoutes(app: App, ctx: AppContext): Promise<void> {
  const publicUrl = ctx.config.publicUrl;

  app.get(
    `${API_PREFIX}/sites`,
    {
      config: { access: RULES.siteList },
      schema: {
        tags,
        description:
          'The campaign sites, by code, with the link their posters carry (inactive ones too, unless ?active=true).',
        querystring: z.object({ active: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: z.object({ items: z.array(siteSchema) }) },
      },
    },
    async (request) => ({ items: await listSites(ctx.db, publicUrl, request.query.active === 'true') }),
  );

  app.post(
    `${API_PREFIX}/sites`,
    {
      config: { access: RULES.siteCreate },
      schema: {
        tags,
        description:
          'Adds a campaign site. Its code (upper-cased) goes on the posters and cannot be changed afterwards; a code ' +
          'already in the register is a 409 with reason `site-code-taken`.',
        body: siteCreateSchema,
        response: { 201: siteSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const site = await ctx.db.transaction().execute(async (trx) => {
        const created = await createSite(trx, publicUrl, request.body, actor.userId);
        await recordAudit(
          trx,
          { actor, clientIp: actor.clientIp },
          { action: 'site.create', outcome: 'success', recordType: 'campaign_site', recordId: created.id },
        );
        return created;
      });
      return withEtag(reply.status(201), site).send(site);
    },
  );

  app.get(
    `${API_PREFIX}/sites/:code`,
    {
      config: { access: RULES.siteRead },
      schema: { tags, params: siteParamsSchema, response: { 200: siteSchema } },
    },
    async (request, reply) => {
      const site = await requireSite(ctx.db, publicUrl, request.params.code);
      return withEtag(reply, site).send(site);
    },
  );

  app.patch(
    `${API_PREFIX}/sites/:code`,
    {
      config: { access: RULES.siteUpdate },
      schema: {
        tags,
        description:
          "Changes a site's name, kind, province or whether it is active (send the ETag in If-Match; 412 when someone " +
          'changed it since). The code never changes. An inactive site keeps its reports; its link stops marking new ones.',
        params: siteParamsSchema,
        body: sitePatchSchema,
        response: { 200: siteSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const version = versionFromIfMatch(request.headers['if-match']);
      const fields = Object.keys(request.body).sort();
      if (fields.length === 0)
        throw new Problem('validation', 'Nothing to change: send name, kind, province or active.', { errors: [] });
      const site = await ctx.db.transaction().execute(async (trx) => {
        const result = await updateSite(trx, publicUrl, request.params.code, version, request.body);
        if (result === 'stale') throw stale();
        if (!result) throw siteNotFound(request.params.code);
        await recordAudit(
          trx,
          { actor, clientIp: actor.clientIp },
          {
            action: 'site.update',
            outcome: 'success',
            recordType: 'campaign_site',
            recordId: result.after.id,
            details: { fields },
          },
        );
        return result.after;
      });
      return withEtag(reply, site).send(site);
    },
  );

  app.get(
    `${API_PREFIX}/sites/:code/poster.pdf`,
    {
      config: { access: RULES.sitePoster },
      schema: {
        tags,
        description:
          "The site's poster to print, A4 or A3, in Vietnamese, English or French: the hotline 111, the QR code of the " +
          "site's link, warnings about fake job offers online, the site's name. An inactive site has no poster (409).",
        params: siteParamsSchema,
        querystring: posterQuerySchema,
        produces: ['application/pdf'],
        response: {
          200: {
            description: 'The poster, a one-page PDF',
            content: { 'application/pdf': { schema: z.any().describe('binary (the file)') } },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { site, pdf } = await sitePoster(ctx.db, publicUrl, request.params.code, request.query);
      await recordAudit(
        ctx.db,
        { actor, clientIp: actor.clientIp },
        {
          action: 'site.poster',
          outcome: 'success',
          recordType: 'campaign_site',
          recordId: site.id,
          details: { format: `${request.query.size}-${request.query.lang}` },
        },
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${posterFileName(site.code, request.query)}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    `${API_PREFIX}/statistics/sites`,
    {
      config: { access: RULES.statisticsSites },
      schema: {
        tags: ['statistics'],
        description:
          'Public reports and their escalations per campaign site and month (default: the last 12 months), under ' +
          'small-cell and secondary suppression (LANTERN_MIN_CELL).',
        querystring: siteFiguresQuerySchema,
        response: { 200: siteFiguresSchema },
      },
    },
    async (request) => siteFigures(ctx, actorOf(request), request.query),
  );
}
