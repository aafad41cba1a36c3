// GET /api/v1/statistics/sites: public reports and their escalations per campaign site and month (issue 14 §3),
// for the statistics readers, under the statistics capability's disclosure control (site-figures-model.ts).
// A report counts in the month it was received, in LANTERN_TIMEZONE; reports the hotline marked as spam do not
// count. Audited as a release, with k and the number of entries hidden.
import { sql } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { calendarZone, today, zonedDayStart } from '../contract/calendar.js';
import type { SiteFigures } from '../contract/schemas/sites.js';
import type { SiteKind } from '../contract/sites.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { Problem } from '../platform/problems.js';
import { addMonths, monthsBetween, releaseSiteTable, type SiteMonthCount } from './site-figures-model.js';

/** The longest window one request may ask for, in months. */
export const SITE_FIGURES_MAX_MONTHS = 36;

function windowOf(query: { from?: string; to?: string }): { from: string; to: string } {
  const to = query.to ?? today().slice(0, 7);
  const from = query.from ?? addMonths(to, -11);
  if (from > to)
    throw new Problem('validation', 'The first month comes after the last.', {
      errors: [{ field: 'query.from', message: 'is after `to`' }],
    });
  if (monthsBetween(from, to).length > SITE_FIGURES_MAX_MONTHS)
    throw new Problem('validation', `Ask for at most ${SITE_FIGURES_MAX_MONTHS} months at a time.`, {
      errors: [{ field: 'query.from', message: `more than ${SITE_FIGURES_MAX_MONTHS} months before \`to\`` }],
    });
  return { from, to };
}

export async function siteFigures(
  ctx: AppContext,
  actor: Actor,
  query: { from?: string; to?: string },
): Promise<SiteFigures> {
  const { from, to } = windowOf(query);
  const months = monthsBetween(from, to);
  const zone = calendarZone();
  const start = zonedDayStart(`${from}-01`, zone);
  const end = zonedDayStart(`${addMonths(to, 1)}-01`, zone);
  const [sites, counts] = await Promise.all([
    ctx.db
      .selectFrom('campaign_site')
      .select(['code', 'name', 'kind', 'province_code', 'active'])
      .orderBy('code')
      .execute(),
    sql<{ site: string; month: string; reports: string | number; escalations: string | number }>`
      SELECT site_code AS site,
             to_char(created_at AT TIME ZONE ${sql.lit(zone)}, 'YYYY-MM') AS month,
             count(*) AS reports,
             count(*) FILTER (WHERE triage_outcome = 'escalated') AS escalations
        FROM public_report
       WHERE site_code IS NOT NULL
         AND created_at >= ${start} AND created_at < ${end}
         AND triage_outcome IS DISTINCT FROM 'spam'
       GROUP BY 1, 2`.execute(ctx.db),
  ]);
  const rows: SiteMonthCount[] = counts.rows.map((r) => ({
    site: r.site,
    month: r.month,
    reports: Number(r.reports),
    escalations: Number(r.escalations),
  }));
  const codes = sites.map((s) => s.code);
  const k = ctx.config.minCell;
  const reports = releaseSiteTable(codes, months, rows, 'reports', k);
  const escalations = releaseSiteTable(codes, months, rows, 'escalations', k);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'statistics.sites_read',
      outcome: 'success',
      details: { k, suppressedCells: reports.hidden + escalations.hidden, windowFrom: from, windowTo: to },
    },
  );
  return {
    minCell: k,
    from,
    to,
    months,
    sites: sites.map((s) => ({
      code: s.code,
      name: s.name,
      kind: s.kind as SiteKind,
      province: s.province_code,
      active: s.active,
    })),
    reports: reports.table,
    escalations: escalations.table,
    notes: [
      `Counts from 1 to ${k - 1} are not shown, nor the counts that would reveal them (statistics disclosure control).`,
      'A report counts in the month it was received (LANTERN_TIMEZONE); reports marked as spam do not count.',
      'Escalations are the reports of that month that the hotline passed to a competent agency, so far.',
    ],
  };
}
