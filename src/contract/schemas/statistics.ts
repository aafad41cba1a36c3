// Statistics (issue 11): the API's shapes, shared with the web app.
//   GET  /api/v1/statistics/indicators                    -> indicatorList  (analyst, partner)
//   GET  /api/v1/statistics/tables?indicator=&rows=&columns=&from=&to=&mode=suppression|dp&epsilon=
//                                                         -> statisticsTable (fixed shape, issue 11)
//   GET  /api/v1/statistics/releases/:id?format=csv|xlsx  -> exactly the table released under that id
//   GET  /api/v1/statistics/budget                        -> privacyBudget (the caller's DP budget)
//   GET  /api/v1/statistics/status                        -> statisticsStatus (figures as of when)
//   POST /api/v1/statistics/refresh                       -> 202 { job }  rebuilds the figures
//   POST /api/v1/statistics/exports/htcds  { k? }         -> 202 { job }  k-anonymous HTCDS CSV
//   GET  /api/v1/statistics/report?from=&to=&language=    -> application/pdf: the national report, built from
//                                                            controlled tables (each one a release)
//   GET  /api/v1/statistics/files/:jobId                  -> the export's file (its requester only)
import { z } from 'zod';
import { LANGUAGES } from '../codes.js';
import {
  DEFAULT_EXPORT_K,
  DIMENSION_IDS,
  EPSILON_MAX,
  EPSILON_MIN,
  INDICATOR_IDS,
  type Dimension,
  type IndicatorId,
} from '../statistics.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)');

export const CELL_STATUSES = ['shown', 'suppressed', 'noisy'] as const;
export const cellSchema = z.object({
  value: z.number().int().nullable(),
  status: z.enum(CELL_STATUSES),
  uncertainty: z.number().optional().describe('noisy cells: half-width of the 95 % interval around the released value'),
});
export type Cell = z.infer<typeof cellSchema>;

export const STATISTICS_MODES = ['suppression', 'dp'] as const;
export type StatisticsMode = (typeof STATISTICS_MODES)[number];

export const tableQuerySchema = z
  .object({
    indicator: z.enum(INDICATOR_IDS as [IndicatorId, ...IndicatorId[]]),
    rows: z.enum(DIMENSION_IDS as [Dimension, ...Dimension[]]).optional(),
    columns: z.enum(DIMENSION_IDS as [Dimension, ...Dimension[]]),
    from: day.describe('first day of a month, in LANTERN_TIMEZONE'),
    to: day.describe('last day of a month'),
    mode: z.enum(STATISTICS_MODES).default('suppression'),
    epsilon: z.coerce.number().min(EPSILON_MIN).max(EPSILON_MAX).optional().describe('dp mode: the ε to spend'),
  })
  .strict();
export type TableQuery = z.infer<typeof tableQuerySchema>;

export const privacySpendSchema = z.object({
  epsilon: z.number(),
  period: z.string().describe('the budget period: a calendar year in LANTERN_TIMEZONE'),
  budget: z.number(),
  spent: z.number(),
  remaining: z.number(),
  contribution: z.string().describe('how each person was capped to one contribution'),
});

export const statisticsTableSchema = z.object({
  releaseId: z.uuid().describe('download exactly this table again: GET /statistics/releases/:id'),
  indicator: z.enum(INDICATOR_IDS as [IndicatorId, ...IndicatorId[]]),
  unit: z.enum(['person', 'case', 'event']),
  mode: z.enum(STATISTICS_MODES),
  from: day,
  to: day,
  asOf: z.string().describe('when the figures were computed (ISO 8601)'),
  minCell: z.number().int().describe('k: no count from 1 to k−1 is released'),
  rowDimension: z.string().optional(),
  columnDimension: z.string(),
  rows: z.array(z.string()).optional(),
  columns: z.array(z.string()),
  cells: z.array(z.array(cellSchema)),
  rowTotals: z.array(cellSchema),
  columnTotals: z.array(cellSchema),
  total: cellSchema,
  notes: z.array(z.string()).describe('codes of what was done: suppression applied, persons capped, …'),
  privacy: privacySpendSchema.optional(),
});
export type StatisticsTable = z.infer<typeof statisticsTableSchema>;

export const indicatorListSchema = z.object({
  minCell: z.number().int(),
  asOf: z.string().nullable(),
  indicators: z.array(
    z.object({
      id: z.enum(INDICATOR_IDS as [IndicatorId, ...IndicatorId[]]),
      unit: z.enum(['person', 'case', 'event']),
      dimensions: z.array(
        z.object({
          id: z.enum(DIMENSION_IDS as [Dimension, ...Dimension[]]),
          domain: z.array(z.string()).nullable().describe('null: periods of the window'),
          dp: z.boolean().describe('whether differential privacy may use it (its domain is public)'),
        }),
      ),
    }),
  ),
});

export const privacyBudgetSchema = z.object({
  period: z.string(),
  budget: z.number(),
  spent: z.number(),
  remaining: z.number(),
  releases: z.array(z.object({ at: z.string(), indicator: z.string(), epsilon: z.number(), releaseId: z.uuid() })),
});

export const statisticsStatusSchema = z.object({
  asOf: z.string().nullable(),
  refreshing: z.boolean(),
});

export const htcdsExportRequestSchema = z
  .object({ k: z.number().int().min(2).max(100).default(DEFAULT_EXPORT_K) })
  .strict();
export const reportRequestSchema = z.object({ from: day, to: day, language: z.enum(LANGUAGES).default('vi') }).strict();
