// One information request (issue 13 §2) as either side sees it, with what the caller's agency may do now
// (its `can`, decided by the server): the holding agency accepts or declines with a reason, the requesting
// agency withdraws a pending one. An accepted request says how many cases were referred and how many
// withheld because the person has not consented to sharing.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api';
import type { InformationRequestStatus } from '../contract';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { InformationRequest } from '../types';
import { ErrorMessage, StatusBadge, TextArea, useAction } from './ui';
import '../i18n/investigation';
import '../investigation.css';

/** The badge class of a request's status (the referral badges' colours). */
export const requestBadge = (status: InformationRequestStatus) => `ref-${status === 'withdrawn' ? 'revoked' : status}`;

export type RequestAnswer = 'accept' | 'decline' | 'withdraw';

/**
 * The requesting agency is given its own case (caseId); the holding agency is not. The holder's matched cases
 * are all of its matching cases; the requester's, those shared with it.
 */
export const isRequesterView = (r: InformationRequest) => r.caseId !== null;

/** How many cases an accepted request referred: those shared with the requester. */
export function referredCount(r: InformationRequest): number {
  return isRequesterView(r) ? r.matchedCases.length : Math.max(0, r.matchedCases.length - r.withheldCases);
}

export function InformationRequestCard({
  request: r,
  headingLevel = 2,
  onAnswered,
}: {
  request: InformationRequest;
  headingLevel?: 2 | 3;
  onAnswered(updated: InformationRequest, answer: RequestAnswer): void;
}) {
  const Heading = `h${headingLevel}` as const;
  const { t, date, dateTime, number } = useI18n();
  const headingId = useId();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const requester = isRequesterView(r);

  const answer = (action: RequestAnswer, body: Record<string, string> = {}) =>
    run(async () => {
      const updated = await api.post<InformationRequest>(`/information-requests/${r.id}/${action}`, body);
      setDeclining(false);
      setReason('');
      onAnswered(updated, action);
    });
  const submitDecline = (e: FormEvent) => {
    e.preventDefault();
    void answer('decline', { reason: reason.trim() });
  };
  const withdraw = () => {
    if (window.confirm(t('investigation.requests.withdrawConfirm'))) void answer('withdraw');
  };
  const counts = { referred: number(referredCount(r)), withheld: number(r.withheldCases) };

  return (
    <article className="card" aria-labelledby={headingId} data-testid="information-request">
      <header>
        <Heading id={headingId}>
          {t(`investigation.kind.${r.identifier.kind}`)}:{' '}
          <span className="identifier-value" translate="no">
            {r.identifier.normalized}
          </span>{' '}
          <StatusBadge status={requestBadge(r.status)} label={t(`investigation.status.${r.status}`)} />
        </Heading>
        <p className="sub">
          {t('investigation.requests.createdAt')} {dateTime(r.createdAt)}
        </p>
      </header>
      <dl className="facts compact">
        <dt>{t('investigation.requests.from')}</dt>
        <dd>
          {t('investigation.requests.by', {
            agency: `${r.requestingAgency.name} (${r.requestingAgency.code})`,
            name: r.requestedBy,
          })}
        </dd>
        <dt>{t('investigation.requests.holder')}</dt>
        <dd>
          {r.holdingAgency.name} ({r.holdingAgency.code})
        </dd>
        {r.caseId && r.caseReference ? (
          <>
            <dt>{t('investigation.requests.ownCase')}</dt>
            <dd>
              <Link to={`/cases/${r.caseId}/identifiers`}>{r.caseReference}</Link>
            </dd>
          </>
        ) : null}
        {r.message ? (
          <>
            <dt>{t('investigation.requests.message')}</dt>
            <dd>{r.message}</dd>
          </>
        ) : null}
        {r.matchedCases.length ? (
          <>
            <dt>{requester ? t('investigation.requests.shared') : t('investigation.requests.matched')}</dt>
            <dd>
              {r.matchedCases.map((c, n) => (
                <span key={c.id}>
                  {n ? ', ' : ''}
                  {/* The holder's own cases: the referral an accepted request made is in their referrals tab. */}
                  <Link to={requester || r.status !== 'accepted' ? `/cases/${c.id}` : `/cases/${c.id}/referrals`}>
                    {c.reference}
                  </Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {r.respondedAt ? (
          <>
            <dt>{t('investigation.requests.answeredAt')}</dt>
            <dd>
              {r.respondedBy
                ? t('investigation.requests.answeredBy', { name: r.respondedBy, date: date(r.respondedAt) })
                : t('investigation.requests.answeredOn', { date: date(r.respondedAt) })}
            </dd>
          </>
        ) : null}
        {r.statusReason ? (
          <>
            <dt>{t('investigation.requests.reason')}</dt>
            <dd>{r.statusReason}</dd>
          </>
        ) : null}
      </dl>
      {r.status === 'accepted' ? (
        <p data-testid="request-outcome">
          {requester
            ? t('investigation.requests.sharedSummary', counts)
            : t('investigation.requests.referredSummary', counts)}
          {requester ? null : (
            <>
              {' '}
              <Link to="/referrals?box=outbox">{t('investigation.requests.seeReferrals')}</Link>
            </>
          )}
        </p>
      ) : null}
      {declining ? (
        <form onSubmit={submitDecline}>
          <TextArea
            label={t('investigation.requests.declineReason')}
            hint={t('investigation.requests.declineHint')}
            value={reason}
            required
            maxLength={2000}
            onValue={setReason}
          />
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy || !reason.trim()}>
              {t('investigation.requests.confirmDecline')}
            </button>
            <button type="button" onClick={() => setDeclining(false)} disabled={busy}>
              {t('investigation.cancel')}
            </button>
          </div>
        </form>
      ) : r.can.accept || r.can.decline || r.can.withdraw ? (
        <div className="actions">
          {r.can.accept ? (
            <button type="button" className="button primary" onClick={() => void answer('accept')} disabled={busy}>
              {t('investigation.requests.accept')}
            </button>
          ) : null}
          {r.can.decline ? (
            <button type="button" onClick={() => setDeclining(true)} disabled={busy}>
              {t('investigation.requests.decline')}
            </button>
          ) : null}
          {r.can.withdraw ? (
            <button type="button" onClick={withdraw} disabled={busy}>
              {t('investigation.requests.withdraw')}
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </article>
  );
}
