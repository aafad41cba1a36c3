// The steward's review queue (issue 10 §3): candidate pairs by weight, one at a time, side by
// side; Same person / Different / Unsure (keys 1, 2, 3); after "same" within one agency, a
// Merge button. Then the decided pairs (with merge and undo) and the contact requests.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { decisionForKey, nameOf } from '../consolidation';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { PairComparison } from '../components/pair';
import { ErrorMessage, Loading, Notice, ScreenTitle, useAction, useResource } from '../components/ui';
import type { CandidatePair, ContactRequestList, Page, PersonMerge } from '../types';
import type { PairDecision } from '../../../src/contract/schemas/linkage';
import '../consolidation.css';
import '../i18n/consolidation';

type Tab = 'pending' | 'decided' | 'contacts';

export function Review({ tab }: { tab: Tab }) {
  const { t } = useI18n();
  const tabs: { to: string; key: Tab; label: MessageKey }[] = [
    { to: '/review', key: 'pending', label: 'review.tabPending' },
    { to: '/review/decided', key: 'decided', label: 'review.tabDecided' },
    { to: '/review/contacts', key: 'contacts', label: 'review.tabContacts' },
  ];
  return (
    <>
      <ScreenTitle sub={t('review.intro')}>{t('review.title')}</ScreenTitle>
      <nav className="tabs" aria-label={t('review.tabs')}>
        <ul>
          {tabs.map((x) => (
            <li key={x.key}>
              <Link to={x.to}>{t(x.label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'pending' ? <Queue /> : tab === 'decided' ? <Decided /> : <ContactRequests />}
    </>
  );
}

const DECISIONS: { decision: PairDecision; key: string; label: MessageKey }[] = [
  { decision: 'same', key: '1', label: 'review.same' },
  { decision: 'different', key: '2', label: 'review.different' },
  { decision: 'unsure', key: '3', label: 'review.unsure' },
];

function Queue() {
  const { t, number } = useI18n();
  const pairs = useResource(() => api.get<Page<CandidatePair>>('/linkage/pairs', { state: 'pending' }), []);
  const [index, setIndex] = useState(0);
  // The pair just decided "same" within one agency: offer to merge before moving on.
  const [toMerge, setToMerge] = useState<CandidatePair | null>(null);
  const [decidedCount, setDecidedCount] = useState(0);
  const { busy, error, run } = useAction();
  const items = pairs.data?.items ?? [];
  const pair = items[index] ?? null;

  const decide = useCallback(
    (decision: PairDecision) => {
      if (!pair || busy || toMerge || !pair.can.decide) return;
      void run(async () => {
        const decided = await api.post<CandidatePair>(`/linkage/pairs/${pair.id}/decision`, { decision });
        setDecidedCount((n) => n + 1);
        if (decision === 'same' && decided.sameAgency && decided.can.merge && !decided.mergeId) setToMerge(decided);
        else setIndex((n) => n + 1);
      });
    },
    [pair, busy, toMerge, run],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const decision = decisionForKey(e.key);
      if (decision) {
        e.preventDefault();
        decide(decision);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide]);

  if (pairs.loading) return <Loading />;
  if (pairs.error) return <ErrorMessage error={pairs.error} />;

  if (toMerge)
    return (
      <MergeOffer
        pair={toMerge}
        onDone={() => {
          setToMerge(null);
          setIndex((n) => n + 1);
        }}
      />
    );

  if (!pair)
    return (
      <section className="panel">
        <p>{decidedCount ? t('review.queueDone', { n: number(decidedCount) }) : t('review.queueEmpty')}</p>
        {pairs.data?.nextCursor || decidedCount ? (
          <button
            type="button"
            onClick={() => {
              setIndex(0);
              setDecidedCount(0);
              pairs.reload();
            }}
          >
            {t('review.loadMore')}
          </button>
        ) : null}
      </section>
    );

  return (
    <section className="panel pair" aria-labelledby="h-pair">
      <h2 id="h-pair">{t('review.pairOf', { n: number(index + 1), total: number(items.length) })}</h2>
      <PairComparison pair={pair} headingId="h-pair" />
      <ErrorMessage error={error} />
      <div className="actions decisions">
        {DECISIONS.map((d) => (
          <button
            key={d.decision}
            type="button"
            className={d.decision === 'same' ? 'primary' : undefined}
            aria-keyshortcuts={d.key}
            disabled={busy || !pair.can.decide}
            onClick={() => decide(d.decision)}
          >
            {t(d.label)} <kbd>{d.key}</kbd>
          </button>
        ))}
        <button type="button" disabled={busy} onClick={() => setIndex((n) => n + 1)}>
          {t('review.skip')}
        </button>
      </div>
      <p className="hint">{t('review.shortcuts')}</p>
    </section>
  );
}

function MergeOffer({ pair, onDone }: { pair: CandidatePair; onDone(): void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [merged, setMerged] = useState<PersonMerge | null>(null);
  return (
    <section className="panel" aria-labelledby="h-merge-offer">
      <h2 id="h-merge-offer">{t('review.decidedSame')}</h2>
      {merged ? (
        <Notice kind="success">
          <p>{t('merge.done', { n: merged.movedCases })}</p>
        </Notice>
      ) : (
        <p>
          {t('review.mergeOffer', { a: nameOf(pair.a) ?? '—', b: nameOf(pair.b) ?? '—', agency: pair.a.agency.name })}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        {!merged ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              void run(async () =>
                setMerged(
                  await api.post<PersonMerge>(`/persons/${pair.a.personId}/merge`, { otherPersonId: pair.b.personId }),
                ),
              )
            }
          >
            {t('merge.button')}
          </button>
        ) : null}
        <button type="button" disabled={busy} onClick={onDone}>
          {t('review.nextPair')}
        </button>
      </div>
    </section>
  );
}

function Decided() {
  const { t, dateTime } = useI18n();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const pairs = useResource(
    () => api.get<Page<CandidatePair>>('/linkage/pairs', { state: 'decided', cursor }),
    [cursor],
  );
  const { busy, error, run } = useAction();
  const replace = (next: CandidatePair) =>
    pairs.setData((p) => (p ? { ...p, items: p.items.map((x) => (x.id === next.id ? next : x)) } : p));
  const after = async (pair: CandidatePair, mergeId: string | null) => replace({ ...pair, mergeId });
  if (pairs.loading) return <Loading />;
  if (pairs.error) return <ErrorMessage error={pairs.error} />;
  const items = pairs.data!.items;
  return (
    <section className="panel" aria-labelledby="h-decided">
      <h2 id="h-decided">{t('review.tabDecided')}</h2>
      <ErrorMessage error={error} />
      {items.length === 0 ? (
        <p>{t('review.decidedNone')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('review.recordA')}</th>
                <th scope="col">{t('review.recordB')}</th>
                <th scope="col">{t('review.decision')}</th>
                <th scope="col">{t('review.decidedBy')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td data-label={t('review.recordA')}>
                    {nameOf(p.a) ?? '—'} <span className="sub">({p.a.agency.code})</span>
                  </td>
                  <td data-label={t('review.recordB')}>
                    {nameOf(p.b) ?? '—'} <span className="sub">({p.b.agency.code})</span>
                  </td>
                  <td data-label={t('review.decision')}>
                    {p.decision ? t(`review.decision.${p.decision.decision}`) : '—'}
                    {p.mergeId ? ` · ${t('review.merged')}` : ''}
                  </td>
                  <td data-label={t('review.decidedBy')}>
                    {p.decision ? `${p.decision.decidedBy}, ${dateTime(p.decision.decidedAt)}` : '—'}
                  </td>
                  <td data-label={t('common.actions')}>
                    {p.mergeId ? (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void run(async () => {
                            await api.post<PersonMerge>(`/merges/${p.mergeId}/undo`);
                            await after(p, null);
                          })
                        }
                      >
                        {t('merge.undo')}
                      </button>
                    ) : p.decision?.decision === 'same' && p.sameAgency && p.can.merge ? (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void run(async () => {
                            const m = await api.post<PersonMerge>(`/persons/${p.a.personId}/merge`, {
                              otherPersonId: p.b.personId,
                            });
                            await after(p, m.id);
                          })
                        }
                      >
                        {t('merge.button')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pairs.data!.nextCursor ? (
        <button type="button" onClick={() => setCursor(pairs.data!.nextCursor ?? undefined)}>
          {t('review.olderDecided')}
        </button>
      ) : null}
    </section>
  );
}

type ContactRequestItem = ContactRequestList['items'][number];

function ContactRequests() {
  const { t, dateTime } = useI18n();
  const list = useResource(() => api.get<{ items: ContactRequestItem[] }>('/linkage/contact-requests'), []);
  if (list.loading) return <Loading />;
  if (list.error) return <ErrorMessage error={list.error} />;
  const items = list.data!.items;
  return (
    <section className="panel" aria-labelledby="h-contacts">
      <h2 id="h-contacts">{t('review.tabContacts')}</h2>
      {items.length === 0 ? (
        <p>{t('review.contactsNone')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('review.contactFrom')}</th>
                <th scope="col">{t('review.contactOthers')}</th>
                <th scope="col">{t('review.contactNote')}</th>
                <th scope="col">{t('review.contactAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('review.contactFrom')}>
                    {r.agency.name} ({r.agency.code}) · {r.requestedBy}
                  </td>
                  <td data-label={t('review.contactOthers')}>{r.otherAgencies.join(', ') || '—'}</td>
                  <td data-label={t('review.contactNote')}>{r.note ?? '—'}</td>
                  <td data-label={t('review.contactAt')}>{dateTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
