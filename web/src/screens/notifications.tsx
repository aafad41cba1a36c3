// Notifications (issue 12 §1): the caller's own, newest first — referrals received by the
// agency, referrals sent accepted or declined, cases assigned, verifications coming due, hits
// and information requests between law-enforcement agencies (issue 13 §2) —
// each with a link to what it is about, marked read one by one or all at once.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n, type I18n } from '../i18n';
import { Link } from '../router';
import { NOTIFICATIONS_CHANGED } from '../components/notification-badge';
import { ErrorMessage, Loading, ScreenTitle, useAction } from '../components/ui';
import type { Notification, NotificationPage } from '../types';
// The texts of deconfliction notices (hits, information requests) are the investigation screens'.
import '../i18n/investigation';

export function Notifications() {
  const { t, number } = useI18n();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const { busy, error: actionError, run } = useAction();

  const load = async (cursor?: string) => {
    const page = await api.get<NotificationPage>('/notifications', {
      unread: onlyUnread ? 'true' : undefined,
      cursor,
      limit: 25,
    });
    setItems((prev) => (cursor ? [...(prev ?? []), ...page.items] : page.items));
    setNext(page.nextCursor);
    setUnread(page.unread);
  };

  useEffect(() => {
    setItems(null);
    setError(null);
    load().catch(setError);
  }, [onlyUnread]);

  const changed = () => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));

  const markRead = (n: Notification) =>
    run(async () => {
      const updated = await api.post<Notification>(`/notifications/${n.id}/read`);
      setItems((prev) => (prev ?? []).map((x) => (x.id === n.id ? updated : x)));
      setUnread((u) => Math.max(0, u - (n.readAt ? 0 : 1)));
      changed();
    });

  const markAll = () =>
    run(async () => {
      await api.post('/notifications/read-all');
      await load();
      changed();
    });

  return (
    <>
      <ScreenTitle sub={t('notif.intro')}>{t('notif.title')}</ScreenTitle>
      <section className="panel" aria-labelledby="h-notifications">
        <h2 id="h-notifications">{t('notif.unreadCount', { count: number(unread) })}</h2>
        <div className="actions">
          <label className="check">
            <input type="checkbox" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)} />{' '}
            {t('notif.onlyUnread')}
          </label>
          {unread > 0 ? (
            <button type="button" onClick={() => void markAll()} disabled={busy}>
              {t('notif.markAllRead')}
            </button>
          ) : null}
        </div>
        <ErrorMessage error={error ?? actionError} />
        {items === null ? (
          error ? null : (
            <Loading />
          )
        ) : items.length === 0 ? (
          <p>{onlyUnread ? t('notif.noneUnread') : t('notif.none')}</p>
        ) : (
          <ul className="notification-list">
            {items.map((n) => (
              <NotificationItem key={n.id} n={n} busy={busy} onRead={() => void markRead(n)} />
            ))}
          </ul>
        )}
        {next ? (
          <p>
            <button type="button" onClick={() => void run(() => load(next))} disabled={busy}>
              {t('notif.more')}
            </button>
          </p>
        ) : null}
      </section>
    </>
  );
}

/** What a notification says, in the user's language. */
function textOf(n: Notification, t: I18n['t'], date: I18n['date']): string {
  const reference = n.caseReference ?? '—';
  const agency = n.agencyCode ?? '—';
  switch (n.kind) {
    case 'referral_received':
      return t('notif.referralReceived', { reference, agency });
    case 'referral_accepted':
      return t('notif.referralAccepted', { reference, agency });
    case 'referral_declined':
      return t('notif.referralDeclined', { reference, agency });
    case 'case_assigned':
      return n.actorName
        ? t('notif.caseAssigned', { reference, actor: n.actorName })
        : t('notif.caseAssignedNoActor', { reference });
    case 'verification_due':
      return t('notif.verificationDue', { reference, date: date(n.dueAt) });
    case 'identifier_hit':
      return t('investigation.notif.identifierHit', { reference, agency });
    case 'information_request_received':
      return t('investigation.notif.requestReceived', { reference, agency });
    case 'information_request_accepted':
      return t('investigation.notif.requestAccepted', { reference, agency });
    case 'information_request_declined':
      return t('investigation.notif.requestDeclined', { reference, agency });
    case 'report_escalated':
      return t('notif.reportEscalated', { reference, agency });
    case 'report_linked':
      return t('notif.reportLinked', { reference, agency });
  }
}

function NotificationItem({ n, busy, onRead }: { n: Notification; busy: boolean; onRead(): void }) {
  const { t, date, dateTime } = useI18n();
  const reference = n.caseReference ?? '—';
  const text = textOf(n, t, date);
  // A referral received is answered from the inbox; an information request on its own page (and a hit, or an
  // answer to our request, also from the case's identifiers); everything else is about a case of ours.
  const requestLink = n.informationRequestId ? (
    <Link to={`/information-requests/${n.informationRequestId}`}>{t('investigation.notif.openRequest')}</Link>
  ) : null;
  const identifiersLink = n.caseId ? (
    <Link to={`/cases/${n.caseId}/identifiers`}>{t('investigation.notif.openIdentifiers', { reference })}</Link>
  ) : null;
  const link =
    n.kind === 'identifier_hit' ? (
      identifiersLink
    ) : n.kind === 'information_request_received' ? (
      requestLink
    ) : n.kind === 'information_request_accepted' || n.kind === 'information_request_declined' ? (
      <>
        {requestLink}
        {requestLink && identifiersLink ? ' · ' : null}
        {identifiersLink}
      </>
    ) : n.kind === 'referral_received' ? (
      <Link to="/referrals?box=inbox">{t('notif.openReferrals')}</Link>
    ) : n.caseId ? (
      <Link to={`/cases/${n.caseId}`}>{t('notif.openCase', { reference })}</Link>
    ) : null;
  return (
    <li className={n.readAt ? undefined : 'unread'}>
      <div>
        <p>
          {n.readAt ? null : <span className="badge badge-warn">{t('notif.unread')}</span>} {text}
        </p>
        <p className="when">
          {dateTime(n.createdAt)} {link ? <>· {link}</> : null}
        </p>
      </div>
      {n.readAt ? null : (
        <button type="button" onClick={onRead} disabled={busy}>
          {t('notif.markRead')}
        </button>
      )}
    </li>
  );
}
