// The hotline's desk (issue 14 §2): the triage queue of web reports and calls with its live service-level timers
// (/reports), a report with its content, photos, conversation and the actions that end triage (/reports/:id), and
// the intake of a call (/reports/new-call). Only hotline operators (`can.triageReports`) have these screens; the
// server decides every request. Someone else's change in the meantime (412) is said, with the report to reload.
import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, API, etagOf, request } from '../api';
import {
  CheckboxGroup,
  ErrorMessage,
  Loading,
  Notice,
  RadioGroup,
  ScreenTitle,
  SelectField,
  StatusBadge,
  TextArea,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import {
  CALL_INDICATORS,
  CALLER_KINDS,
  CLOSING_OUTCOMES,
  COMMON_DESTINATIONS,
  PUBLIC_REPORT_ANSWERS,
  PUBLIC_REPORT_LIMITS,
  PUBLIC_REPORT_RECRUITMENT,
  QUEUE_ASSIGNED,
  QUEUE_STATUSES,
  REPORT_CHANNELS,
  REPORT_SLA_MINUTES,
  SPOKEN_LANGUAGES,
  isLate,
  minutesBetween,
  type ClosingOutcome,
} from '../contract';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import '../i18n/reporting';
import { useReference } from '../reference';
import { Link, useRouter } from '../router';
import { useMe } from '../session';
import type { CaseLookup, EscalationAgency, HotlineOperator, ReportQueue, ReportQueueItem, ReportView } from '../types';

const key = (k: string) => k as MessageKey;

/** A waiting time in the user's words: minutes, hours and minutes, or days and hours. */
function duration(t: I18n['t'], minutes: number): string {
  if (minutes < 60) return t('reporting.duration.minutes', { minutes });
  if (minutes < 24 * 60)
    return t('reporting.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return t('reporting.duration.days', {
    days: Math.floor(minutes / (24 * 60)),
    hours: Math.floor((minutes % (24 * 60)) / 60),
  });
}

