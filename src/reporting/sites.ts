// The register of campaign sites (issue 14 §3), shared by the API and the CLI: add, list, read, change
// (name, kind, province, active; never the code, which is printed on posters), and the one check the public
// side makes: whether a code from a poster's link names an active site. The callers decide access (the route
// rules, or the trusted CLI) and write the audit events.
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { SiteCreate, SitePatch, Site } from '../contract/schemas/sites.js';
import { normaliseSiteCode, siteLink, type SiteKind } from '../contract/sites.js';
import type { CampaignSiteTable, DB } from '../platform/db-schema.js';
import { inTransaction } from '../platform/database.js';
import { Problem } from '../platform/problems.js';

type SiteRow = Selectable<CampaignSiteTable>;

const siteView = (r: SiteRow, publicUrl: string): Site => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind as SiteKind,
  province: r.province_code,
  active: r.active,
  link: siteLink(publicUrl, r.code),
  version: r.version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export const siteNotFound = (code: string) =>
  new Problem('not-found', `No campaign site has the code ${code}. See GET /api/v1/sites for the register.`);

/** Adds a site (its code upper-cased); a code already taken is a 409 naming the field. */
export async function createSite(
  db: Kysely<DB>,
  publicUrl: string,
  input: SiteCreate,
  createdBy: string | null,
): Promise<Site> {
  const exists = await db.selectFrom('campaign_site').select('id').where('code', '=', input.code).executeTakeFirst();
  if (exists)
    throw new Problem('conflict', `A campaign site with the code ${input.code} exists already.`, {
      reason: 'site-code-taken',
      errors: [{ field: 'body.code', message: 'is taken', code: 'site-code-taken' }],
    });
  const row = await db
    .insertInto('campaign_site')
    .values({
      id: crypto.randomUUID(),
      code: input.code,
      name: input.name,
      kind: input.kind,
      province_code: input.province ?? null,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return siteView(row, publicUrl);
}

/** Every site, by code (inactive ones too, unless `activeOnly`). */
export async function listSites(db: Kysely<DB>, publicUrl: string, activeOnly = false): Promise<Site[]> {
  let query = db.selectFrom('campaign_site').selectAll().orderBy('code');
  if (activeOnly) query = query.where('active', '=', true);
  return (await query.execute()).map((r) => siteView(r, publicUrl));
}

/** The site of a code as typed (any case), or undefined. */
export async function findSite(db: Kysely<DB>, publicUrl: string, code: string): Promise<Site | undefined> {
  const normal = normaliseSiteCode(code);
  if (!normal) return undefined;
  const row = await db.selectFrom('campaign_site').selectAll().where('code', '=', normal).executeTakeFirst();
  return row ? siteView(row, publicUrl) : undefined;
}

/** The site of a code, or a 404. */
export async function requireSite(db: Kysely<DB>, publicUrl: string, code: string): Promise<Site> {
  const site = await findSite(db, publicUrl, code);
  if (!site) throw siteNotFound(code);
  return site;
}

/**
 * Applies `changes` to the site if it is still at `version`: the site before and after, 'stale' when someone
 * changed it since, undefined when there is no such site.
 */
export async function updateSite(
  db: Kysely<DB>,
  publicUrl: string,
  code: string,
  version: number,
  changes: SitePatch,
): Promise<{ before: Site; after: Site } | 'stale' | undefined> {
  const normal = normaliseSiteCode(code);
  if (!normal) return undefined;
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('campaign_site')
      .selectAll()
      .where('code', '=', normal)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return undefined;
    if (current.version !== version) return 'stale';
    const row = await trx
      .updateTable('campaign_site')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
        ...(changes.province !== undefined ? { province_code: changes.province } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before: siteView(current, publicUrl), after: siteView(row, publicUrl) };
  });
}

/**
 * The code of the active site a public link names (`?site=` of a poster), or null: an unknown, inactive or
 * malformed code is dropped without a word, so that the public form never fails because of a poster.
 */
export async function activeSiteCode(db: Kysely<DB>, value: unknown): Promise<string | null> {
  const code = normaliseSiteCode(value);
  if (!code) return null;
  const row = await db
    .selectFrom('campaign_site')
    .select('code')
    .where('code', '=', code)
    .where('active', '=', true)
    .executeTakeFirst();
  return row?.code ?? null;
}
