// Notifications (issue 12 §1): the caller's own, newest first — referrals received by the
// agency, referrals sent accepted or declined, cases assigned, verifications coming due —
// each with a link to what it is about, marked read one by one or all at once.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { NOTIFICATIONS_CHANGED } from '../components/notification-badge';
import { ErrorMessage, Loading, ScreenTitle, useAction } from '../components/ui';
import type { Notification, NotificationPage } from '../types';

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

function NotificationItem({ n, busy, onRead }: { n: Notification; busy: boolean; onRead(): void }) {
  const { t, date, dateTime } = useI18n();
  const reference = n.caseReference ?? '—';
  const agency = n.agencyCode ?? '—';
  const text =
    n.kind === 'referral_received'
      ? t('notif.referralReceived', { reference, agency })
      : n.kind === 'referral_accepted'
        ? t('notif.referralAccepted', { reference, agency })
        : n.kind === 'referral_declined'
          ? t('notif.referralDeclined', { reference, agency })
          : n.kind === 'case_assigned'
            ? n.actorName
              ? t('notif.caseAssigned', { reference, actor: n.actorName })
              : t('notif.caseAssignedNoActor', { reference })
            : t('notif.verificationDue', { reference, date: date(n.dueAt) });
  // A referral received is answered from the inbox; everything else is about a case of ours.
  const link =
    n.kind === 'referral_received' ? (
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