/** The server's clock, ticking here: the timers run on without reloading the queue. */
function useServerNow(serverNow: string | undefined): Date {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (serverNow) setOffset(new Date(serverNow).getTime() - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return new Date(now.getTime() + offset);
}

function NotAllowed() {
  const { t } = useI18n();
  return (
    <>
      <ScreenTitle>{t('reporting.title')}</ScreenTitle>
      <p>{t('reporting.notAllowed')}</p>
    </>
  );
}

function Flags({ report }: { report: { immediateDanger: boolean; minorInvolved: boolean } }) {
  const { t } = useI18n();
  if (!report.immediateDanger && !report.minorInvolved) return <span className="hint">{t('reporting.flag.none')}</span>;
  return (
    <>
      {report.immediateDanger ? <StatusBadge status="warn" label={t('reporting.flag.danger')} /> : null}{' '}
      {report.minorInvolved ? <StatusBadge status="under_verification" label={t('reporting.flag.minor')} /> : null}
    </>
  );
}

function Waiting({ report, now }: { report: ReportQueueItem; now: Date }) {
  const { t } = useI18n();
  const minutes = minutesBetween(report.receivedAt, now);
  return (
    <>
      {duration(t, minutes)}
      {isLate(report, minutes) ? (
        <>
          {' '}
          <StatusBadge status="warn" label={t('reporting.late')} />
        </>
      ) : null}
    </>
  );
}

// ---- The queue ----

export function Reports() {
  const me = useMe();
  if (!me.can.triageReports) return <NotAllowed />;
  return <Queue />;
}

function Queue() {
  const { t, dateTime } = useI18n();
  const ref = useReference();
  const { navigate } = useRouter();
  const [filters, setFilters] = useState({ status: 'open', assigned: 'any', channel: '', site: '' });
  const [site, setSite] = useState('');
  const [page, setPage] = useState(1);
  const queue = useResource(
    () => api.get<ReportQueue>('/reports', { ...filters, page, limit: 50 }),
    [filters.status, filters.assigned, filters.channel, filters.site, page],
  );
  const now = useServerNow(queue.data?.now);
  const take = useAction();
  const set = (change: Partial<typeof filters>) => {
    setFilters({ ...filters, ...change });
    setPage(1);
  };
  const takeIt = async (item: ReportQueueItem) => {
    const ok = await take.run(() =>
      request('POST', `/reports/${item.id}/assign`, { body: { assignee: 'me' }, ifMatch: etagOf(item.version) }),
    );
    if (ok) navigate(`/reports/${item.id}`);
    else queue.reload();
  };

  return (
    <>
      <ScreenTitle sub={t('reporting.intro')}>{t('reporting.title')}</ScreenTitle>
      <p className="actions">
        <Link to="/reports/new-call" className="button primary">
          {t('reporting.newCall')}
        </Link>
      </p>
      <section className="panel panel-wide" aria-labelledby="h-queue">
        <h2 id="h-queue">{t('reporting.queue')}</h2>
        <form
          className="filters"
          aria-label={t('reporting.filters')}
          onSubmit={(e) => {
            e.preventDefault();
            set({ site: site.trim().toUpperCase() });
          }}
        >
          <SelectField
            label={t('reporting.filter.status')}
            value={filters.status}
            onValue={(v) => set({ status: v })}
            options={QUEUE_STATUSES.map((s) => ({ value: s, label: t(key(`reporting.status.${s}`)) }))}
          />
          <SelectField
            label={t('reporting.filter.assigned')}
            value={filters.assigned}
            onValue={(v) => set({ assigned: v })}
            options={QUEUE_ASSIGNED.map((s) => ({ value: s, label: t(key(`reporting.assigned.${s}`)) }))}
          />
          <SelectField
            label={t('reporting.filter.channel')}
            value={filters.channel}
            onValue={(v) => set({ channel: v })}
            empty={t('reporting.channel.any')}
            options={REPORT_CHANNELS.map((c) => ({ value: c, label: t(key(`reporting.channel.${c}`)) }))}
          />
          <TextField
            label={t('reporting.filter.site')}
            value={site}
            onValue={setSite}
            onBlur={() => set({ site: site.trim().toUpperCase() })}
            maxLength={16}
          />
        </form>
        <p className="hint">
          {t('reporting.lateHint', {
            danger: REPORT_SLA_MINUTES.immediateDanger,
            hours: REPORT_SLA_MINUTES.other / 60,
          })}
        </p>
        <ErrorMessage error={take.error} />
        {queue.loading && !queue.data ? <Loading /> : null}
        <ErrorMessage error={queue.error} />
        {queue.data && queue.data.items.length === 0 ? <p>{t('reporting.none')}</p> : null}
        {queue.data && queue.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="cases">
              <caption className="visually-hidden">{t('reporting.queue')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.col.urgency')}</th>
                  <th scope="col">{t('reporting.col.received')}</th>
                  <th scope="col">{t('reporting.col.waiting')}</th>
                  <th scope="col">{t('reporting.col.channel')}</th>
                  <th scope="col">{t('reporting.col.place')}</th>
                  <th scope="col">{t('reporting.col.status')}</th>
                  <th scope="col">{t('reporting.col.assignee')}</th>
                  <th scope="col">{t('reporting.col.photos')}</th>
                  <th scope="col">{t('reporting.col.messages')}</th>
                  <th scope="col">{t('reporting.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.items.map((item) => {
                  const time = dateTime(item.receivedAt);
                  return (
                    <tr key={item.id} data-report={item.id}>
                      <td>
                        <Flags report={item} />
                      </td>
                      <td>{time}</td>
                      <td>
                        <Waiting report={item} now={now} />
                      </td>
                      <td>{t(key(`reporting.channel.${item.channel}`))}</td>
                      <td>
                        {item.province ? ref.province(item.province) : '—'}
                        {item.site ? <span className="hint"> · {item.site}</span> : null}
                      </td>
                      <td>{t(key(`reporting.reportStatus.${item.status}`))}</td>
                      <td>{item.assignee ? item.assignee.name : t('reporting.unassigned')}</td>
                      <td>{item.photoCount}</td>
                      <td>
                        {item.unreadMessages > 0 ? (
                          <StatusBadge status="warn" label={String(item.unreadMessages)} />
                        ) : (
                          '0'
                        )}
                      </td>
                      <td>
                        <div className="actions">
                          <Link to={`/reports/${item.id}`} aria-label={t('reporting.openReport', { time })}>
                            {t('reporting.open')}
                          </Link>
                          {!item.assignee && !item.outcome ? (
                            <button
                              type="button"
                              disabled={take.busy}
                              onClick={() => void takeIt(item)}
                              aria-label={t('reporting.takeItOf', { time })}
                            >
                              {t('reporting.takeIt')}
                            </button>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
        {queue.data && (page > 1 || queue.data.hasMore) ? (
          <nav className="actions" aria-label={t('reporting.page', { page })}>
            <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
              {t('reporting.prev')}
            </button>
            <span>{t('reporting.page', { page })}</span>
            <button type="button" disabled={!queue.data.hasMore} onClick={() => setPage(page + 1)}>
              {t('reporting.next')}
            </button>
          </nav>
        ) : null}
      </section>
    </>
  );
}

// ---- One report ----

export function ReportScreen({ id }: { id: string }) {
  const me = useMe();
  if (!me.can.triageReports) return <NotAllowed />;
  return <Report id={id} />;
}

const isStale = (err: unknown) => err instanceof ApiError && err.kind === 'precondition-failed';

function Report({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const report = useResource(() => api.get<ReportView>(`/reports/${id}`), [id]);
  const [stale, setStale] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const now = useServerNow(undefined);
  const r = report.data;

  /** Runs an action at the version shown; a 412 says so and offers the report as it is now. */
  const perform = async (
    action: ReturnType<typeof useAction>,
    path: string,
    body: unknown,
    done: string,
  ): Promise<boolean> => {
    if (!r) return false;
    setNotice(null);
    const ok = await action.run(
      async () => {
        const result = await request<ReportView>('POST', `/reports/${id}/${path}`, {
          body,
          ifMatch: etagOf(r.version),
        });
        report.setData(result.data);
      },
      (err) => {
        if (!isStale(err)) return false;
        setStale(true);
        return true;
      },
    );
    if (ok) setNotice(done);
    return ok;
  };

  if (report.loading && !r) return <Loading />;
  if (!r)
    return (
      <>
        <ScreenTitle>{t('reporting.title')}</ScreenTitle>
        {report.error instanceof ApiError && report.error.status === 404 ? (
          <p>{t('reporting.notFound')}</p>
        ) : (
          <ErrorMessage error={report.error} />
        )}
        <p>
          <Link to="/reports">{t('reporting.back')}</Link>
        </p>
      </>
    );
  const open = r.outcome === null;
  return (
    <>
      <ScreenTitle
        sub={t('reporting.receivedAt', {
          time: dateTime(r.receivedAt),
          duration: duration(t, minutesBetween(r.receivedAt, now)),
        })}
      >
        {r.channel === 'phone' ? t('reporting.titlePhone') : t('reporting.titleWeb')}
      </ScreenTitle>
      <p>
        <Link to="/reports">{t('reporting.back')}</Link>
      </p>
      <p className="hint">{t('reporting.reportId', { id: r.id })}</p>
      <p>
        <Flags report={r} /> <StatusBadge status="received" label={t(key(`reporting.reportStatus.${r.status}`))} />
        {isLate(r, minutesBetween(r.receivedAt, now)) ? (
          <>
            {' '}
            <StatusBadge status="warn" label={t('reporting.late')} />
          </>
        ) : null}
      </p>
      {stale ? (
        <Notice kind="warning">
          <p>{t('reporting.stale')}</p>
          <button
            type="button"
            onClick={() => {
              setStale(false);
              setNotice(null);
              report.reload();
            }}
          >
            {t('reporting.reload')}
          </button>
        </Notice>
      ) : null}
      {notice ? (
        <Notice kind="success">
          <p>{notice}</p>
        </Notice>
      ) : null}
      <Content report={r} />
      <Photos report={r} />
      <Conversation report={r} onSent={() => report.reload()} />
      {open ? (
        <>
          <Assignment report={r} perform={perform} />
          <LinkToCase report={r} perform={perform} />
          <CloseReport report={r} perform={perform} />
          <Escalate report={r} perform={perform} />
        </>
      ) : (
        <section className="panel" aria-labelledby="h-ended">
          <h2 id="h-ended">{t('reporting.actions')}</h2>
          <p>{t('reporting.ended', { outcome: t(key(`reporting.outcome.${r.outcome}`)) })}</p>
          {r.case ? <p>{t('reporting.caseShown', { reference: r.case.reference, agency: r.case.agency })}</p> : null}
          {r.duplicateOf ? (
            <p>
              <Link to={`/reports/${r.duplicateOf}`}>{t('reporting.duplicateOfShown', { id: r.duplicateOf })}</Link>
            </p>
          ) : null}
          {r.reason ? (
            <p>
              {t('reporting.reason')}: {r.reason}
            </p>
          ) : null}
        </section>
      )}
      <History report={r} />
    </>
  );
}

type Perform = (action: ReturnType<typeof useAction>, path: string, body: unknown, done: string) => Promise<boolean>;

function Content({ report: r }: { report: ReportView }) {
  const { t, code } = useI18n();
  const ref = useReference();
  const c = r.content;
  const rows: [string, string | null][] = [
    [t('reporting.f.whatHappened'), c.whatHappened],
    [t('reporting.f.province'), r.province ? ref.province(r.province) : null],
    [t('reporting.f.place'), c.place],
    [t('reporting.f.when'), c.when],
    [t('reporting.f.minorInvolved'), t(key(`reporting.answer.${c.minorInvolved}`))],
    [t('reporting.f.immediateDanger'), t(key(`reporting.answer.${c.immediateDanger}`))],
    [t('reporting.f.recruitment'), t(key(`reporting.recruitment.${c.recruitment}`))],
    [
      t('reporting.f.destination'),
      [c.destinationCountry ? ref.country(c.destinationCountry) : null, c.destinationOther]
        .filter(Boolean)
        .join(' — ') || null,
    ],
    [t('reporting.f.contact'), c.contact],
    [t('reporting.f.site'), r.site],
  ];
  if (c.caller) rows.unshift([t('reporting.f.caller'), t(key(`reporting.caller.${c.caller}`))]);
  if (c.callerLanguage) rows.splice(1, 0, [t('reporting.f.callerLanguage'), code('spoken', c.callerLanguage)]);
  return (
    <section className="panel panel-wide" aria-labelledby="h-content">
      <h2 id="h-content">{t('reporting.content')}</h2>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd className="pre-line">{value ?? t('reporting.notGiven')}</dd>
          </Fragment>
        ))}
        <>
          <dt>{t('reporting.f.identifiers')}</dt>
          <dd>
            {c.identifiers.length === 0 ? (
              t('reporting.notGiven')
            ) : (
              <ul>
                {c.identifiers.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            )}
          </dd>
        </>
        {c.indicators.length > 0 ? (
          <>
            <dt>{t('reporting.f.indicators')}</dt>
            <dd>
              <ul>
                {c.indicators.map((i) => (
                  <li key={i}>{t(key(`reporting.indicator.${i}`))}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function Photos({ report: r }: { report: ReportView }) {
  const { t } = useI18n();
  if (r.channel === 'phone') return null;
  return (
    <section className="panel" aria-labelledby="h-photos">
      <h2 id="h-photos">{t('reporting.photos')}</h2>
      {r.photos.length === 0 ? <p>{t('reporting.noPhotos')}</p> : null}
      <div className="report-photos">
        {r.photos.map((p, i) => (
          <a key={p.id} href={`${API}/reports/${r.id}/photos/${p.id}`} target="_blank" rel="noopener">
            <img
              src={`${API}/reports/${r.id}/photos/${p.id}`}
              alt={t('reporting.photoAlt', { n: i + 1 })}
              width={240}
              loading="lazy"
            />
          </a>
        ))}
      </div>
    </section>
  );
}

function Conversation({ report: r, onSent }: { report: ReportView; onSent: () => void }) {
  const { t, dateTime } = useI18n();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const send = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setSent(false);
    const ok = await send.run(() => api.post(`/reports/${r.id}/messages`, { text: text.trim() }));
    if (ok) {
      setText('');
      setSent(true);
      onSent();
    }
  };
  return (
    <section className="panel" aria-labelledby="h-conversation">
      <h2 id="h-conversation">{t('reporting.conversation')}</h2>
      {r.channel === 'phone' ? (
        <p>{t('reporting.callNoConversation')}</p>
      ) : (
        <>
          {r.messages.length === 0 ? <p>{t('reporting.noMessages')}</p> : null}
          <ol className="conversation">
            {r.messages.map((m) => (
              <li key={m.id} className={`from-${m.from}`}>
                <p className="hint">
                  {m.from === 'hotline' && m.by
                    ? `${t('reporting.from.hotline')} (${m.by})`
                    : t(key(`reporting.from.${m.from}`))}{' '}
                  · {dateTime(m.at)}
                </p>
                <p className="pre-line">{m.text}</p>
              </li>
            ))}
          </ol>
          {r.status !== 'closed' ? (
            <form onSubmit={(e) => void submit(e)} noValidate className="stack">
              <TextArea
                label={t('reporting.ask')}
                hint={t('reporting.askHint')}
                value={text}
                onValue={setText}
                maxLength={PUBLIC_REPORT_LIMITS.message}
              />
              <ErrorMessage error={send.error} />
              {sent ? (
                <Notice kind="success">
                  <p>{t('reporting.sent')}</p>
                </Notice>
              ) : null}
              <div className="actions">
                <button type="submit" className="primary" disabled={send.busy || !text.trim()}>
                  {t('reporting.askButton')}
                </button>
              </div>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}

function Assignment({ report: r, perform }: { report: ReportView; perform: Perform }) {
  const { t } = useI18n();
  const operators = useResource(() => api.get<{ items: HotlineOperator[] }>('/reports/operators'), []);
  const [to, setTo] = useState('');
  const assign = useAction();
  return (
    <section className="panel" aria-labelledby="h-assign">
      <h2 id="h-assign">{t('reporting.assignment')}</h2>
      <p>{t('reporting.assignee', { name: r.assignee?.name ?? t('reporting.unassigned') })}</p>
      <div className="actions">
        <button
          type="button"
          disabled={assign.busy}
          onClick={() => void perform(assign, 'assign', { assignee: 'me' }, t('reporting.done'))}
        >
          {t('reporting.assignMe')}
        </button>
        {r.assignee ? (
          <button
            type="button"
            disabled={assign.busy}
            onClick={() => void perform(assign, 'assign', { assignee: null }, t('reporting.done'))}
          >
            {t('reporting.unassign')}
          </button>
        ) : null}
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (to) void perform(assign, 'assign', { assignee: to }, t('reporting.done'));
        }}
      >
        <SelectField
          label={t('reporting.assignTo')}
          value={to}
          onValue={setTo}
          empty="—"
          options={(operators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
        <button type="submit" disabled={assign.busy || !to}>
          {t('reporting.assignButton')}
        </button>
      </form>
      <ErrorMessage error={assign.error} />
    </section>
  );
}

function LinkToCase({ report: r, perform }: { report: ReportView; perform: Perform }) {
  const { t } = useI18n();
  const [reference, setReference] = useState('');
  const [found, setFound] = useState<CaseLookup | null>(null);
  const [missing, setMissing] = useState(false);
  const lookup = useAction();
  const link = useAction();
  const find = async (e: FormEvent) => {
    e.preventDefault();
    setFound(null);
    setMissing(false);
    if (!reference.trim()) return;
    await lookup.run(
      async () => setFound(await api.get<CaseLookup>('/reports/case-lookup', { reference: reference.trim() })),
      (err) => {
        if (!(err instanceof ApiError && err.status === 404)) return false;
        setMissing(true);
        return true;
      },
    );
  };
  return (
    <section className="panel" aria-labelledby="h-link">
      <h2 id="h-link">{t('reporting.link')}</h2>
      <form onSubmit={(e) => void find(e)} noValidate className="filters" role="search">
        <TextField
          label={t('reporting.caseReference')}
          hint={t('reporting.caseReferenceHint')}
          value={reference}
          onValue={(v) => {
            setReference(v);
            setFound(null);
          }}
          maxLength={40}
        />
        <button type="submit" disabled={lookup.busy}>
          {t('reporting.lookup')}
        </button>
      </form>
      <ErrorMessage error={lookup.error} />
      {missing ? <p role="status">{t('reporting.noSuchCase')}</p> : null}
      {found ? (
        <div className="stack">
          <p role="status">{t('reporting.found', { reference: found.reference, agency: found.agency.name })}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={link.busy}
              onClick={() =>
                void perform(link, 'link', { caseReference: found.reference }, t('reporting.outcome.linked'))
              }
            >
              {t('reporting.linkButton')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorMessage error={link.error} />
      <p className="hint">
        {r.case ? t('reporting.caseShown', { reference: r.case.reference, agency: r.case.agency }) : null}
      </p>
    </section>
  );
}

function CloseReport({ report: r, perform }: { report: ReportView; perform: Perform }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<ClosingOutcome>('spam');
  const [reason, setReason] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; duplicateOf?: string }>({});
  const close = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!reason.trim()) next.reason = t('reporting.errReason');
    if (outcome === 'duplicate' && !duplicateOf.trim()) next.duplicateOf = t('reporting.errDuplicateOf');
    setErrors(next);
    if (Object.keys(next).length) return;
    await perform(
      close,
      'close',
      { outcome, reason: reason.trim(), ...(outcome === 'duplicate' ? { duplicateOf: duplicateOf.trim() } : {}) },
      t(key(`reporting.outcome.${outcome}`)),
    );
  };
  return (
    <section className="panel" aria-labelledby="h-close">
      <h2 id="h-close">{t('reporting.close')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <RadioGroup
          legend={t('reporting.closeAs')}
          name={`close-${r.id}`}
          value={outcome}
          onValue={(v) => setOutcome(v as ClosingOutcome)}
          options={CLOSING_OUTCOMES.map((o) => ({ value: o, label: t(key(`reporting.outcome.${o}`)) }))}
        />
        {outcome === 'duplicate' ? (
          <TextField
            label={t('reporting.duplicateOf')}
            hint={t('reporting.duplicateOfHint')}
            required
            value={duplicateOf}
            onValue={setDuplicateOf}
            maxLength={36}
            error={errors.duplicateOf}
          />
        ) : null}
        <TextArea
          label={t('reporting.reason')}
          required
          value={reason}
          onValue={setReason}
          maxLength={2000}
          error={errors.reason}
        />
        <ErrorMessage error={close.error} />
        <div className="actions">
          <button type="submit" disabled={close.busy}>
            {t('reporting.closeButton')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Escalate({ report: r, perform }: { report: ReportView; perform: Perform }) {
  const { t } = useI18n();
  const agencies = useResource(
    () => api.get<{ items: EscalationAgency[] }>('/reports/agencies', { province: r.province ?? undefined }),
    [r.province],
  );
  const [agencyId, setAgencyId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const escalate = useAction();
  const items = agencies.data?.items ?? [];
  const option = (a: EscalationAgency) => ({ value: a.id, label: `${a.name} (${a.code})` });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!agencyId) {
      setError(t('reporting.errAgency'));
      return;
    }
    setError(null);
    await perform(escalate, 'escalate', { agencyId }, t('reporting.outcome.escalated'));
  };
  return (
    <section className="panel" aria-labelledby="h-escalate">
      <h2 id="h-escalate">{t('reporting.escalate')}</h2>
      <p>{t('reporting.escalateIntro')}</p>
      <ErrorMessage error={agencies.error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <AgencySelect
          label={t('reporting.agency')}
          value={agencyId}
          onValue={setAgencyId}
          suggested={items.filter((a) => a.suggested).map(option)}
          others={items.filter((a) => !a.suggested).map(option)}
          error={error}
        />
        <ErrorMessage error={escalate.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={escalate.busy}>
            {t('reporting.escalateButton')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The agencies to choose from, those of the report's province in a group of their own, first. */
function AgencySelect(props: {
  label: string;
  value: string;
  onValue(v: string): void;
  suggested: { value: string; label: string }[];
  others: { value: string; label: string }[];
  error: string | null;
}) {
  const { t } = useI18n();
  const id = 'escalate-agency';
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
        <span className="required"> ({t('form.required')})</span>
      </label>
      <select
        id={id}
        value={props.value}
        required
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onValue(e.target.value)}
      >
        <option value="">—</option>
        {props.suggested.length > 0 ? (
          <optgroup label={t('reporting.suggested')}>
            {props.suggested.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ) : null}
        <optgroup label={t('reporting.otherAgencies')}>
          {props.others.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
      </select>
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function History({ report: r }: { report: ReportView }) {
  const { t, dateTime } = useI18n();
  return (
    <section className="panel" aria-labelledby="h-history">
      <h2 id="h-history">{t('reporting.history')}</h2>
      {r.history.length === 0 ? <p>{t('reporting.noHistory')}</p> : null}
      <ol>
        {r.history.map((e, i) => (
          <li key={i}>
            {dateTime(e.at)} —{' '}
            {t(key(`reporting.event.${e.action}`), {
              actor: e.actor,
              assignee: e.assignee ?? '—',
              reference: e.caseReference ?? '—',
              agency: e.agency ?? '—',
            })}
          </li>
        ))}
      </ol>
    </section>
  );
}

// ---- A call ----

export function NewCall() {
  const me = useMe();
  if (!me.can.triageReports) return <NotAllowed />;
  return <CallForm />;
}

function CallForm() {
  const { t, code } = useI18n();
  const ref = useReference();
  const { navigate } = useRouter();
  const [draft, setDraft] = useState({
    caller: '',
    callerLanguage: 'vi',
    whatHappened: '',
    province: '',
    place: '',
    when: '',
    minorInvolved: 'unknown',
    immediateDanger: 'unknown',
    recruitment: 'unknown',
    destinationCountry: '',
    destinationOther: '',
    identifiers: '',
    indicators: [] as string[],
    contact: '',
  });
  const [errors, setErrors] = useState<{ caller?: string; whatHappened?: string }>({});
  const save = useAction();
  const set = (change: Partial<typeof draft>) => setDraft({ ...draft, ...change });
  const answers = PUBLIC_REPORT_ANSWERS.map((a) => ({ value: a, label: t(key(`reporting.answer.${a}`)) }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!draft.caller) next.caller = t('reporting.errCaller');
    if (!draft.whatHappened.trim()) next.whatHappened = t('reporting.errWhatHappened');
    setErrors(next);
    if (Object.keys(next).length) return;
    let created: ReportView | null = null;
    const ok = await save.run(async () => {
      created = await api.post<ReportView>('/reports/calls', {
        caller: draft.caller,
        callerLanguage: draft.callerLanguage,
        whatHappened: draft.whatHappened,
        minorInvolved: draft.minorInvolved,
        immediateDanger: draft.immediateDanger,
        recruitment: draft.recruitment,
        indicators: draft.indicators,
        identifiers: draft.identifiers,
        ...(draft.province ? { province: draft.province } : {}),
        ...(draft.place.trim() ? { place: draft.place } : {}),
        ...(draft.when.trim() ? { when: draft.when } : {}),
        ...(draft.destinationCountry ? { destinationCountry: draft.destinationCountry } : {}),
        ...(draft.destinationOther.trim() ? { destinationOther: draft.destinationOther } : {}),
        ...(draft.contact.trim() ? { contact: draft.contact } : {}),
      });
    });
    if (ok && created) navigate(`/reports/${(created as ReportView).id}`);
  };
  const common = new Set<string>(COMMON_DESTINATIONS);
  return (
    <>
      <ScreenTitle sub={t('reporting.callIntro')}>{t('reporting.callTitle')}</ScreenTitle>
      <p>
        <Link to="/reports">{t('reporting.back')}</Link>
      </p>
      <section className="panel panel-wide" aria-labelledby="h-call">
        <h2 id="h-call" className="visually-hidden">
          {t('reporting.callTitle')}
        </h2>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <fieldset className={`checks${errors.caller ? ' field-invalid' : ''}`}>
            <legend>
              {t('reporting.f.caller')} <span className="required">({t('form.required')})</span>
            </legend>
            {CALLER_KINDS.map((c) => (
              <label key={c} className="check">
                <input
                  type="radio"
                  name="caller"
                  value={c}
                  checked={draft.caller === c}
                  onChange={() => set({ caller: c })}
                />{' '}
                {t(key(`reporting.caller.${c}`))}
              </label>
            ))}
            {errors.caller ? <p className="field-error">{errors.caller}</p> : null}
          </fieldset>
          <SelectField
            label={t('reporting.f.callerLanguage')}
            value={draft.callerLanguage}
            onValue={(v) => set({ callerLanguage: v })}
            options={SPOKEN_LANGUAGES.map((l) => ({ value: l, label: code('spoken', l) }))}
          />
          <TextArea
            label={t('reporting.f.whatHappened')}
            required
            value={draft.whatHappened}
            onValue={(v) => set({ whatHappened: v })}
            maxLength={PUBLIC_REPORT_LIMITS.whatHappened}
            rows={6}
            error={errors.whatHappened}
          />
          <RadioGroup
            legend={t('reporting.f.immediateDanger')}
            name="immediateDanger"
            value={draft.immediateDanger}
            onValue={(v) => set({ immediateDanger: v })}
            options={answers}
          />
          <RadioGroup
            legend={t('reporting.f.minorInvolved')}
            name="minorInvolved"
            value={draft.minorInvolved}
            onValue={(v) => set({ minorInvolved: v })}
            options={answers}
          />
          <SelectField
            label={t('reporting.f.province')}
            value={draft.province}
            onValue={(v) => set({ province: v })}
            empty={t('reporting.provinceNone')}
            options={ref.provinces.map((p) => ({ value: p.code, label: p.name }))}
          />
          <TextField
            label={t('reporting.f.place')}
            value={draft.place}
            onValue={(v) => set({ place: v })}
            maxLength={PUBLIC_REPORT_LIMITS.place}
          />
          <TextField
            label={t('reporting.f.when')}
            value={draft.when}
            onValue={(v) => set({ when: v })}
            maxLength={PUBLIC_REPORT_LIMITS.when}
          />
          <SelectField
            label={t('reporting.f.recruitment')}
            value={draft.recruitment}
            onValue={(v) => set({ recruitment: v })}
            options={PUBLIC_REPORT_RECRUITMENT.map((c) => ({ value: c, label: t(key(`reporting.recruitment.${c}`)) }))}
          />
          <SelectField
            label={t('reporting.f.destination')}
            value={draft.destinationCountry}
            onValue={(v) => set({ destinationCountry: v })}
            empty={t('reporting.destinationNone')}
            options={[
              ...COMMON_DESTINATIONS.map((c) => ({ value: c, label: ref.country(c) })),
              ...ref.countries.filter((c) => !common.has(c.code)).map((c) => ({ value: c.code, label: c.name })),
            ]}
          />
          <TextField
            label={t('reporting.f.destinationOther')}
            value={draft.destinationOther}
            onValue={(v) => set({ destinationOther: v })}
            maxLength={PUBLIC_REPORT_LIMITS.destinationOther}
          />
          <CheckboxGroup
            legend={t('reporting.f.indicators')}
            options={CALL_INDICATORS.map((i) => ({ value: i, label: t(key(`reporting.indicator.${i}`)) }))}
            values={draft.indicators}
            onValues={(v) => set({ indicators: v })}
            columns
          />
          <TextArea
            label={t('reporting.f.identifiers')}
            hint={t('reporting.f.identifiersHint')}
            value={draft.identifiers}
            onValue={(v) => set({ identifiers: v })}
          />
          <TextField
            label={t('reporting.f.contact')}
            value={draft.contact}
            onValue={(v) => set({ contact: v })}
            maxLength={PUBLIC_REPORT_LIMITS.contact}
          />
          <ErrorMessage error={save.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={save.busy}>
              {t('reporting.callSave')}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
