// My team (issue 12 §1), for the agency's supervisors: each colleague's workload (open
// cases, overdue verifications, referrals waiting for an answer), the cases nobody holds,
// the team's overdue verifications with who holds each, and referrals waiting for us.
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { ErrorMessage, Loading, ScreenTitle, StatusBadge, useResource } from '../components/ui';
import type { TeamWorkload } from '../types';

export function Team() {
  const { t, number, date } = useI18n();
  const ref = useReference();
  const team = useResource(() => api.get<TeamWorkload>('/team/workload'), []);
  if (team.loading)
    return (
      <>
        <ScreenTitle>{t('team.title')}</ScreenTitle>
        <Loading />
      </>
    );
  if (team.error || !team.data)
    return (
      <>
        <ScreenTitle>{t('team.title')}</ScreenTitle>
        <ErrorMessage error={team.error} />
      </>
    );
  const w = team.data;
  return (
    <>
      <ScreenTitle sub={t('team.intro')}>{t('team.title')}</ScreenTitle>
      <section className="panel panel-wide" aria-labelledby="h-workload">
        <h2 id="h-workload">{t('team.workload')}</h2>
        <p>
          {w.unassignedOpenCases > 0 ? (
            <>
              {t('team.unassigned', { count: number(w.unassignedOpenCases) })}{' '}
              <Link to="/cases?unassigned=true&open=true">{t('team.unassignedLink')}</Link>
            </>
          ) : (
            t('team.unassignedNone')
          )}
        </p>
        {w.members.length === 0 ? (
          <p>{t('team.noMembers')}</p>
        ) : (
          <div className="table-wrap">
            <table className="cases">
              <caption className="visually-hidden">{t('team.workload')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('team.member')}</th>
                  <th scope="col">{t('team.roles')}</th>
                  <th scope="col">{t('team.openCases')}</th>
                  <th scope="col">{t('team.overdue')}</th>
                  <th scope="col">{t('team.referralsWaiting')}</th>
                </tr>
              </thead>
              <tbody>
                {w.members.map((m) => (
                  <tr key={m.userId}>
                    <th scope="row" data-label={t('team.member')}>
                      {m.displayName}
                    </th>
                    <td data-label={t('team.roles')}>{m.roles.map((r) => ref.label('roles', r)).join(', ')}</td>
                    <td data-label={t('team.openCases')}>{number(m.openCases)}</td>
                    <td data-label={t('team.overdue')}>
                      {number(m.overdueVerifications)}
                      {m.overdueVerifications > 0 ? (
                        <>
                          {' '}
                          <StatusBadge status="overdue" label={t('cases.overdue')} />
                        </>
                      ) : null}
                    </td>
                    <td data-label={t('team.referralsWaiting')}>{number(m.referralsWaiting)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="grid">
        <section className="panel" aria-labelledby="h-team-overdue">
          <h2 id="h-team-overdue">{t('team.overdueTitle')}</h2>
          {w.overdueVerifications.length === 0 ? (
            <p>{t('team.overdueNone')}</p>
          ) : (
            <ul className="link-list">
              {w.overdueVerifications.map((c) => (
                <li key={c.caseId}>
                  <Link to={`/cases/${c.caseId}`}>{c.reference}</Link> — {t('home.dueOn', { date: date(c.dueAt) })} —{' '}
                  {t('team.assignee')}: {c.assignee ? c.assignee.displayName : t('team.nobody')}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="h-team-referrals">
          <h2 id="h-team-referrals">{t('team.referralsTitle')}</h2>
          {w.referralsWaiting.length === 0 ? (
            <p>{t('team.referralsNone')}</p>
          ) : (
            <ul className="link-list">
              {w.referralsWaiting.map((r) => (
                <li key={r.referralId}>
                  <Link to="/referrals?box=inbox">{r.caseReference}</Link> —{' '}
                  {t('team.referralFrom', { agency: r.fromAgency, date: date(r.dueDate) })}
                  {r.overdue ? <StatusBadge status="overdue" label={t('cases.overdue')} /> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
