// The app shell: sign-in gate, header with navigation and language, and the screens.
import { lazy, Suspense, useEffect } from 'react';
import { I18nProvider, useI18n, type MessageKey } from './i18n';
// Teams and notifications: the header's badge is on every screen, so their messages come at start.
import './i18n/teams';
import { NotificationBadge } from './components/notification-badge';
import './teams.css';
import { LanguageSwitcher } from './components/language';
import { ReferenceProvider } from './reference';
import { Link, match, Router, useRouter } from './router';
import { SessionProvider, useMe, useSession } from './session';
import { Loading } from './components/ui';
import { SignIn } from './screens/sign-in';
import { Home } from './screens/home';
import { CaseList } from './screens/case-list';
import { CaseFile } from './screens/case-file';
import { Referrals } from './screens/referrals';
import { Register } from './screens/register';
import { BorderEvent, BorderEvents } from './screens/border-events';
import { NotFound } from './screens/not-found';
import { HelpButton } from './components/help';

// Screens few people open are loaded on demand, keeping the first screen small.
const Admin = lazy(() => import('./screens/admin').then((m) => ({ default: m.Admin })));
const Audit = lazy(() => import('./screens/audit').then((m) => ({ default: m.Audit })));
const Team = lazy(() => import('./screens/team').then((m) => ({ default: m.Team })));
const Notifications = lazy(() => import('./screens/notifications').then((m) => ({ default: m.Notifications })));
const Account = lazy(() => import('./screens/account').then((m) => ({ default: m.Account })));
const Imports = lazy(() => import('./screens/imports').then((m) => ({ default: m.Imports })));
const ImportDetail = lazy(() => import('./screens/imports').then((m) => ({ default: m.ImportDetail })));
const Review = lazy(() => import('./screens/review').then((m) => ({ default: m.Review })));
const Linkage = lazy(() => import('./screens/linkage').then((m) => ({ default: m.Linkage })));
const Person = lazy(() => import('./screens/person').then((m) => ({ default: m.Person })));
const CasePrint = lazy(() => import('./screens/print').then((m) => ({ default: m.CasePrint })));
const ReferralPrint = lazy(() => import('./screens/print').then((m) => ({ default: m.ReferralPrint })));
const Glossary = lazy(() => import('./screens/glossary').then((m) => ({ default: m.Glossary })));
const NewRepatriationGroup = lazy(() =>
  import('./screens/repatriation-groups').then((m) => ({ default: m.NewRepatriationGroup })),
);
const RepatriationGroup = lazy(() =>
  import('./screens/repatriation-groups').then((m) => ({ default: m.RepatriationGroupScreen })),
);
// The statistics screens bring Chart.js: it is loaded with them only.
const Dashboard = lazy(() => import('./screens/statistics').then((m) => ({ default: m.Dashboard })));
const TableBuilder = lazy(() => import('./screens/statistics').then((m) => ({ default: m.TableBuilder })));
// The network screen brings its graph rendering: it is loaded with it only.
const Network = lazy(() => import('./screens/network').then((m) => ({ default: m.Network })));
// Information requests between law-enforcement agencies (issue 13 §2): few people open them.
const InformationRequests = lazy(() =>
  import('./screens/information-requests').then((m) => ({ default: m.InformationRequests })),
);
const InformationRequestScreen = lazy(() =>
  import('./screens/information-requests').then((m) => ({ default: m.InformationRequestScreen })),
);
// Campaign sites and their posters (issue 14 §3).
const Sites = lazy(() => import('./screens/sites').then((m) => ({ default: m.Sites })));
// The hotline's desk: the triage queue, a report, a call's intake (issue 14 §2).
const Reports = lazy(() => import('./screens/reports').then((m) => ({ default: m.Reports })));
const ReportScreen = lazy(() => import('./screens/reports').then((m) => ({ default: m.ReportScreen })));
const NewCall = lazy(() => import('./screens/reports').then((m) => ({ default: m.NewCall })));
const SuspectPage = lazy(() => import('./screens/intelligence').then((m) => ({ default: m.SuspectPage })));
const OrganisationPage = lazy(() => import('./screens/intelligence').then((m) => ({ default: m.OrganisationPage })));
const StatisticsExports = lazy(() => import('./screens/statistics').then((m) => ({ default: m.StatisticsExports })));

export function App() {
  return (
    <Router>
      <SessionProvider>
        <Localised />
      </SessionProvider>
    </Router>
  );
}

function Localised() {
  const { lang, state } = useSession();
  return (
    <I18nProvider lang={lang}>
      {state.status === 'loading' ? (
        <div className="centre">
          <Loading />
        </div>
      ) : state.status === 'in' ? (
        <ReferenceProvider>
          <Shell />
        </ReferenceProvider>
      ) : (
        <SignIn />
      )}
    </I18nProvider>
  );
}

interface NavItem {
  to: string;
  label: MessageKey;
  show: boolean;
}

