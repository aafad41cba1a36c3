// Timeline: everything that happened to the case, newest first — status changes,
// notes, consents, referrals and services.
import { api } from '../api';
import { caseReferrals, orEmpty } from '../case-data';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { useMe } from '../session';
import { ErrorMessage, Loading, useResource } from '../components/ui';
import type { Consent, Note, Service } from '../types';
import type { CaseProps } from '../case-data';

interface Event {
  at: string;
  kind: string;
  title: string;
  detail?: string | null;
}

export function Timeline({ loaded }: CaseProps) {
  const { t, dateTime, code } = useI18n();
  const ref = useReference();
  const c = loaded.view;
  const me = useMe();
  // Every read is audited, a refused one too: ask only for what the case says the caller may read.
  const extra = useResource(async () => {
    const [notes, consents, services, referrals] = await Promise.all([
      c.can.readNotes ? orEmpty(api.get<{ items: Note[] }>(`/cases/${c.id}/notes`)) : [],
      c.can.readConsents ? orEmpty(api.get<{ items: Consent[] }>(`/cases/${c.id}/consents`)) : [],
      c.can.readSupportPlan ? orEmpty(api.get<{ items: Service[] }>(`/cases/${c.id}/services`)) : [],
      me.can.seeReferrals ? caseReferrals(c.id).catch(() => []) : [],
    ]);
    return { notes, consents, services, referrals };
  }, [c.id, c.version]);

  if (extra.loading && !extra.data) return <Loading />;
  const events: Event[] = [
    { at: c.createdAt, kind: 'opened', title: t('timeline.opened', { via: ref.label('caseSources', c.reachedVia) }) },
  ];
  for (const h of c.history ?? []) {
    events.push({
      at: h.at,
      kind: 'status',
      title: t('timeline.status', { from: ref.label('caseStatuses', h.from), to: ref.label('caseStatuses', h.to) }),
      detail: `${h.reason} — ${h.actorName} (${ref.agencyName(h.actorAgency)})`,
    });
  }
  const d = extra.data;
  for (const n of d?.notes ?? [])
    events.push({
      at: n.createdAt,
      kind: 'note',
      title: t('timeline.note', { author: n.authorName, agency: n.authorAgency }),
      detail: n.body,
    });
  for (const x of d?.consents ?? []) {
    const what =
      code('consentPurpose', x.purpose) +
      (x.agency
        ? ` — ${ref.agencyName(x.agency)}`
        : x.agencyKind
          ? ` — ${ref.label('agencyKinds', x.agencyKind)}`
          : '');
    events.push({ at: x.recordedAt, kind: 'consent', title: t('timeline.consent', { what }) });
    if (x.withdrawnAt)
      events.push({
        at: x.withdrawnAt,
        kind: 'consent',
        title: t('timeline.consentWithdrawn', { what }),
        detail: x.withdrawalReason,
      });
  }
  for (const r of d?.referrals ?? []) {
    events.push({
      at: r.createdAt,
      kind: 'referral',
      title: t('timeline.referral', {
        to: ref.agencyName(r.toAgency),
        purposes: r.purposes.map((p) => code('purpose', p)).join(', '),
      }),
      detail: r.note,
    });
    if (r.respondedAt)
      events.push({
        at: r.respondedAt,
        kind: 'referral',
        title: t('timeline.referralStatus', {
          to: ref.agencyName(r.toAgency),
          status: code('referralStatus', r.status),
        }),
        detail: r.statusCause ? code('referralCause', r.statusCause) : r.statusReason,
      });
  }
  for (const s of d?.services ?? [])
    events.push({
      at: s.createdAt,
      kind: 'service',
      title: t('timeline.service', { type: code('service', s.type), status: code('serviceStatus', s.status) }),
    });
  events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  return (
    <section aria-labelledby="h-timeline">
      <h2 id="h-timeline">{t('caseFile.timeline')}</h2>
      <ErrorMessage error={extra.error} />
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={i} className={`event event-${e.kind}`}>
            <time dateTime={e.at}>{dateTime(e.at)}</time>
            <span className="event-kind">{code('timeline.kind', e.kind)}</span>
            <p className="event-title">{e.title}</p>
            {e.detail ? <p className="event-detail prose">{e.detail}</p> : null}
          </li>
        ))}
      </ol>
      <p className="hint">{t('timeline.actorNote')}</p>
    </section>
  );
}
