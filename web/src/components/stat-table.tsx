// A controlled table as an accessible <table> (caption, headers, totals), with its marks'
// legend and the download of exactly this release (CSV, XLSX): the file is the table released
// under its id, never a new request (in differential privacy that would spend budget again).
import { useI18n } from '../i18n';
import { cellText, hasValue, marksOf, releaseUrl, SUPPRESSED_MARK, type Cell } from '../statistics';
import type { StatisticsTable } from '../types';

export interface StatTableProps {
  table: StatisticsTable;
  caption: string;
  id: string;
  columnLabel(code: string): string;
  rowLabel(code: string): string;
  /** The header of the first column of a one-dimension table (its dimension). */
  columnHeader: string;
  rowHeader?: string;
}

function CellTd({ cell, header }: { cell: Cell | undefined; header: string }) {
  const { t, number } = useI18n();
  const text = cellText(cell, number);
  if (!hasValue(cell))
    return (
      <td data-label={header} className="cell-suppressed">
        <abbr title={t('stats.suppressedTitle')}>{SUPPRESSED_MARK}</abbr>
      </td>
    );
  return (
    <td data-label={header} className={cell.status === 'noisy' ? 'cell-noisy' : undefined}>
      {text}
    </td>
  );
}

export function StatTable({ table, caption, id, columnLabel, rowLabel, columnHeader, rowHeader }: StatTableProps) {
  const { t, lang, dateTime } = useI18n();
  const marks = marksOf(table);
  const count = t('stats.count');
  const total = t('stats.total');
  return (
    <div className="stat-table">
      {/* Scrolls when long: reachable by keyboard, named by the table's caption. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('stats.tableRegion', { title: caption })}>
        {table.rows ? (
          <table id={id} className="numbers">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{rowHeader}</th>
                {table.columns.map((c) => (
                  <th scope="col" key={c}>
                    {columnLabel(c)}
                  </th>
                ))}
                <th scope="col">{total}</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={r}>
                  <th scope="row">{rowLabel(r)}</th>
                  {table.columns.map((c, j) => (
                    <CellTd key={c} cell={table.cells[i]?.[j]} header={columnLabel(c)} />
                  ))}
                  <CellTd cell={table.rowTotals[i]} header={total} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{total}</th>
                {table.columns.map((c, j) => (
                  <CellTd key={c} cell={table.columnTotals[j]} header={columnLabel(c)} />
                ))}
                <CellTd cell={table.total} header={total} />
              </tr>
            </tfoot>
          </table>
        ) : (
          <table id={id} className="numbers">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{columnHeader}</th>
                <th scope="col">{count}</th>
              </tr>
            </thead>
            <tbody>
              {table.columns.map((c, j) => (
                <tr key={c}>
                  <th scope="row" data-code={c}>
                    {columnLabel(c)}
                  </th>
                  <CellTd cell={table.cells[0]?.[j]} header={count} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{total}</th>
                <CellTd cell={table.total} header={count} />
              </tr>
            </tfoot>
          </table>
        )}
      </div>
      {marks.suppressed || marks.noisy ? (
        <ul className="stat-legend">
          {marks.suppressed ? (
            <li>
              <strong>{SUPPRESSED_MARK}</strong> — {t('stats.legendSuppressed', { k: table.minCell })}
            </li>
          ) : null}
          {marks.noisy ? (
            <li>
              <strong>±</strong> — {t('stats.legendNoisy')}
            </li>
          ) : null}
        </ul>
      ) : null}
      <p className="stat-meta">
        {t('stats.asOf', { at: dateTime(table.asOf) })}
        {table.privacy ? ` · ${t('stats.spent', { epsilon: table.privacy.epsilon })}` : null}
        {' · '}
        <span className="downloads">
          {t('stats.download')}{' '}
          <a href={releaseUrl(table.releaseId, 'csv', lang)} download>
            CSV<span className="visually-hidden"> — {caption}</span>
          </a>{' '}
          <a href={releaseUrl(table.releaseId, 'xlsx', lang)} download>
            XLSX<span className="visually-hidden"> — {caption}</span>
          </a>
        </span>
      </p>
    </div>
  );
}
