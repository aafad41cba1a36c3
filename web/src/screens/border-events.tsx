// Border screening: repatriation events at a border gate. The list of my agency's
// events and a form for a new one; each event's board registers returnees (one at a
// time, or a CSV/XLSX roster) and shows who is screened, who is not, the health
// flags raised and who needs a referral, with a link to screen each person.
import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { today } from '../contract';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, useRouter } from '../router';
import { ExportLinks } from '../components/export-links';
import '../i18n/dataio';
import { fieldLabelKey } from '../i18n/casework/fields';
import {
  CheckboxGroup,
  ErrorMessage,
  JobErrorDetail,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  StatusBadge,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type {
  BorderEventBoard,
  BorderEventSummary,
  HealthTriage,
  Job,
  RosterDryRun,
  RosterDuplicate,
  RosterUploaded,
  RowError,
  ScreeningToFinish,
  WorkQueues,
} from '../types';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Screenings my agency has left: drafts to finalise and returnees not yet screened (home and the border screen). */
export function ScreeningsToFinish({ items }: { items: ScreeningToFinish[] }) {
  const { t, date, dateTime } = useI18n();
  if (items.length === 0) return <p>{t('toFinish.none')}</p>;
  return (
    <ul className="link-list">
      {items.map((s) => (
        <li key={`${s.kind}-${s.caseId}`}>
          <Link to={`/cases/${s.caseId}/screening`}>{s.caseReference}</Link>
          {' — '}
          {s.kind === 'draft'
            ? t('toFinish.draft', { date: dateTime(s.since) })
            : t('toFinish.unscreened', { date: date(s.since) })}
        </li>
      ))}
    </ul>
  );
}

/** The citizenship choices: unknown and stateless first, then Viet Nam, then every country. */
function useCitizenshipOptions() {
  const { t } = useI18n();
  const ref = useReference();
  const vn = ref.countries.find((c) => c.code === 'VN');
  return [
    { value: 'unknown', label: t('citizenship.unknown') },
    { value: 'stateless', label: t('citizenship.stateless') },
    ...(vn ? [{ value: vn.code, label: vn.name }] : []),
    ...ref.countries.filter((c) => c.code !== 'VN').map((c) => ({ value: c.code, label: c.name })),
  ];
}

export function BorderEvents() {
  const { t, date, number } = useI18n();
  const ref = useReference();
  const events = useResource(() => api.get<{ items: BorderEventSummary[] }>('/screening/events'), []);
  const queues = useResource(() => api.get<WorkQueues>('/work/queues'), []);
  return (
    <>
      <ScreenTitle sub={t('events.help')}>{t('events.title')}</ScreenTitle>
      <p>
        <Link to="/repatriation-groups">{t('group.new')}</Link>
      </p>
      <div className="grid">
        <section className="panel panel-wide" aria-labelledby="h-events">
          <h2 id="h-events">{t('events.list')}</h2>
          {events.loading ? (
            <Loading />
          ) : events.error ? (
            <ErrorMessage error={events.error} />
          ) : events.data!.items.length === 0 ? (
            <p>{t('events.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('events.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('events.date')}</th>
                    <th scope="col">{t('events.gate')}</th>
                    <th scope="col">{t('events.countryFrom')}</th>
                    <th scope="col">{t('events.registered')}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.data!.items.map((e) => (
                    <tr key={e.id}>
                      <td data-label={t('events.date')}>{date(e.date)}</td>
                      <td data-label={t('events.gate')}>
                        <Link to={`/screening/events/${e.id}`}>{e.borderGate}</Link>
                      </td>
                      <td data-label={t('events.countryFrom')}>{ref.country(e.countryFrom)}</td>
                      <td data-label={t('events.registered')}>
                        {e.expectedCount
                          ? t('events.registeredOf', {
                              registered: number(e.registered),
                              expected: number(e.expectedCount),
                            })
                          : number(e.registered)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="panel" aria-labelledby="h-to-finish">
          <h2 id="h-to-finish">{t('home.screenings')}</h2>
          {queues.loading ? (
            <Loading />
          ) : queues.error ? (
            <ErrorMessage error={queues.error} />
          ) : (
            <ScreeningsToFinish items={queues.data!.screeningsToFinish} />
          )}
        </section>
        <section className="panel" aria-labelledby="h-new-event">
          <h2 id="h-new-event">{t('events.new')}</h2>
          <NewEventForm />
        </section>
      </div>
    </>
  );
}

function NewEventForm() {
  const { t } = useI18n();
  const ref = useReference();
  const { navigate } = useRouter();
  const [gate, setGate] = useState('');
  const [day, setDay] = useState(today());
  const [countryFrom, setCountryFrom] = useState('');
  const [expected, setExpected] = useState('');
  const [agencies, setAgencies] = useState<string[]>([]);
  const [agencyFilter, setAgencyFilter] = useState('');
  // Accent- and case-free, so "bien phong" finds "Biên phòng"; chosen agencies always stay listed.
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  const matchesFilter = (text: string) => fold(text).includes(fold(agencyFilter.trim()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (gate.trim().length < 2) found.gate = t('events.errGate');
    if (!day) found.date = t('events.errDate');
    if (!countryFrom) found.countryFrom = t('events.errCountry');
    if (expected && !(Number.isInteger(Number(expected)) && Number(expected) > 0))
      found.expected = t('events.errExpected');
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      const created = await api.post<BorderEventBoard>('/screening/events', {
        borderGate: gate.trim(),
        date: day,
        countryFrom,
        agencies,
        ...(expected ? { expectedCount: Number(expected) } : {}),
      });
      navigate(`/screening/events/${created.id}`);
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        label={t('events.gate')}
        hint={t('events.gateHint')}
        value={gate}
        onValue={setGate}
        error={errors.gate}
        required
        maxLength={200}
      />
      <TextField label={t('events.date')} type="date" value={day} onValue={setDay} error={errors.date} required />
      <SelectField
        label={t('events.countryFrom')}
        value={countryFrom}
        onValue={setCountryFrom}
        error={errors.countryFrom}
        required
        empty={t('common.choose')}
        options={ref.countries.map((c) => ({ value: c.code, label: c.name }))}
      />
      <TextField
        label={t('events.expected')}
        type="number"
        inputMode="numeric"
        min={1}
        value={expected}
        onValue={setExpected}
        error={errors.expected}
      />
      <TextField
        label={t('events.findAgency')}
        type="search"
        value={agencyFilter}
        onValue={setAgencyFilter}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.preventDefault(); /* filtering, not submitting the event */
        }}
      />
      <CheckboxGroup
        legend={t('events.agencies')}
        values={agencies}
        onValues={setAgencies}
        options={[
          ...ref.agencies.filter((a) => agencies.includes(a.code)),
          ...ref.agencies
            .filter((a) => !a.disabled && !agencies.includes(a.code) && matchesFilter(`${a.name} ${a.code}`))
            .slice(0, 30),
        ].map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
        hint={t('events.agenciesHint')}
      />
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('events.create')}
        </button>
      </div>
    </form>
  );
}

export function BorderEvent({ id }: { id: string }) {
  const { t, date, number, code, lang } = useI18n();
  const ref = useReference();
  const board = useResource(() => api.get<BorderEventBoard>(`/screening/events/${id}`), [id]);
  const triage = useResource(() => api.get<HealthTriage>('/screening/health-triage', { lang }), [lang]);
  const flagLabel = (flag: string) => triage.data?.flags.find((f) => f.id === flag)?.label ?? flag;

  if (board.loading && !board.data) return <Loading />;
  if (board.error && !board.data) {
    return (
      <>
        <ScreenTitle>{t('events.title')}</ScreenTitle>
        <ErrorMessage error={board.error}>
          <p>
            <Link to="/screening">{t('event.back')}</Link>
          </p>
        </ErrorMessage>
      </>
    );
  }
  const b = board.data!;
  const counts: [string, number][] = [
    [t('event.count.registered'), b.counts.registered],
    [t('event.count.screened'), b.counts.screened],
    [t('event.count.unscreened'), b.counts.unscreened],
    [code('screening.outcome', 'presumed_victim'), b.counts.presumed_victim],
    [code('screening.outcome', 'possible_victim'), b.counts.possible_victim],
    [code('screening.outcome', 'no_indicators_met'), b.counts.no_indicators_met],
    [t('event.count.referralsNeeded'), b.referralsNeeded.length],
  ];
  const flags = Object.entries(b.healthFlags).sort((x, y) => y[1] - x[1]);
  return (
    <>
      <p>
        <Link to="/screening">{t('event.back')}</Link>
      </p>
      <ScreenTitle sub={t('event.sub', { date: date(b.date), country: ref.country(b.countryFrom) })}>
        {b.borderGate}
      </ScreenTitle>
      <div className="grid">
        <section className="panel" aria-labelledby="h-counts">
          <h2 id="h-counts">{t('event.counts')}</h2>
          <dl className="facts">
            {counts.map(([label, n]) => (
              <Fragment key={label}>
                <dt>{label}</dt>
                <dd>{number(n)}</dd>
              </Fragment>
            ))}
            {b.expectedCount ? (
              <>
                <dt>{t('events.expected')}</dt>
                <dd>{number(b.expectedCount)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="panel" aria-labelledby="h-flags">
          <h2 id="h-flags">{t('event.healthFlags')}</h2>
          {flags.length === 0 ? (
            <p>{t('event.noFlags')}</p>
          ) : (
            <ul className="link-list">
              {flags.map(([flag, n]) => (
                <li key={flag}>
                  {flagLabel(flag)}: {number(n)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel panel-wide" aria-labelledby="h-people">
          <h2 id="h-people">{t('event.people')}</h2>
          {b.people.length ? <ExportLinks path={`/screening/events/${b.id}/roster/export`} /> : null}
          {b.people.length === 0 ? (
            <p>{t('event.nobody')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('event.people')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('event.row')}</th>
                    <th scope="col">{t('event.name')}</th>
                    <th scope="col">{t('person.sex')}</th>
                    <th scope="col">{t('person.age')}</th>
                    <th scope="col">{t('cases.status')}</th>
                    <th scope="col">{t('event.outcome')}</th>
                    <th scope="col">{t('screening.healthFlags')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.people.map((p) => (
                    <tr key={p.caseId}>
                      <td data-label={t('event.row')}>{p.row}</td>
                      <td data-label={t('event.name')}>
                        <Link to={`/cases/${p.caseId}`}>{p.name}</Link>
                        {p.isMinor ? (
                          <>
                            {' '}
                            <StatusBadge status="warn" label={t('person.minorBadge')} />
                          </>
                        ) : null}
                      </td>
                      <td data-label={t('person.sex')}>{ref.label('sexes', p.sex)}</td>
                      <td data-label={t('person.age')}>{p.ageYears === null ? '—' : number(p.ageYears)}</td>
                      <td data-label={t('cases.status')}>
                        <StatusBadge status={p.caseStatus} label={ref.label('caseStatuses', p.caseStatus)} />
                      </td>
                      <td data-label={t('event.outcome')}>
                        {p.outcome ? code('screening.outcome', p.outcome) : t('event.notScreened')}
                        {p.referralNeeded ? (
                          <>
                            {' '}
                            <StatusBadge status="overdue" label={t('event.referralNeeded')} />
                          </>
                        ) : null}
                      </td>
                      <td data-label={t('screening.healthFlags')}>
                        {p.healthFlags.length ? p.healthFlags.map(flagLabel).join(', ') : '—'}
                      </td>
                      <td data-label={t('common.actions')}>
                        <Link to={`/cases/${p.caseId}/screening`}>
                          {p.outcome ? t('event.rescreen') : t('event.screen')}
                          <span className="visually-hidden"> {p.name}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="panel" aria-labelledby="h-add-one">
          <h2 id="h-add-one">{t('event.addOne')}</h2>
          <AddReturnee eventId={b.id} onAdded={board.reload} />
        </section>
        <section className="panel" aria-labelledby="h-upload">
          <h2 id="h-upload">{t('event.upload')}</h2>
          <UploadRoster eventId={b.id} onAdded={board.reload} />
        </section>
      </div>
    </>
  );
}

const rowErrorsOf = (error: unknown): RowError[] =>
  error instanceof ApiError && Array.isArray(error.problem?.rowErrors) ? (error.problem.rowErrors as RowError[]) : [];

function AddReturnee({ eventId, onAdded }: { eventId: string; onAdded(): void }) {
  const { t } = useI18n();
  const ref = useReference();
  const citizenships = useCitizenshipOptions();
  const blank = { name: '', sex: '', age: '', citizenship: 'unknown', phone: '' };
  const [d, setD] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const form = useRef<HTMLFormElement>(null);
  const set = (k: keyof typeof blank, v: string) => setD((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!d.name.trim()) found.name = t('event.errName');
    if (!d.sex) found.sex = t('event.errSex');
    if (d.age && !(Number.isInteger(Number(d.age)) && Number(d.age) >= 0 && Number(d.age) <= 110))
      found.estimatedAgeYears = t('event.errAge');
    setErrors(found);
    setAdded(null);
    if (Object.keys(found).length) return;
    const ok = await run(
      () =>
        api.post(`/screening/events/${eventId}/returnees`, {
          returnees: [
            {
              name: d.name.trim(),
              sex: d.sex,
              estimatedAgeYears: d.age ? Number(d.age) : null,
              citizenship: d.citizenship,
              ...(d.phone.trim() ? { phone: d.phone.trim() } : {}),
            },
          ],
        }),
      (err) => {
        // The server's row errors go next to their fields.
        const rows = rowErrorsOf(err);
        if (rows.length) setErrors(Object.fromEntries(rows.map((r) => [r.field, r.message])));
        return rows.length > 0;
      },
    );
    if (!ok) return;
    setAdded(d.name.trim());
    setD(blank);
    onAdded();
    // Back to the name field: the next person in the queue is registered at once.
    form.current?.querySelector('input')?.focus();
  };

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        label={t('event.name')}
        hint={t('event.nameHint')}
        value={d.name}
        onValue={(v) => set('name', v)}
        error={errors.name}
        required
        maxLength={200}
      />
      <SelectField
        label={t('person.sex')}
        value={d.sex}
        onValue={(v) => set('sex', v)}
        error={errors.sex}
        required
        empty={t('common.choose')}
        options={ref.list('sexes').map((s) => ({ value: s.code, label: s.label }))}
      />
      <TextField
        label={t('event.estimatedAge')}
        type="number"
        inputMode="numeric"
        min={0}
        max={110}
        value={d.age}
        onValue={(v) => set('age', v)}
        error={errors.estimatedAgeYears}
      />
      <SelectField
        label={t('person.citizenship')}
        value={d.citizenship}
        onValue={(v) => set('citizenship', v)}
        error={errors.citizenship}
        options={citizenships}
      />
      <TextField
        label={t('event.phone')}
        type="tel"
        value={d.phone}
        onValue={(v) => set('phone', v)}
        error={errors.phone}
        maxLength={40}
      />
      <ErrorMessage error={error} />
      {added ? <Notice kind="success">{t('event.added', { name: added })}</Notice> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('event.add')}
        </button>
      </div>
    </form>
  );
}

/** How often the roster screen asks how far the registration has got. */
const JOB_POLL_MS = 1000;

/** Why the server refused a roster as too large (413), in the user's language, or null for other errors. */
function useTooLargeMessage() {
  const { t, number } = useI18n();
  return (error: unknown): string | null => {
    if (!(error instanceof ApiError) || error.status !== 413) return null;
    const max = Number(error.problem?.max ?? 0);
    const size = `${number(Math.round((max / 1024 / 1024) * 10) / 10)} MB`;
    switch (error.problem?.reason) {
      case 'too-many-rows':
        return t('event.tooManyRows', { max: number(max) });
      case 'file-too-large':
        return t('event.fileTooLarge', { size });
      case 'unzipped-too-large':
        return t('event.unzippedTooLarge', { size });
      case 'zip-ratio':
        return t('event.zipRatio');
      default:
        return null;
    }
  };
}

/**
 * Uploads a roster: the server checks every row first (bad rows are listed and
 * nobody is registered), then registers the returnees in the background; a
 * progress bar follows the job until it ends, then the board is refreshed.
 */
function UploadRoster({ eventId, onAdded }: { eventId: string; onAdded(): void }) {
  const { t, number } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, setError, run } = useAction();
  const [job, setJob] = useState<Job | null>(null);
  const [fileProblem, setFileProblem] = useState<'missing' | 'type' | null>(null);
  const tooLarge = useTooLargeMessage();
  const refresh = useRef(onAdded);
  refresh.current = onAdded;
  const running = job !== null && (job.state === 'queued' || job.state === 'running');

  // Follow the job until it ends; the board is refreshed once, at the end.
  useEffect(() => {
    if (!job || !running) return;
    let live = true;
    const timer = setTimeout(() => {
      api.get<Job>(`/jobs/${job.id}`).then(
        (next) => {
          if (!live) return;
          setJob(next);
          if (next.state === 'succeeded' || next.state === 'failed') refresh.current();
        },
        (e: unknown) => {
          if (live) setError(e);
        },
      );
    }, JOB_POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job, running, setError]);

  // A roster uploaded twice: the server's dry run lists the rows matching people already registered at
  // the event; they are skipped unless the user chooses to register them too.
  const [duplicates, setDuplicates] = useState<RosterDuplicate[] | null>(null);
  const [outcome, setOutcome] = useState<{ skipped: number; nothingNew: boolean } | null>(null);
  const send = (includeDuplicates: boolean) => {
    if (!file) return;
    void run(async () => {
      const type = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
      const query = includeDuplicates ? '?includeDuplicates=true' : '';
      const accepted = await api.upload<RosterUploaded>(`/screening/events/${eventId}/roster${query}`, file, type);
      setDuplicates(null);
      setOutcome({ skipped: accepted.skipped, nothingNew: accepted.job === null });
      setJob(accepted.job);
      if (!accepted.job) refresh.current();
    });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setJob(null);
    setError(null);
    setOutcome(null);
    const problem = !file ? 'missing' : /\.(csv|xlsx)$/i.test(file.name) ? null : 'type';
    setFileProblem(problem);
    if (!file || problem) return;
    let found: RosterDuplicate[] = [];
    const checked = await run(async () => {
      const type = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
      const dry = await api.upload<RosterDryRun>(`/screening/events/${eventId}/roster?dryRun=true`, file, type);
      found = dry.duplicates;
    });
    if (!checked) return;
    if (found.length) setDuplicates(found);
    else send(false);
  };
  const rows = rowErrorsOf(error);
  const tooLargeMessage = tooLarge(error);
  const registered = Number(job?.result?.registered ?? job?.progress.done ?? 0);

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p className="hint" id="roster-hint">
        {t('event.uploadHint')}
      </p>
      <div className={`field${fileProblem ? ' field-invalid' : ''}`}>
        <label htmlFor="roster-file">{t('event.file')}</label>
        <input
          id="roster-file"
          type="file"
          accept=".csv,.xlsx,text/csv"
          aria-describedby={fileProblem ? 'roster-hint roster-file-problem' : 'roster-hint'}
          aria-invalid={fileProblem ? true : undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setFileProblem(null);
            setDuplicates(null);
            setOutcome(null);
          }}
        />
        {fileProblem ? (
          <p className="field-error" id="roster-file-problem">
            {t(fileProblem === 'missing' ? 'event.errFile' : 'event.errFileType')}
          </p>
        ) : null}
      </div>
      {busy ? (
        <p className="loading" role="status">
          {t('event.checking')}
        </p>
      ) : null}
      {running ? (
        <div className="job-progress">
          <label htmlFor="roster-progress">
            {t('event.registering', { done: number(job.progress.done), total: number(job.progress.total) })}
          </label>
          <progress id="roster-progress" max={Math.max(1, job.progress.total)} value={job.progress.done} />
          <p className="hint">{t('event.registeringHint')}</p>
        </div>
      ) : null}
      {duplicates ? (
        <RosterDuplicates
          duplicates={duplicates}
          busy={busy}
          onSkip={() => send(false)}
          onInclude={() => send(true)}
          onCancel={() => setDuplicates(null)}
        />
      ) : null}
      {outcome?.nothingNew ? <Notice kind="warning">{t('dataio.dupNothing')}</Notice> : null}
      {outcome && outcome.skipped > 0 && !outcome.nothingNew ? (
        <Notice kind="info">{t('dataio.dupSkipped', { count: number(outcome.skipped) })}</Notice>
      ) : null}
      {job?.state === 'succeeded' ? (
        <Notice kind="success">{t('event.uploaded', { count: number(registered) })}</Notice>
      ) : null}
      {job?.state === 'failed' ? (
        <div className="message message-error" role="alert">
          <p>{t('event.jobFailed', { done: number(job.progress.done), total: number(job.progress.total) })}</p>
          <JobErrorDetail error={job.error} />
        </div>
      ) : null}
      {tooLargeMessage ? (
        <div className="message message-error" role="alert">
          <p>{tooLargeMessage}</p>
        </div>
      ) : error ? (
        <ErrorMessage error={error} />
      ) : null}
      {rows.length ? (
        <div className="table-wrap">
          <table>
            <caption>{t('event.rowErrors')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('event.row')}</th>
                <th scope="col">{t('event.rowField')}</th>
                <th scope="col">{t('event.rowProblem')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.row}-${r.field}`}>
                  <td>{r.row}</td>
                  <td>{fieldLabelKey(r.field) ? t(fieldLabelKey(r.field)!) : <code>{r.field}</code>}</td>
                  <td lang="en">{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {duplicates ? null : (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || running}>
            {t('event.uploadButton')}
          </button>
        </div>
      )}
    </form>
  );
}

/** The rows of a roster that match people already registered at the event, and the user's choice. */
function RosterDuplicates({
  duplicates,
  busy,
  onSkip,
  onInclude,
  onCancel,
}: {
  duplicates: RosterDuplicate[];
  busy: boolean;
  onSkip(): void;
  onInclude(): void;
  onCancel(): void;
}) {
  const { t, number } = useI18n();
  return (
    <div className="roster-duplicates" role="group" aria-labelledby="roster-dup-title">
      <h3 id="roster-dup-title">{t('dataio.dupTitle')}</h3>
      <p>{t('dataio.dupHelp', { count: number(duplicates.length) })}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('dataio.dupTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dataio.dupRow')}</th>
              <th scope="col">{t('dataio.dupName')}</th>
              <th scope="col">{t('dataio.dupMatches')}</th>
            </tr>
          </thead>
          <tbody>
            {duplicates.map((d) => (
              <tr key={d.row}>
                <td data-label={t('dataio.dupRow')}>{d.row}</td>
                <td data-label={t('dataio.dupName')}>{d.name}</td>
                <td data-label={t('dataio.dupMatches')}>
                  <Link to={`/cases/${d.caseId}`}>
                    {t('dataio.dupMatch', { row: d.matchesRow, reference: d.reference })}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={onSkip} disabled={busy}>
          {t('dataio.dupSkip')}
        </button>
        <button type="button" onClick={onInclude} disabled={busy}>
          {t('dataio.dupInclude')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('dataio.dupCancel')}
        </button>
      </div>
    </div>
  );
}
