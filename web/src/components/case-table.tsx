// The table of cases of the case list: reference, person, status, age, sex, province,
// exploitation, who holds it, verification deadline, opened; columns that sort are
// buttons in their headers (aria-sort says the order).
import { useI18n, type MessageKey } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import type { CaseSortKey } from '../contract';
import type { CaseListItem } from '../types';
import { StatusBadge } from './ui';

interface Column {
  label: MessageKey;
  sort?: CaseSortKey;
}

export function CaseTable({
  items,
  caption,
  sort,
  onSort,
}: {
  items: CaseListItem[];
  caption: string;
  /** The current order (e.g. '-registered'), and a way to change it: with both, headers sort. */
  sort?: string;
  onSort?(sort: string): void;
}) {
  const { t, date } = useI18n();
  const ref = useReference();
  const columns: Column[] = [
    { label: 'cases.reference', sort: 'reference' },
    { label: 'cases.person', sort: 'name' },
    { label: 'cases.status', sort: 'status' },
    { label: 'caselist.age', sort: 'age' },
    { label: 'caselist.sex' },
    { label: 'caselist.province' },
    { label: 'cases.exploitation' },
    { label: 'caselist.assignee' },
    { label: 'cases.verificationDue', sort: 'verificationDue' },
    { label: 'cases.opened', sort: 'registered' },
  ];
  const current = sort ?? '-registered';
  const header = (c: Column) => {
    if (!c.sort || !onSort)
      return (
        <th scope="col" key={c.label}>
          {t(c.label)}
        </th>
      );
    const asc = current === c.sort;
    const desc = current === `-${c.sort}`;
    const next = asc ? `-${c.sort}` : c.sort;
    return (
      <th scope="col" key={c.label} aria-sort={asc ? 'ascending' : desc ? 'descending' : undefined}>
        <button type="button" className="sort-button" onClick={() => onSort(next)}>
          {t(c.label)}
          <span className="sort-arrow" aria-hidden="true">
            {asc ? '▲' : desc ? '▼' : '↕'}
          </span>
          <span className="visually-hidden">
            {' '}
            ({t('caselist.sortBy', { column: t(c.label) })}
            {asc || desc ? `, ${asc ? t('caselist.sortedAsc') : t('caselist.sortedDesc')}` : ''})
          </span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap">
      <table className="cases">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>{columns.map(header)}</tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td data-label={t('cases.reference')}>
                <Link to={`/cases/${c.id}`}>{c.reference}</Link>
              </td>
              <td data-label={t('cases.person')}>{c.personName}</td>
              <td data-label={t('cases.status')}>
                <StatusBadge status={c.status} label={ref.label('caseStatuses', c.status)} />
              </td>
              <td data-label={t('caselist.age')}>{c.ageYears ?? '—'}</td>
              <td data-label={t('caselist.sex')}>{ref.label('sexes', c.sex)}</td>
              <td data-label={t('caselist.province')}>{c.province ? ref.province(c.province) : '—'}</td>
              <td data-label={t('cases.exploitation')}>
                {c.exploitationTypes.map((e) => ref.label('exploitationTypes', e)).join(', ') || '—'}
              </td>
              <td data-label={t('caselist.assignee')}>{c.assignee?.displayName ?? '—'}</td>
              <td data-label={t('cases.verificationDue')}>
                {c.verificationDueAt && (c.status === 'received' || c.status === 'under_verification')
                  ? date(c.verificationDueAt)
                  : '—'}
                {c.verificationOverdue ? (
                  <>
                    {' '}
                    <StatusBadge status="overdue" label={t('cases.overdue')} />
                  </>
                ) : null}
              </td>
              <td data-label={t('cases.opened')}>{date(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
