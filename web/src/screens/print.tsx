// Printable views for paper files, the court and a shelter's intake: a case summary and a referral
// form. They print exactly what the API gave the reader (the server already leaves out the parts of a
// case the reader may not see), in the reader's language, with their agency's name and the date.
// The app's header and buttons are not printed (styles.css, @media print).
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { useMe } from '../session';
import { ErrorMessage, Loading, useResource } from '../components/ui';
import type { CaseView, Referral } from '../types';
import '../i18n/dataio';
import '../dataio.css';

function PrintHeader({ title }: { title: string }) {
  const { t, date } = useI18n();
  const me = useMe();
  const ref = useReference();
  const agency = ref.agencyById(me.agencyId);
  return (
    <header className="print-header">
      <p className="print-agency">{agency ? agency.name : ''}</p>
      <h1>{title}</h1>
      <p className="print-meta">
        {t('dataio.printedOn', {
          date: date(new Date().toISOString()),
          name: me.displayName,
          agency: agency ? `${agency.name} (${agency.code})` : '',
        })}
      </p>
      <p className="print-confidential">{t('dataio.confidential')}</p>
    </header>
  );
}

function PrintActions({ back, backLabel }: { back: string; backLabel: string }) {
  const { t } = useI18n();
  return (
    <p className="actions no-print">
      <button type="button" className="primary" onClick={() => window.print()}>
        {t('dataio.print')}
      </button>{' '}
      <Link to={back}>{backLabel}</Link>
    </p>
  );
}

export function CasePrint({ id }: { id: string }) {
  const { t, date, dateTime } = useI18n();
  const ref = useReference();
  const found = useResource(() => api.get<CaseView>(`/cases/${id}`), [id]);
  if (found.error) return <ErrorMessage error={found.error} />;
  if (!found.data) return <Loading />;
  const c = found.data;
  const all = c.visibleParts.length >= 10;
  return (
    <article className="print-view">
      <PrintActions back={`/cases/${id}`} backLabel={t('dataio.backToCase')} />
      <PrintHeader title={t('dataio.printCase', { reference: c.reference })} />
      {!all ? <p className="hint">{t('dataio.partsNotShown')}</p> : null}
      <dl className="facts">
        <dt>{t('cases.reference')}</dt>
        <dd>{c.reference}</dd>
        <dt>{t('cases.status')}</dt>
        <dd>{ref.label('caseStatuses', c.status)}</dd>
        <dt>{t('case.reachedVia')}</dt>
        <dd>{ref.label('caseSources', c.reachedVia)}</dd>
        <dt>{t('cases.opened')}</dt>
        <dd>{date(c.createdAt)}</dd>
        {c.person ? (
          <>
            <dt>{t('person.name')}</dt>
            <dd>{c.person.displayName}</dd>
            <dt>{t('person.sex')}</dt>
            <dd>{ref.label('sexes', c.person.sex)}</dd>
            <dt>{t('person.age')}</dt>
            <dd>
              {c.person.ageYears ?? t('common.unknown')}
              {c.person.isMinor ? ` · ${t('person.minorBadge')}` : ''}
            </dd>
            <dt>{t('person.citizenship')}</dt>
            <dd>{ref.country(c.person.citizenship)}</dd>
          </>
        ) : null}
        {c.exploitationTypes ? (
          <>
            <dt>{t('case.exploitationTypes')}</dt>
            <dd>{c.exploitationTypes.map((e) => ref.label('exploitationTypes', e)).join(', ') || '—'}</dd>
            <dt>{t('case.recruitmentChannels')}</dt>
            <dd>{c.recruitment?.channels.map((e) => ref.label('recruitmentChannels', e)).join(', ') || '—'}</dd>
          </>
        ) : null}
        {c.route ? (
          <>
            <dt>{t('case.originProvince')}</dt>
            <dd>{ref.province(c.route.originProvince)}</dd>
            <dt>{t('case.transitCountries')}</dt>
            <dd>{c.route.transitCountries.map((x) => ref.country(x)).join(', ') || '—'}</dd>
            <dt>{t('case.destinationCountry')}</dt>
            <dd>{ref.country(c.route.destinationCountry)}</dd>
            <dt>{t('case.exitDate')}</dt>
            <dd>{date(c.keyDates?.exit)}</dd>
            <dt>{t('case.returnDate')}</dt>
            <dd>{date(c.keyDates?.return)}</dd>
          </>
        ) : null}
      </dl>
      {c.narrative !== undefined ? (
        <section>
          <h2>{t('case.narrative')}</h2>
          <p className="prose">{c.narrative ?? '—'}</p>
        </section>
      ) : null}
      {c.history ? (
        <section>
          <h2>{t('dataio.history')}</h2>
          <ol className="print-history">
            {c.history.map((h, i) => (
              <li key={i}>
                {dateTime(h.at)} — {ref.label('caseStatuses', h.to)} ({h.actorName}, {h.actorAgency})
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  );
}

export function ReferralPrint({ id }: { id: string }) {
  const { t, code, date, dateTime } = useI18n();
  const ref = useReference();
  const found = useResource(() => api.get<Referral>(`/referrals/${id}`), [id]);
  if (found.error) return <ErrorMessage error={found.error} />;
  if (!found.data) return <Loading />;
  const r = found.data;
  const age = r.person.ageYears === null ? t('common.unknown') : String(r.person.ageYears);
  return (
    <article className="print-view">
      <PrintActions back="/referrals" backLabel={t('dataio.backToReferrals')} />
      <PrintHeader title={t('dataio.printReferral', { reference: r.caseReference })} />
      <dl className="facts">
        <dt>{t('cases.reference')}</dt>
        <dd>{r.caseReference}</dd>
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
        <dt>{t('cases.status')}</dt>
        <dd>{code('referralStatus', r.status)}</dd>
        {r.note ? (
          <>
            <dt>{t('referral.note')}</dt>
            <dd className="prose">{r.note}</dd>
          </>
        ) : null}
      </dl>
      <p>{t('referral.fromTo', { from: ref.agencyName(r.fromAgency), to: ref.agencyName(r.toAgency) })}</p>
      <div className="print-signatures">
        <div>
          <p>{t('dataio.signatureSender')}</p>
        </div>
        <div>
          <p>{t('dataio.signatureReceiver')}</p>
        </div>
      </div>
    </article>
  );
}
