// The case file: a header, a row of section links, and the section. Which sections
// show, and what each offers, follows the case's `can` (the server's policy decides).
// Someone who may only see who viewed the file (the owner agency's administrator, an
// auditor: `me.can`) gets that section alone; a 404 on the access log hides it.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { useMe } from '../session';
import { ErrorMessage, Loading, ScreenTitle, StatusBadge } from '../components/ui';
import type { AccessLogEntry, CaseView, Me, Page } from '../types';
import { Overview } from './case-overview';
import { Timeline } from './case-timeline';
import { SupportSection } from './case-support';
import { ReferralsSection } from './case-referrals';
import { FollowUpsSection } from './case-followups';
import { RepatriationSection } from './case-repatriation';
import { ProsecutionSection } from './case-prosecution';
import { TransferPanel } from './case-transfer';
import { ConsentsSection } from './case-consents';
import { NotesSection } from './case-notes';
import { AccessLog } from './case-access-log';
import { ScreeningSection } from './screening';
import type { CaseProps, LoadedCase } from '../case-data';
import { Attachments } from '../components/attachments';
import '../i18n/dataio';

// The identifiers tab and its messages come on demand: only law-enforcement staff open it.
const IdentifiersSection = lazy(() => import('./case-identifiers').then((m) => ({ default: m.IdentifiersSection })));

const SECTIONS: { id: string; label: MessageKey; shows(c: CaseView, me: Me): boolean }[] = [
  { id: 'overview', label: 'caseFile.overview', shows: () => true },
  { id: 'timeline', label: 'caseFile.timeline', shows: () => true },
  { id: 'screening', label: 'caseFile.screening', shows: (c) => c.can.readScreenings || c.can.screen },
  { id: 'support', label: 'caseFile.support', shows: (c) => c.can.readSupportPlan },
  { id: 'followups', label: 'caseFile.followUps', shows: (c) => c.can.readSupportPlan },
  { id: 'repatriation', label: 'caseFile.repatriation', shows: (c) => c.can.readRepatriation },
  {
    id: 'prosecution',
    label: 'prosecution.tab',
    shows: (c, me) => me.can.workOnProsecution && c.visibleParts.includes('prosecution'),
  },
  {
    id: 'identifiers',
    label: 'caseFile.identifiers',
    shows: (c, me) => me.can.workOnProsecution && c.visibleParts.includes('prosecution'),
  },
  {
    id: 'referrals',
    label: 'caseFile.referrals',
    shows: (c, me) => me.can.seeReferrals || c.can.refer || c.can.transfer,
  },
  { id: 'consents', label: 'caseFile.consents', shows: (c) => c.can.readConsents },
  { id: 'notes', label: 'caseFile.notes', shows: (c) => c.can.readNotes },
  { id: 'files', label: 'dataio.files', shows: () => true },
  { id: 'access-log', label: 'caseFile.accessLog', shows: (c) => c.can.readAccessLog },
];

