// The table of cases used by the case list and the home screen.
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import type { CaseListItem } from '../types';
import { StatusBadge } from './ui';

export function CaseTable({ items, caption }: { items: CaseListItem[]; caption: string }) {
  const { t, date } = useI18n();
  const ref = useReference();
  return (
    <div className="table-wrap">
      <table className="cases">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cases.reference')}</th>
            <th scope="col">{t('cases.person')}</th>
            <th scope="col">{t('cases.status')}</th>
            <th scope="col">{t('cases.exploitation')}</th>
            <th scope="col">{t('cases.destination')}</th>
            <th scope="col">{t('cases.verificationDue')}</th>
            <th scope="col">{t('cases.opened')}</th>
          </tr>
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
              <td data-label={t('cases.exploitation')}>
                {c.exploitationTypes.map((e) => ref.label('exploitationTypes', e)).join(', ') || '—'}
              </td>
              <td data-label={t('cases.destination')}>
                {c.destinationCountry ? ref.country(c.destinationCountry) : '—'}
              </td>
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
