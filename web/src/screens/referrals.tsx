// Referral inbox and outbox: accept, decline with a reason, complete, revoke.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { REFERRAL_STATUSES } from '../contract';
import { useI18n } from '../i18n';
import { Link, useRouter } from '../router';
import { ReferralCard } from '../components/referral';
import { ExportLinks } from '../components/export-links';
import { ErrorMessage, Loading, ScreenTitle, SelectField } from '../components/ui';
import type { Page, Referral } from '../types';

export function Referrals() {
  const { t, code } = useI18n();
  const { location, navigate } = useRouter();
  const box = location.search.get('box') === 'outbox' ? 'outbox' : 'inbox';
  const status = location.search.get('status') ?? '';
  const [items, setItems] = useState<Referral[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    api.get<Page<Referral>>('/referrals', { box, status, limit: 25 }).then(
      (p) => {
        if (live) {
          setItems(p.items);
          setNext(p.nextCursor);
        }
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [box, status]);

  const more = async () => {
    try {
      const p = await api.get<Page<Referral>>('/referrals', { box, status, limit: 25, cursor: next });
      setItems((prev) => [...(prev ?? []), ...p.items]);
      setNext(p.nextCursor);
    } catch (e) {
      setError(e);
    }
  };
  const url = (b: string, s: string) => `/referrals?box=${b}${s ? `&status=${s}` : ''}`;

  return (
    <>
      <ScreenTitle sub={t('referrals.help')}>{t('referrals.title')}</ScreenTitle>
      <nav className="tabs" aria-label={t('referrals.boxes')}>
        <ul>
          <li>
            <Link to={url('inbox', status)} aria-current={box === 'inbox' ? 'page' : undefined}>
              {t('referrals.inbox')}
            </Link>
          </li>
          <li>
            <Link to={url('outbox', status)} aria-current={box === 'outbox' ? 'page' : undefined}>
              {t('referrals.outbox')}
            </Link>
          </li>
        </ul>
      </nav>
      <div className="filters">
        <SelectField
          label={t('referrals.status')}
          value={status}
          onValue={(v) => navigate(url(box, v), { replace: true })}
          empty={t('common.all')}
          options={REFERRAL_STATUSES.map((s) => ({ value: s, label: code('referralStatus', s) }))}
        />
      </div>
      <ExportLinks path="/referrals/export" query={{ box, status }} />
      <ErrorMessage error={error} />
      <div aria-live="polite">
        {items === null ? (
          error ? null : (
            <Loading />
          )
        ) : items.length === 0 ? (
          <p>{box === 'inbox' ? t('referrals.inboxEmpty') : t('referrals.outboxEmpty')}</p>
        ) : null}
      </div>
      <div className="cards">
        {items?.map((r) => (
          <ReferralCard
            key={r.id}
            referral={r}
            showCaseLink
            headingLevel={2}
            onChanged={(u) => setItems((prev) => (prev ?? []).map((x) => (x.id === u.id ? u : x)))}
          />
        ))}
      </div>
      {next ? (
        <p>
          <button type="button" onClick={() => void more()}>
            {t('cases.more')}
          </button>
        </p>
      ) : null}
    </>
  );
}