function Shell() {
  const me = useMe();
  const { t } = useI18n();
  const { signOut } = useSession();
  const { location } = useRouter();
  const { path } = location;

  const stewardHome = me.can.reviewPairs && !me.can.seeCases;
  // The analyst's (and partner statistician's) home is the dashboards.
  const statisticsHome = me.can.seeStatistics && !me.can.seeCases && !stewardHome;
  const nav: NavItem[] = [
    // The data steward's home is the review queue.
    {
      to: stewardHome ? '/review' : statisticsHome ? '/statistics' : '/',
      label: stewardHome ? 'nav.review' : statisticsHome ? 'nav.statistics' : 'nav.home',
      show: true,
    },
    { to: '/cases', label: 'nav.cases', show: me.can.seeCases },
    { to: '/cases/new', label: 'nav.register', show: me.can.registerCases },
    { to: '/referrals', label: 'nav.referrals', show: me.can.seeReferrals },
    { to: '/team', label: 'team.nav', show: me.can.superviseTeam },
    { to: '/screening', label: 'nav.screening', show: me.can.runBorderEvents },
    { to: '/review', label: 'nav.review', show: me.can.reviewPairs && !stewardHome },
    { to: '/imports', label: 'nav.imports', show: me.can.importRecords },
    { to: '/linkage', label: 'nav.linkage', show: me.can.seeLinkage },
    { to: '/statistics', label: 'nav.statistics', show: me.can.seeStatistics && !statisticsHome },
    { to: '/network', label: 'nav.network', show: me.can.workOnProsecution },
    { to: '/information-requests', label: 'nav.informationRequests', show: me.can.workOnProsecution },
    { to: '/reports', label: 'nav.reports', show: me.can.triageReports },
    { to: '/sites', label: 'nav.sites', show: me.can.seeSites },
    { to: '/admin', label: 'nav.admin', show: me.can.administerUsers || me.can.manageAgencies },
    { to: '/audit', label: 'nav.audit', show: me.can.readAuditTrail },
  ];

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [path]);

  let screen;
  let params: Record<string, string> | null;
  if (path === '/') screen = stewardHome ? <Review tab="pending" /> : statisticsHome ? <Dashboard /> : <Home />;
  else if (path === '/cases') screen = <CaseList />;
  else if (path === '/cases/new') screen = <Register />;
  else if ((params = match('/cases/:id', path)))
    screen = <CaseFile key={params.id} id={params.id!} section="overview" />;
  else if ((params = match('/cases/:id/print', path))) screen = <CasePrint key={params.id} id={params.id!} />;
  else if ((params = match('/referrals/:id/print', path))) screen = <ReferralPrint key={params.id} id={params.id!} />;
  else if ((params = match('/cases/:id/:section', path)))
    screen = <CaseFile key={params.id} id={params.id!} section={params.section!} />;
  else if (path === '/referrals') screen = <Referrals />;
  else if (path === '/screening') screen = <BorderEvents />;
  else if ((params = match('/screening/events/:id', path))) screen = <BorderEvent key={params.id} id={params.id!} />;
  else if (path === '/admin') screen = <Admin />;
  else if (path === '/audit') screen = <Audit />;
  else if (path === '/account') screen = <Account />;
  else if (path === '/team') screen = <Team />;
  else if (path === '/notifications') screen = <Notifications />;
  else if (path === '/imports') screen = <Imports />;
  else if ((params = match('/imports/:id', path))) screen = <ImportDetail key={params.id} id={params.id!} />;
  else if (path === '/review') screen = <Review tab="pending" />;
  else if (path === '/review/decided') screen = <Review tab="decided" />;
  else if (path === '/review/contacts') screen = <Review tab="contacts" />;
  else if (path === '/linkage') screen = <Linkage />;
  else if (path === '/statistics') screen = <Dashboard />;
  else if (path === '/statistics/builder') screen = <TableBuilder />;
  else if (path === '/statistics/exports') screen = <StatisticsExports />;
  else if (path === '/information-requests') screen = <InformationRequests />;
  else if ((params = match('/information-requests/:id', path)))
    screen = <InformationRequestScreen key={params.id} id={params.id!} />;
  else if (path === '/sites') screen = <Sites />;
  else if (path === '/reports') screen = <Reports />;
  else if (path === '/reports/new-call') screen = <NewCall />;
  else if ((params = match('/reports/:id', path))) screen = <ReportScreen key={params.id} id={params.id!} />;
  // Suspect data: only for those the server says work on prosecution; anyone else finds no such page.
  else if (path === '/network') screen = me.can.workOnProsecution ? <Network /> : <NotFound />;
  else if ((params = match('/suspects/:id', path)))
    screen = me.can.workOnProsecution ? <SuspectPage key={params.id} id={params.id!} /> : <NotFound />;
  else if ((params = match('/organisations/:id', path)))
    screen = me.can.workOnProsecution ? <OrganisationPage key={params.id} id={params.id!} /> : <NotFound />;
  else if ((params = match('/persons/:id', path))) screen = <Person key={params.id} id={params.id!} />;
  else if (path === '/help') screen = <Glossary />;
  else if (path === '/repatriation-groups') screen = <NewRepatriationGroup />;
  else if ((params = match('/repatriation-groups/:id', path)))
    screen = <RepatriationGroup key={params.id} id={params.id!} />;
  else screen = <NotFound />;

  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <Link to="/">{t('app.name')}</Link>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav
              .filter((n) => n.show)
              .map((n) => (
                <li key={n.to}>
                  <Link to={n.to}>{t(n.label)}</Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="account">
          <HelpButton />
          <LanguageSwitcher />
          <NotificationBadge />
          <span className="who">{me.displayName}</span>
          <Link to="/account" className="account-link">
            {t('nav.account')}
          </Link>
          <button type="button" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{screen}</Suspense>
      </main>
    </>
  );
}
