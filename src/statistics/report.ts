// The national report (issue 11 §4): a PDF for a chosen period and language, built only from
// controlled tables, each obtained through releaseTable (so each one is a release, stored and
// audited, like a table an analyst asks for), then laid out by report-model.ts and report-pdf.ts.
import type { Actor } from '../platform/actor.js';
import type { Language } from '../contract/codes.js';
import type { StatisticsTable } from '../contract/schemas/statistics.js';
import type { AppContext } from '../platform/context.js';
import { REPORT_SECTIONS, reportModel, sectionQuery } from './report-model.js';
import { renderReportPdf, type PdfOptions } from './report-pdf.js';
import { releaseTable } from './tables.js';

export interface ReportRequest {
  from: string;
  to: string;
  language: Language;
}

/** Releases the report's tables to `actor`, one after the other, in the report's order. */
export async function releaseReportTables(
  ctx: AppContext,
  actor: Actor,
  request: ReportRequest,
  options: { onStale?: () => void } = {},
): Promise<StatisticsTable[]> {
  const tables: StatisticsTable[] = [];
  for (const section of REPORT_SECTIONS) {
    tables.push(
      await releaseTable(ctx, actor, sectionQuery(section, request.from, request.to), actor.clientIp, options),
    );
  }
  return tables;
}

/** The national report's PDF. */
export async function nationalReport(
  ctx: AppContext,
  actor: Actor,
  request: ReportRequest,
  options: { onStale?: () => void } & PdfOptions = {},
): Promise<Buffer> {
  let staleSaid = false;
  const onStale = () => {
    if (staleSaid) return;
    staleSaid = true;
    options.onStale?.();
  };
  const tables = await releaseReportTables(ctx, actor, request, { onStale });
  const model = reportModel(tables, { ...request, minCell: ctx.config.minCell });
  return renderReportPdf(model, options);
}
