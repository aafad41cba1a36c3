// The header's notifications link with the unread count (issue 12 §1): read when the
// screen changes, every minute, and when a screen says it marked some read.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { Link, useRouter } from '../router';

/** Screens that mark notifications read fire this event so that the badge follows at once. */
export const NOTIFICATIONS_CHANGED = 'lantern:notifications-changed';

export function NotificationBadge() {
  const { t, number } = useI18n();
  const { location } = useRouter();
  const [unread, setUnread] = useState(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const again = () => setTick((n) => n + 1);
    const timer = window.setInterval(again, 60_000);
    window.addEventListener(NOTIFICATIONS_CHANGED, again);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, again);
    };
  }, []);

  useEffect(() => {
    let live = true;
    api.get<{ unread: number }>('/notifications/unread-count').then(
      (r) => {
        if (live) setUnread(r.unread);
      },
      () => {
        /* the badge is a hint: a failed count leaves the last one */
      },
    );
    return () => {
      live = false;
    };
  }, [location.path, tick]);

  return (
    // The count is shown as a badge and said in words (a name that starts with the visible label).
    <Link to="/notifications" className="notifications-link">
      {t('notif.link')}
      {unread > 0 ? (
        <>
          <span className="notification-count" aria-hidden="true">
            {number(unread)}
          </span>
          <span className="visually-hidden"> {t('notif.unreadInLink', { count: number(unread) })}</span>
        </>
      ) : null}
    </Link>
  );
}
