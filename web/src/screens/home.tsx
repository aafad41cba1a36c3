// Home: my work, what needs action first — overdue verifications, verifications due soon,
// new referrals to my agency, then my open cases (overdue and due soon on top, never a
// closed case), services not started, screenings to finish.
import { api } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useMe } from '../session';
import { AgencyKpis } from '../components/agency-kpis';
import { ScreeningsToFinish } from './border-events';
import { ErrorMessage, Loading, Notice, ScreenTitle, StatusBadge, useResource } from '../components/ui';
import { VERIFICATION_DUE_SOON_DAYS } from '../contract';
import { useReference } from '../reference';
import type { Page, Referral, WorkQueues } from '../types';

export function Home() {
  const me = useMe();
  const { t } = useI18n();
  const administers = me.can.administerUsers || me.can.manageAgencies;
  return (
    <>
      <ScreenTitle sub={t('home.greeting', { name: me.displayName })}>{t('home.title')}</ScreenTitle>
      {me.can.seeCases ? <CaseWork /> : null}
      {me.can.seeAgencyKpis ? <AgencyKpis /> : null}
      {administers || me.can.readAuditTrail ? (
        <section className="panel">
          <h2>{t('home.adminTitle')}</h2>
          <ul className="link-list">
            {administers ? (
              <li>
                <Link to="/admin">{t('home.adminLink')}</Link>
              </li>
            ) : null}
            {me.can.readAuditTrail ? (
              <li>
                <Link to="/audit">{t('home.auditLink')}</Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function CaseWork() {
  const { t, date, code } = useI18n();
  const me = useMe();
  const queues = useResource(() => api.get<WorkQueues>('/work/queues'), []);
  const ref = useReference();
  const inbox = useResource(
    () => api.get<Page<Referral>>('/referrals', { box: 'inbox', status: 'pending', limit: 10 }),
    [],
  );
  return (
    <div className="grid">
      <section className="panel" aria-labelledby="h-overdue">
        <h2 id="h-overdue">{t('home.overdue')}</h2>
        {queues.loading ? (
          <Loading />
        ) : queues.error ? (
          <ErrorMessage error={queues.error} />
        ) : queues.data!.overdueVerifications.length === 0 ? (
          <p>{t('home.overdueNone')}</p>
        ) : (
          <ul className="link-list">
            {queues.data!.overdueVerifications.map((c) => (
              <li key={c.caseId}>
                <Link to={`/cases/${c.caseId}`}>{c.reference}</Link> — {t('home.dueOn', { date: date(c.dueAt) })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="h-due-soon">
        <h2 id="h-due-soon">{t('mywork.dueSoon')}</h2>
        {queues.loading ? (
          <Loading />
        ) : queues.error ? (
          <ErrorMessage error={queues.error} />
        ) : queues.data!.dueSoon.length === 0 ? (
          <p>{t('mywork.dueSoonNone', { hours: VERIFICATION_DUE_SOON_DAYS * 24 })}</p>
        ) : (
          <ul className="link-list">
            {queues.data!.dueSoon.map((c) => (
              <li key={c.caseId}>
                <Link to={`/cases/${c.caseId}`}>{c.reference}</Link> — {t('home.dueOn', { date: date(c.dueAt) })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="h-inbox">
        <h2 id="h-inbox">{t('mywork.newReferrals')}</h2>
        {inbox.loading ? (
          <Loading />
        ) : inbox.error ? (
          <ErrorMessage error={inbox.error} />
        ) : inbox.data!.items.length === 0 ? (
          <p>{t('home.referralsNone')}</p>
        ) : (
          <ul className="link-list">
            {inbox.data!.items.map((r) => (
              <li key={r.id}>
                <Link to="/referrals?box=inbox">{r.caseReference}</Link> —{' '}
                {t('home.referralFrom', { agency: r.fromAgency, date: date(r.dueDate) })}
                {r.overdue ? <span className="badge badge-overdue">{t('cases.overdue')}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {queues.data && queues.data.referralsPastDue.length > 0 ? (
          <Notice kind="warning">{t('home.referralsPastDue', { count: queues.data.referralsPastDue.length })}</Notice>
        ) : null}
      </section>
      <section className="panel panel-wide" aria-labelledby="h-mine">
        <h2 id="h-mine">{t('mywork.myCases')}</h2>
        {queues.loading ? (
          <Loading />
        ) : queues.error ? (
          <ErrorMessage error={queues.error} />
        ) : queues.data!.myCases.length === 0 ? (
          <p>{t('mywork.myCasesNone')}</p>
        ) : (
          <ul className="link-list" data-testid="my-cases">
            {queues.data!.myCases.map((c) => (
              <li key={c.caseId}>
                <Link to={`/cases/${c.caseId}`}>{c.reference}</Link> — {c.personName} —{' '}
                <StatusBadge status={c.status} label={ref.label('caseStatuses', c.status)} />
                {c.urgency === 'overdue' ? (
                  <span className="urgency">
                    <StatusBadge status="overdue" label={t('mywork.overdueTag')} />{' '}
                    {t('home.dueOn', { date: date(c.verificationDueAt) })}
                  </span>
                ) : c.urgency === 'due_soon' ? (
                  <span className="urgency">
                    <StatusBadge status="warn" label={t('mywork.dueSoonTag')} />{' '}
                    {t('home.dueOn', { date: date(c.verificationDueAt) })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="h-services">
        <h2 id="h-services">{t('home.servicesNotStarted')}</h2>
        {queues.data ? (
          queues.data.servicesNotStarted.length === 0 ? (
            <p>{t('home.servicesNone')}</p>
          ) : (
            <ul className="link-list">
              {queues.data.servicesNotStarted.map((s) => (
                <li key={s.serviceId}>
                  <Link to={`/cases/${s.caseId}/support`}>{s.caseReference}</Link> — {code('service', s.type)} (
                  {date(s.plannedDate)})
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
      {me.can.screen || me.can.runBorderEvents ? (
        <section className="panel" aria-labelledby="h-screenings">
          <h2 id="h-screenings">{t('home.screenings')}</h2>
          {queues.loading ? (
            <Loading />
          ) : queues.error ? (
            <ErrorMessage error={queues.error} />
          ) : (
            <ScreeningsToFinish items={queues.data!.screeningsToFinish} />
          )}
          {me.can.runBorderEvents ? (
            <p>
              <Link to="/screening">{t('events.title')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