export function CaseFile({ id, section }: { id: string; section: string }) {
  const { t } = useI18n();
  const ref = useReference();
  const me = useMe();
  // Administrators and auditors never see case content: asking would only add a denied read to the trail.
  const readsContent = me.can.seeCases;
  const [loaded, setLoaded] = useState<LoadedCase | null>(null);
  const [caseError, setCaseError] = useState<unknown>(null);
  const [accessLog, setAccessLog] = useState<Page<AccessLogEntry> | null | 'hidden'>(null);

  const reload = useCallback(async () => {
    if (!readsContent) {
      setCaseError(new ApiError(404, null));
      return null;
    }
    try {
      const r = await api.getWithEtag<CaseView>(`/cases/${id}`);
      const next = { view: r.data, etag: r.etag };
      setLoaded(next);
      setCaseError(null);
      return next;
    } catch (e) {
      setCaseError(e);
      return null;
    }
  }, [id, readsContent]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const caseHidden = caseError instanceof ApiError && caseError.status === 404;
  // Whether to ask for the access log: the case says so; without the case, what the caller may do across the app.
  const wantsAccessLog: boolean | null = loaded
    ? loaded.view.can.readAccessLog
    : caseHidden
      ? me.can.readAuditTrail || me.can.readAgencyAccessLogs
      : null;
  useEffect(() => {
    if (wantsAccessLog === null) return;
    if (!wantsAccessLog) {
      setAccessLog('hidden');
      return;
    }
    let live = true;
    api.get<Page<AccessLogEntry>>(`/cases/${id}/access-log`, { limit: 100 }).then(
      (p) => {
        if (live) setAccessLog(p);
      },
      () => {
        if (live) setAccessLog('hidden');
      },
    );
    return () => {
      live = false;
    };
  }, [id, wantsAccessLog]);

  if (!loaded && !caseError) return <Loading />;
  if (caseHidden && accessLog === null) return <Loading />;
  if (caseHidden && accessLog !== 'hidden' && accessLog !== null) {
    // Administrators and auditors: who viewed this file, never its content.
    return (
      <>
        <ScreenTitle sub={t('caseFile.accessOnly')}>{t('caseFile.accessLog')}</ScreenTitle>
        <AccessLog page={accessLog} caseId={id} heading={false} />
      </>
    );
  }
  if (!loaded) {
    return (
      <>
        <ScreenTitle>{t('caseFile.title')}</ScreenTitle>
        {caseHidden ? <p>{t('caseFile.notFound')}</p> : <ErrorMessage error={caseError} />}
        <p>
          <Link to="/cases">{t('caseFile.backToList')}</Link>
        </p>
      </>
    );
  }

  const c = loaded.view;
  const visible = SECTIONS.filter(
    (s) => s.shows(c, me) && (s.id !== 'access-log' || (accessLog !== 'hidden' && accessLog !== null)),
  );
  const props: CaseProps = { loaded, setLoaded, reload };
  let body;
  const known = SECTIONS.find((s) => s.id === section);
  switch (known && !known.shows(c, me) ? 'not-shared' : section) {
    case 'overview':
      body = <Overview {...props} />;
      break;
    case 'timeline':
      body = <Timeline {...props} />;
      break;
    case 'screening':
      body = <ScreeningSection {...props} />;
      break;
    case 'support':
      body = <SupportSection {...props} />;
      break;
    case 'followups':
      body = <FollowUpsSection {...props} />;
      break;
    case 'repatriation':
      body = <RepatriationSection {...props} />;
      break;
    case 'prosecution':
      body = <ProsecutionSection {...props} />;
      break;
    case 'identifiers':
      body = (
        <Suspense fallback={<Loading />}>
          <IdentifiersSection {...props} />
        </Suspense>
      );
      break;
    case 'referrals':
      body = (
        <>
          <ReferralsSection {...props} />
          {c.can.transfer ? <TransferPanel {...props} /> : null}
        </>
      );
      break;
    case 'consents':
      body = <ConsentsSection {...props} />;
      break;
    case 'notes':
      body = <NotesSection {...props} />;
      break;
    case 'files':
      body = (
        <Attachments caseId={c.id} scope="case" canUpload={c.can.attachFiles} title={t('dataio.files')} level={2} />
      );
      break;
    case 'access-log':
      body =
        accessLog === 'hidden' ? (
          <p>{t('caseFile.accessLogHidden')}</p>
        ) : accessLog ? (
          <AccessLog page={accessLog} caseId={id} />
        ) : (
          <Loading />
        );
      break;
    case 'not-shared':
      body = <p>{known?.id === 'access-log' ? t('caseFile.accessLogHidden') : t('details.partial')}</p>;
      break;
    default:
      body = <p>{t('caseFile.notFound')}</p>;
  }

  return (
    <>
      <ScreenTitle
        sub={
          <>
            <StatusBadge status={c.status} label={ref.label('caseStatuses', c.status)} />
            {c.verificationOverdue ? (
              <>
                {' '}
                <StatusBadge status="overdue" label={t('cases.overdue')} />
              </>
            ) : null}{' '}
            {c.person ? c.person.displayName : t('caseFile.personHidden')}
          </>
        }
      >
        {t('caseFile.heading', { reference: c.reference })}
      </ScreenTitle>
      <nav className="tabs" aria-label={t('caseFile.sections')}>
        <ul>
          {visible.map((s) => (
            <li key={s.id}>
              <Link to={s.id === 'overview' ? `/cases/${id}` : `/cases/${id}/${s.id}`}>{t(s.label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="no-print">
        <Link to={`/cases/${id}/print`}>{t('dataio.printView')}</Link>
      </p>
      <div className="section-body">{body}</div>
    </>
  );
}
