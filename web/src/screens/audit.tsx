// Audit search for auditors: every read and write, newest first. Events that Lantern
// did not write (put straight into the database) are flagged, and counted.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import {
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  StatusBadge,
  TextField,
  useAction,
} from '../components/ui';
import { AUDIT_ACTION_LABELS } from '../contract';
import { Link } from '../router';
import type { AuditEvent, Page } from '../types';
import { ExportLinks } from '../components/export-links';

interface Query {
  recordId: string;
  actorId: string;
  action: string;
  from: string;
  to: string;
}
const EMPTY: Query = { recordId: '', actorId: '', action: '', from: '', to: '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** datetime-local has no zone: send it as an instant of the user's clock. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function Audit() {
  const { t, dateTime, code, lang } = useI18n();
  const ref = useReference();
  const [q, setQ] = useState<Query>(EMPTY);
  const [items, setItems] = useState<AuditEvent[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const collator = new Intl.Collator(lang);
  // Actions in words, sorted as the reader's language sorts them.
  const actionOptions = Object.keys(AUDIT_ACTION_LABELS)
    .map((a) => ({ value: a, label: code('auditAction', a) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  const recordTypeLabel = (type: string) =>
    t(type === 'case' ? 'audit.recordCase' : type === 'person' ? 'audit.recordPerson' : 'audit.recordOther');
  const badId = (v: string) => (v && !UUID.test(v.trim()) ? t('audit.badId') : null);

  const load = (cursor: string | null) =>
    run(async () => {
      const p = await api.get<Page<AuditEvent>>('/audit', {
        recordId: q.recordId.trim() || undefined,
        actorId: q.actorId.trim() || undefined,
        action: q.action.trim() || undefined,
        from: instant(q.from),
        to: instant(q.to),
        limit: 100,
        cursor,
      });
      setItems((prev) => (cursor ? [...(prev ?? []), ...p.items] : p.items));
      setNext(p.nextCursor);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(null);
  };
  const pending = items?.filter((e) => e.seq === null).length ?? 0;
  const forged = items?.filter((e) => e.origin === 'forged').length ?? 0;

  return (
    <>
      <ScreenTitle sub={t('audit.help')}>{t('audit.title')}</ScreenTitle>
      <Notice>{t('audit.chainNote')}</Notice>
      <form onSubmit={submit} className="filters" role="search" aria-label={t('audit.search')}>
        <TextField
          label={t('audit.recordId')}
          value={q.recordId}
          onValue={(v) => setQ({ ...q, recordId: v })}
          error={badId(q.recordId)}
          autoComplete="off"
        />
        <TextField
          label={t('audit.actorId')}
          value={q.actorId}
          onValue={(v) => setQ({ ...q, actorId: v })}
          error={badId(q.actorId)}
          autoComplete="off"
        />
        <SelectField
          label={t('audit.action')}
          value={q.action}
          onValue={(v) => setQ({ ...q, action: v })}
          empty={t('audit.actionAny')}
          options={actionOptions}
        />
        <TextField
          label={t('audit.from')}
          type="datetime-local"
          value={q.from}
          onValue={(v) => setQ({ ...q, from: v })}
        />
        <TextField label={t('audit.to')} type="datetime-local" value={q.to} onValue={(v) => setQ({ ...q, to: v })} />
        <div className="field field-button">
          <button type="submit" className="primary" disabled={busy || Boolean(badId(q.recordId) || badId(q.actorId))}>
            {t('audit.search')}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {busy && !items ? <Loading /> : null}
      {items ? (
        <div aria-live="polite">
          <p>
            {t('audit.count', { count: items.length })}
            {pending ? ` ${t('audit.pending', { count: pending })}` : ''}
          </p>
          {forged ? <Notice kind="warning">{t('audit.forgedCount', { count: forged })}</Notice> : null}
          {items.length && !badId(q.recordId) && !badId(q.actorId) ? (
            <ExportLinks
              path="/audit/export"
              query={{
                recordId: q.recordId.trim(),
                actorId: q.actorId.trim(),
                action: q.action.trim(),
                from: instant(q.from),
                to: instant(q.to),
              }}
            />
          ) : null}
          {items.length ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('audit.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.seq')}</th>
                    <th scope="col">{t('access.when')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('access.agency')}</th>
                    <th scope="col">{t('access.action')}</th>
                    <th scope="col">{t('audit.record')}</th>
                    <th scope="col">{t('access.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((e) => (
                    <tr key={e.id} className={e.origin === 'forged' ? 'forged' : undefined}>
                      <td data-label={t('audit.seq')}>
                        {e.seq ?? t('audit.unsealed')}
                        {e.origin === 'forged' ? (
                          <>
                            {' '}
                            <StatusBadge status="forged" label={t('access.forged')} />
                          </>
                        ) : e.origin === 'legacy' ? (
                          <>
                            {' '}
                            <StatusBadge status="legacy" label={t('audit.legacy')} />
                          </>
                        ) : null}
                      </td>
                      <td data-label={t('access.when')}>
                        <time dateTime={e.at}>{dateTime(e.at)}</time>
                      </td>
                      <td data-label={t('audit.actor')}>
                        {e.actorName ?? (e.actorId ? t('audit.actorUnknown') : '—')}
                        {e.actorId ? (
                          <button
                            type="button"
                            className="link id-filter"
                            onClick={() => setQ({ ...q, actorId: e.actorId! })}
                            aria-label={t('audit.actorId')}
                            title={e.actorId}
                          >
                            #
                          </button>
                        ) : null}
                      </td>
                      <td data-label={t('access.agency')}>{ref.agencyById(e.actorAgencyId)?.name ?? '—'}</td>
                      <td data-label={t('access.action')}>{code('auditAction', e.action)}</td>
                      <td data-label={t('audit.record')}>
                        {e.recordType ? (
                          <>
                            {recordTypeLabel(e.recordType)}{' '}
                            {e.recordIds ? (
                              <span className="id" title={e.recordIds.join(', ')}>
                                {t('audit.listed', { count: e.recordIds.length })}
                              </span>
                            ) : e.recordType === 'case' && e.recordId ? (
                              <Link to={`/cases/${e.recordId}/access-log`} className="id">
                                {e.recordId.slice(0, 8)}
                              </Link>
                            ) : (
                              <span className="id" title={e.recordId ?? undefined}>
                                {e.recordId?.slice(0, 8)}
                              </span>
                            )}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td data-label={t('access.outcome')}>{code('outcome', e.outcome)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {next ? (
            <button type="button" onClick={() => void load(next)} disabled={busy}>
              {t('cases.more')}
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
