// One referral with the actions the caller's agency may take on it now.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import type { Referral } from '../types';
import { ErrorMessage, StatusBadge, TextArea, useAction } from './ui';

export const REFERRAL_PURPOSES = [
  'shelter',
  'medical',
  'psychological',
  'legal_aid',
  'vocational',
  'financial',
  'repatriation',
  'investigation',
  'prosecution',
  'reintegration',
];

export function ReferralCard({
  referral: r,
  myAgencyCode,
  onChanged,
  showCaseLink,
}: {
  referral: Referral;
  myAgencyCode: string | undefined;
  onChanged(r: Referral): void;
  showCaseLink: boolean;
}) {
  const { t, code, date, dateTime } = useI18n();
  const ref = useReference();
  const [asking, setAsking] = useState<'decline' | 'revoke' | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const incoming = r.toAgency === myAgencyCode;
  const outgoing = r.fromAgency === myAgencyCode;

  const act = (action: 'accept' | 'decline' | 'complete' | 'revoke', body?: unknown) =>
    run(async () => {
      const updated = await api.post<Referral>(`/referrals/${r.id}/${action}`, body ?? {});
      setAsking(null);
      setReason('');
      onChanged(updated);
    });
  const submitReason = (e: FormEvent) => {
    e.preventDefault();
    if (asking === 'decline') void act('decline', { reason: reason.trim() });
    if (asking === 'revoke') void act('revoke', reason.trim() ? { reason: reason.trim() } : {});
  };
  const age = r.person.ageYears === null ? t('common.unknown') : String(r.person.ageYears);

  return (
    <article className="card" aria-labelledby={`ref-${r.id}`}>
      <header>
        <h3 id={`ref-${r.id}`}>
          {showCaseLink && (r.status === 'accepted' || outgoing) ? (
            <Link to={`/cases/${r.caseId}`}>{r.caseReference}</Link>
          ) : (
            r.caseReference
          )}{' '}
          <StatusBadge status={`ref-${r.status}`} label={code('referralStatus', r.status)} />
          {r.overdue ? (
            <>
              {' '}
              <StatusBadge status="overdue" label={t('cases.overdue')} />
            </>
          ) : null}
        </h3>
        <p className="sub">
          {r.kind === 'transfer' ? t('referral.transfer') : t('referral.referral')} ·{' '}
          {t('referral.fromTo', { from: ref.agencyName(r.fromAgency), to: ref.agencyName(r.toAgency) })}
        </p>
      </header>
      <dl className="facts compact">
        <dt>{t('referral.purposes')}</dt>
        <dd>{r.purposes.map((p) => code('purpose', p)).join(', ')}</dd>
        {r.services.length ? (
          <>
            <dt>{t('referral.services')}</dt>
            <dd>{r.services.map((s) => code('service', s)).join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('referral.person')}</dt>
        <dd>
          {t('referral.personSummary', { sex: ref.label('sexes', r.person.sex), age })}
          {r.person.isMinor ? ` · ${t('person.minorBadge')}` : ''}
        </dd>
        <dt>{t('referral.due')}</dt>
        <dd>{date(r.dueDate)}</dd>
        <dt>{t('referral.sent')}</dt>
        <dd>{dateTime(r.createdAt)}</dd>
        {r.note ? (
          <>
            <dt>{t('referral.note')}</dt>
            <dd className="prose">{r.note}</dd>
          </>
        ) : null}
        {r.statusReason ? (
          <>
            <dt>{t('referral.reason')}</dt>
            <dd className="prose">{r.statusReason}</dd>
          </>
        ) : null}
      </dl>
      {asking ? (
        <form onSubmit={submitReason} className="inline-form">
          <TextArea
            label={asking === 'decline' ? t('referral.declineReason') : t('referral.revokeReason')}
            required={asking === 'decline'}
            minLength={asking === 'decline' ? 3 : undefined}
            value={reason}
            onValue={setReason}
            rows={2}
          />
          <div className="actions">
            <button
              type="submit"
              className="primary"
              disabled={busy || (asking === 'decline' && reason.trim().length < 3)}
            >
              {asking === 'decline' ? t('referral.decline') : t('referral.revoke')}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          {incoming && r.status === 'pending' ? (
            <>
              <button type="button" className="primary" onClick={() => void act('accept')} disabled={busy}>
                {t('referral.accept')}
              </button>
              <button type="button" onClick={() => setAsking('decline')} disabled={busy}>
                {t('referral.decline')}
              </button>
            </>
          ) : null}
          {incoming && r.status === 'accepted' ? (
            <button type="button" onClick={() => void act('complete')} disabled={busy}>
              {t('referral.complete')}
            </button>
          ) : null}
          {outgoing && (r.status === 'pending' || r.status === 'accepted') ? (
            <button type="button" onClick={() => setAsking('revoke')} disabled={busy}>
              {t('referral.revoke')}
            </button>
          ) : null}
          {incoming && r.status === 'accepted' && showCaseLink ? (
            <Link className="button" to={`/cases/${r.caseId}`}>
              {t('referral.openCase')}
            </Link>
          ) : null}
        </div>
      )}
      <ErrorMessage error={error} />
    </article>
  );
}
