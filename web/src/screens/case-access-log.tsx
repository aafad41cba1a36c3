// Who viewed this file: every read and change of the case, from the audit trail. An
// event that Lantern did not write (put straight into the database) is flagged.
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { ErrorMessage, Notice, StatusBadge } from '../components/ui';
import { ExportLinks } from '../components/export-links';
import type { AccessLogEntry, Page } from '../types';

export function AccessLog({
  page,
  caseId,
  heading = true,
}: {
  page: Page<AccessLogEntry>;
  caseId: string;
  heading?: boolean;
}) {
  const { t, dateTime, code } = useI18n();
  const ref = useReference();
  const [items, setItems] = useState(page.items);
  const [next, setNext] = useState(page.nextCursor);
  const [error, setError] = useState<unknown>(null);
  const more = async () => {
    try {
      const p = await api.get<Page<AccessLogEntry>>(`/cases/${caseId}/access-log`, { limit: 100, cursor: next });
      setItems((prev) => [...prev, ...p.items]);
      setNext(p.nextCursor);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby={heading ? 'h-access' : undefined} aria-label={heading ? undefined : t('access.title')}>
      {heading ? <h2 id="h-access">{t('access.title')}</h2> : null}
      <p className="hint">{t('access.help')}</p>
      <ExportLinks path={`/cases/${caseId}/access-log/export`} />
      {items.some((e) => e.forged) ? <Notice kind="warning">{t('access.forgedWarning')}</Notice> : null}
      <ErrorMessage error={error} />
      {items.length === 0 ? (
        <p>{t('access.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('access.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('access.when')}</th>
                <th scope="col">{t('access.who')}</th>
                <th scope="col">{t('access.agency')}</th>
                <th scope="col">{t('access.action')}</th>
                <th scope="col">{t('access.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e, i) => (
                <tr key={i} className={e.forged ? 'forged' : undefined}>
                  <td data-label={t('access.when')}>
                    <time dateTime={e.at}>{dateTime(e.at)}</time>
                  </td>
                  <td data-label={t('access.who')}>
                    {e.actorName ?? t('access.unknownActor')}
                    {e.actorEmail ? <span className="hint"> {e.actorEmail}</span> : null}
                  </td>
                  <td data-label={t('access.agency')}>{e.agencyCode ? ref.agencyName(e.agencyCode) : '—'}</td>
                  <td data-label={t('access.action')}>
                    {code('auditAction', e.action)}
                    {e.forged ? (
                      <>
                        {' '}
                        <StatusBadge status="forged" label={t('access.forged')} />
                      </>
                    ) : null}
                  </td>
                  <td data-label={t('access.outcome')}>{code('outcome', e.outcome)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <button type="button" onClick={() => void more()}>
          {t('cases.more')}
        </button>
      ) : null}
    </section>
  );
}
