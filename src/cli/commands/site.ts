// `lantern site add|list` and `lantern posters`: the register of campaign sites and their printable posters
// (issue 14 §3), from the server's console. The checks are the API's (src/contract/schemas/sites.ts).
import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../../access/audit.js';
import type { Language } from '../../contract/codes.js';
import { siteCreateSchema } from '../../contract/schemas/sites.js';
import type { PosterSize, SiteKind } from '../../contract/sites.js';
import { Problem } from '../../platform/problems.js';
import { sitePoster } from '../../reporting/posters.js';
import { createSite, listSites } from '../../reporting/sites.js';
import { cliAudit, config, UsageError, withContext } from '../support.js';

/** A poster that points at this machine is of no use on a wall: say so (the poster is still written). */
function warnIfLocal(): void {
  const host = new URL(config.publicUrl).hostname;
  if (host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]')
    console.error(
      `Warning: the link is ${config.publicUrl}, this machine. Set LANTERN_PUBLIC_URL to the address the public ` +
        'opens Lantern at (e.g. https://lantern.example.gov.vn) before printing posters.',
    );
}

export async function addSite(o: { code: string; name: string; kind: SiteKind; province?: string }) {
  const parsed = siteCreateSchema.safeParse({
    code: o.code,
    name: o.name,
    kind: o.kind,
    ...(o.province !== undefined ? { province: o.province } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    if (field === 'province')
      throw new UsageError(
        `Unknown province "${o.province}". Use a code of \`lantern reference provinces\`, e.g. ha-noi.`,
      );
    if (field === 'code') throw new UsageError(`The code "${o.code}" is not one: ${issue.message}.`);
    throw new UsageError(`The ${field || 'input'} is not valid: ${issue.message}.`);
  }
  await withContext(async (ctx) => {
    const site = await ctx.db.transaction().execute(async (trx) => {
      const created = await createSite(trx, config.publicUrl, parsed.data, null).catch((error: unknown) => {
        if (error instanceof Problem && error.extra.reason === 'site-code-taken')
          throw new UsageError(`A campaign site with the code ${parsed.data.code} exists already.`);
        throw error;
      });
      await recordAudit(trx, cliAudit, {
        action: 'site.create',
        outcome: 'success',
        recordType: 'campaign_site',
        recordId: created.id,
        details: { via: 'cli' },
      });
      return created;
    });
    console.log(`Campaign site ${site.code} added. Its posters link to ${site.link}`);
  });
  warnIfLocal();
}

export async function listSitesCommand() {
  await withContext(async (ctx) => {
    const sites = await listSites(ctx.db, config.publicUrl);
    const rows = [
      ['CODE', 'KIND', 'PROVINCE', 'STATE', 'NAME', 'LINK'],
      ...sites.map((s) => [s.code, s.kind, s.province ?? '-', s.active ? 'active' : 'inactive', s.name, s.link]),
    ];
    const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => [...r[j]!].length)));
    for (const r of rows)
      console.log(
        r.map((cell, j) => (j === r.length - 1 ? cell : cell + ' '.repeat(widths[j]! - [...cell].length))).join('  '),
      );
    console.log(sites.length === 1 ? '1 site.' : `${sites.length} sites.`);
  });
}

export async function postersCommand(o: { site: string; lang: Language; size: PosterSize; out: string }) {
  const out = path.resolve(o.out);
  const folder = path.dirname(out);
  if (!fs.existsSync(folder))
    throw new UsageError(
      `The folder ${folder} does not exist: create it first (mkdir -p ${folder}) or choose another --out.`,
    );
  if (!fs.statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder: choose another --out.`);
  await withContext(async (ctx) => {
    const { site, pdf } = await sitePoster(ctx.db, config.publicUrl, o.site, { lang: o.lang, size: o.size }).catch(
      (error: unknown) => {
        if (error instanceof Problem && error.type === 'not-found')
          throw new UsageError(`No campaign site has the code ${o.site} (see \`lantern site list\`).`);
        if (error instanceof Problem && error.extra.reason === 'site-inactive')
          throw new UsageError(
            `The campaign site ${o.site.toUpperCase()} is inactive: its link no longer marks reports.`,
          );
        throw error;
      },
    );
    fs.writeFileSync(out, pdf);
    await recordAudit(ctx.db, cliAudit, {
      action: 'site.poster',
      outcome: 'success',
      recordType: 'campaign_site',
      recordId: site.id,
      details: { via: 'cli', format: `${o.size}-${o.lang}` },
    });
    console.log(`Poster of ${site.code} (${o.size}, ${o.lang}) written to ${out}; its QR code opens ${site.link}`);
  });
  warnIfLocal();
}
