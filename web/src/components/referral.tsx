// One referral with the actions the caller's agency may take on it now (its `can`,
// decided by the server), and why it ended when the system ended it.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import type { Referral } from '../types';
import { ErrorMessage, StatusBadge, TextArea, useAction } from './ui';
import { ReferralFiles } from './referral-files';

export function ReferralCard({
  referral: r,
  onChanged,
  showCaseLink,
  headingLevel = 3,
}: {
  referral: Referral;
  onChanged(r: Referral): void;
  showCaseLink: boolean;
  /** 2 where the cards are the screen's sections (the referral boxes), 3 under a section's heading. */
  headingLevel?: 2 | 3;
}) {
  const Heading = `h${headingLevel}` as const;
  const { t, code, date, dateTime } = useI18n();
  const ref = useReference();
  const [asking, setAsking] = useState<'decline' | 'revoke' | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  // The receiving agency opens the case once it has accepted; the sender always could.
  const opensCase = r.side === 'sender' || (r.side === 'receiver' && r.status === 'accepted');

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
        <Heading id={`ref-${r.id}`}>
          {showCaseLink && opensCase ? <Link to={`/cases/${r.caseId}`}>{r.caseReference}</Link> : r.caseReference}{' '}
          <StatusBadge status={`ref-${r.status}`} label={code('referralStatus', r.status)} />
          {r.overdue ? (
            <>
              {' '}
              <StatusBadge status="overdue" label={t('cases.overdue')} />
            </>
          ) : null}
        </Heading>
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
        {r.statusCause ? (
          <>
            <dt>{t('referral.reason')}</dt>
            <dd data-cause={r.statusCause}>{code('referralCause', r.statusCause)}</dd>
          </>
        ) : r.statusReason ? (
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
          {r.can.accept ? (
            <button type="button" className="primary" onClick={() => void act('accept')} disabled={busy}>
              {t('referral.accept')}
            </button>
          ) : null}
          {r.can.decline ? (
            <button type="button" onClick={() => setAsking('decline')} disabled={busy}>
              {t('referral.decline')}
            </button>
          ) : null}
          {r.can.complete ? (
            <button type="button" onClick={() => void act('complete')} disabled={busy}>
              {t('referral.complete')}
            </button>
          ) : null}
          {r.can.revoke ? (
            <button type="button" onClick={() => setAsking('revoke')} disabled={busy}>
              {t('referral.revoke')}
            </button>
          ) : null}
          {r.side === 'receiver' && r.status === 'accepted' && showCaseLink ? (
            <Link className="button" to={`/cases/${r.caseId}`}>
              {t('referral.openCase')}
            </Link>
          ) : null}
        </div>
      )}
      <ReferralFiles referral={r} opensCase={opensCase} />
      <ErrorMessage error={error} />
    </article>
  );
}
