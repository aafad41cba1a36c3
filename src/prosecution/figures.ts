// GET /api/v1/statistics/prosecution: the prosecution figures (issue 13 §4) for the statistics readers,
// counted over every agency's prosecution files and released under the statistics capability's disclosure
// control (figures-model.ts: the same suppression and k as every statistics table). Audited as a release.
import type { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { PENAL_CODE_ARTICLES } from '../contract/prosecution.js';
import { PROVINCE_CODES } from '../contract/reference/index.js';
import type { prosecutionFiguresSchema } from '../contract/schemas/prosecution-file.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { FIGURE_MEASURES, prosecutionFigureTables } from './figures-model.js';

const PROVINCES = [...PROVINCE_CODES, 'unknown'];

export async function prosecutionFigures(
  ctx: AppContext,
  actor: Actor,
): Promise<z.infer<typeof prosecutionFiguresSchema>> {
  const db = ctx.db;
  const [initiated, charges, verdicts] = await Promise.all([
    db
      .selectFrom('prosecution_step')
      .select(['case_id', (eb) => eb.fn.min('step_date').as('date')])
      .where('kind', '=', 'case_initiated')
      .groupBy('case_id')
      .execute(),
    db.selectFrom('prosecution_charge').select(['case_id', 'suspect_id', 'article', 'outcome']).execute(),
    db
      .selectFrom('prosecution_verdict')
      .select(['case_id', 'suspect_id', 'instance', 'outcome', 'verdict_date'])
      .execute(),
  ]);
  const caseIds = [...new Set([...initiated.map((r) => r.case_id), ...charges.map((r) => r.case_id)])];
  const places = caseIds.length
    ? await db
        .selectFrom('case_file as c')
        .innerJoin('person as p', 'p.id', 'c.person_id')
        .select(['c.id', 'p.province', 'c.origin_province'])
        .where('c.id', 'in', caseIds)
        .execute()
    : [];
  const known = new Set(PROVINCE_CODES);
  const province = new Map(
    places.map((r) => [
      r.id,
      r.province && known.has(r.province)
        ? r.province
        : r.origin_province && known.has(r.origin_province)
          ? r.origin_province
          : 'unknown',
    ]),
  );
  const k = ctx.config.minCell;
  const tables = prosecutionFigureTables(
    {
      initiated: new Map(initiated.map((r) => [r.case_id, String(r.date)])),
      charges: charges.map((c) => ({
        caseId: c.case_id,
        suspectId: c.suspect_id,
        article: c.article,
        outcome: c.outcome,
      })),
      verdicts: verdicts.map((v) => ({
        caseId: v.case_id,
        suspectId: v.suspect_id,
        instance: v.instance,
        outcome: v.outcome,
        date: v.verdict_date,
      })),
      province,
    },
    PENAL_CODE_ARTICLES,
    PROVINCES,
    k,
  );
  const suppressed = [...tables.byArticle.cells.flat(), ...tables.byProvince.cells.flat()].filter(
    (c) => c.status === 'suppressed',
  ).length;
  await recordAudit(
    db,
    { actor, clientIp: actor.clientIp },
    { action: 'statistics.prosecution_read', outcome: 'success', details: { k, suppressedCells: suppressed } },
  );
  return {
    minCell: k,
    measures: [...FIGURE_MEASURES],
    byArticle: { articles: [...PENAL_CODE_ARTICLES], ...tables.byArticle },
    byProvince: { provinces: PROVINCES, ...tables.byProvince },
    medianDaysInitiationToVerdict: tables.medianDays,
    notes: [
      `Counts from 1 to ${k - 1} (or resting on fewer than ${k} cases) are not shown, nor the counts that would reveal them.`,
      'By article an accused counts under each article charged: the total is the sum over articles.',
      `The median is shown only over at least ${k} cases with both an initiation and a verdict.`,
    ],
  };
}
