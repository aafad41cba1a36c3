// Campaign sites, their posters and their figures (issue 14 §3):
//   GET   /api/v1/sites                                  -> { items: Site[] }
//   POST  /api/v1/sites                                  -> 201 Site (ETag)
//   GET   /api/v1/sites/:code                            -> Site (ETag)
//   PATCH /api/v1/sites/:code (If-Match)                 -> Site: name, kind, province, active (never the code)
//   GET   /api/v1/sites/:code/poster.pdf?lang=&size=     -> application/pdf
//   GET   /api/v1/statistics/sites?from=YYYY-MM&to=YYYY-MM -> reports and escalations per site and month, suppressed
import { z } from 'zod';
import { LANGUAGES } from '../codes.js';
import { isProvinceCode } from '../reference/index.js';
import { POSTER_SIZES, SITE_CODE, SITE_CODE_RULE, SITE_KINDS, SITE_NAME_MAX } from '../sites.js';
import { visibleText } from '../text.js';
import { cellSchema } from './statistics.js';

const province = z.string().refine(isProvinceCode, 'one of the 34 provincial units').nullable();

export const siteSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(SITE_KINDS),
  province: z.string().nullable(),
  active: z.boolean().describe('an inactive site keeps its reports, but its link no longer marks new ones'),
  link: z.string().describe("the poster's link: <LANTERN_PUBLIC_URL>/report?site=CODE"),
  version: z.number().describe('for If-Match on PATCH'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

/** A site's code as sent: trimmed and upper-cased, then checked. */
export const siteCodeSchema = z.string().max(64).trim().toUpperCase().regex(SITE_CODE, SITE_CODE_RULE);

export const siteCreateSchema = z
  .object({
    code: siteCodeSchema.describe(`${SITE_CODE_RULE}; lower case is upper-cased`),
    name: visibleText(SITE_NAME_MAX),
    kind: z.enum(SITE_KINDS),
    province: province.optional(),
  })
  .strict();
export type SiteCreate = z.infer<typeof siteCreateSchema>;

export const sitePatchSchema = z
  .object({
    name: visibleText(SITE_NAME_MAX).optional(),
    kind: z.enum(SITE_KINDS).optional(),
    province: province.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type SitePatch = z.infer<typeof sitePatchSchema>;

export const siteParamsSchema = z.object({ code: z.string().max(64) });

export const posterQuerySchema = z
  .object({
    lang: z.enum(LANGUAGES).default('vi'),
    size: z.enum(POSTER_SIZES).default('A4'),
  })
  .strict();

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

export const siteFiguresQuerySchema = z
  .object({
    from: month.optional().describe('first month (default: 11 months before `to`)'),
    to: month.optional().describe('last month (default: the current month in LANTERN_TIMEZONE)'),
  })
  .strict();

const figureTableSchema = z.object({
  cells: z.array(z.array(cellSchema)).describe('rows: sites (as `sites`); columns: months (as `months`)'),
  rowTotals: z.array(cellSchema).describe('per site, over the months'),
  columnTotals: z.array(cellSchema).describe('per month, over the sites'),
  total: cellSchema,
});

export const siteFiguresSchema = z.object({
  minCell: z.number(),
  from: z.string(),
  to: z.string(),
  months: z.array(z.string()),
  sites: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.enum(SITE_KINDS),
      province: z.string().nullable(),
      active: z.boolean(),
    }),
  ),
  reports: figureTableSchema.describe('public reports that came through the site’s link, by the month received'),
  escalations: figureTableSchema.describe(
    'of those reports, the ones the hotline escalated to a competent agency (by the month the report was received)',
  ),
  notes: z.array(z.string()),
});
export type SiteFigures = z.infer<typeof siteFiguresSchema>;
