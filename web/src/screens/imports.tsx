// Imports of an agency's existing records (issue 10 §1): upload a CSV or XLSX file, follow
// the dry run, fix the mapping, read the preview and the rejects, then import the valid rows
// and read the summary. The list shows past imports. What the caller may do comes from the
// import's `can` and GET /auth/me's `can`; the server decides every request.
import { Fragment, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, withQuery, API } from '../api';
import {
  CANONICAL_COLUMNS,
  contentTypeOf,
  explainMappingProblem,
  explainReason,
  jobRunning,
  nameOf,
  type Explained,
} from '../consolidation';
import { useI18n, type MessageKey } from '../i18n';
import { useReference } from '../reference';
import { Link, useRouter } from '../router';
import { useMe } from '../session';
import { JobEnded, JobProgress, useJob } from '../components/job';
import {
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  StatusBadge,
  useAction,
  useResource,
} from '../components/ui';
import type { Import, ImportListItem, Job } from '../types';
import '../consolidation.css';
import '../i18n/consolidation';

const MAX_FILE_BYTES = 200 * 1024 * 1024;

export function Imports() {
  const { t, dateTime, number } = useI18n();
  const list = useResource(() => api.get<{ items: ImportListItem[] }>('/imports'), []);
  return (
    <>
      <ScreenTitle sub={t('imports.intro')}>{t('imports.title')}</ScreenTitle>
      <Upload />
      <section className="panel" aria-labelledby="h-past-imports">
        <h2 id="h-past-imports">{t('imports.past')}</h2>
        {list.loading ? (
          <Loading />
        ) : list.error ? (
          <ErrorMessage error={list.error} />
        ) : list.data!.items.length === 0 ? (
          <p>{t('imports.none')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('imports.file')}</th>
                  <th scope="col">{t('imports.agency')}</th>
                  <th scope="col">{t('imports.state')}</th>
                  <th scope="col">{t('imports.counts')}</th>
                  <th scope="col">{t('imports.uploaded')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data!.items.map((i) => (
                  <tr key={i.id}>
                    <td data-label={t('imports.file')}>
                      <Link to={`/imports/${i.id}`}>{i.fileName}</Link>
                    </td>
                    <td data-label={t('imports.agency')}>{i.agency.name}</td>
                    <td data-label={t('imports.state')}>
                      <StatusBadge status={`import-${i.state}`} label={t(`imports.state.${i.state}`)} />
                    </td>
                    <td data-label={t('imports.counts')}>
                      {t('imports.countsLine', {
                        read: number(i.counts.read),
                        imported: number(i.counts.imported),
                        updated: number(i.counts.updated),
                        rejected: number(i.counts.rejected),
                      })}
                    </td>
                    <td data-label={t('imports.uploaded')}>
                      {dateTime(i.createdAt)} · {i.createdBy}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Upload() {
  const { t } = useI18n();
  const me = useMe();
  const ref = useReference();
  const { navigate } = useRouter();
  const own = ref.agencies.find((a) => a.mine);
  const [agency, setAgency] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const { busy, error, run } = useAction();
  const agencyCode = me.can.importForAnyAgency ? agency : (own?.code ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!agencyCode) return setProblem('imports.errAgency');
    if (!file) return setProblem('imports.errFile');
    if (file.size === 0) return setProblem('imports.errEmpty');
    if (file.size > MAX_FILE_BYTES) return setProblem('imports.errTooLarge');
    setProblem(null);
    void run(async () => {
      const created = await api.upload<ImportListItem>(
        withQuery('/imports', { agency: agencyCode, fileName: file.name }),
        file,
        contentTypeOf(file),
      );
      if (created.job) justStarted.set(created.id, created.job);
      navigate(`/imports/${created.id}`);
    });
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="h-upload">
      <h2 id="h-upload">{t('imports.upload')}</h2>
      <p className="hint">{t('imports.uploadHint')}</p>
      {me.can.importForAnyAgency ? (
        <SelectField
          label={t('imports.agency')}
          value={agency}
          onValue={setAgency}
          empty={t('common.choose')}
          required
          error={problem === 'imports.errAgency' ? t(problem) : null}
          options={ref.agencies
            .filter((a) => !a.disabled)
            .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
        />
      ) : (
        <p>
          {t('imports.agency')}: <strong>{own?.name ?? '—'}</strong>
        </p>
      )}
      <div className={`field${problem && problem !== 'imports.errAgency' ? ' field-invalid' : ''}`}>
        {/* The browser's own file button speaks the browser's language: ours speaks the user's. */}
        <span className="label" id="import-file-label">
          {t('imports.fileLabel')}
          <span className="required"> ({t('form.required')})</span>
        </span>
        <div className="file-pick">
          <label className="button">
            <input
              id="import-file"
              className="visually-hidden"
              type="file"
              accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-labelledby="import-file-label"
              aria-describedby="import-file-chosen import-file-hint"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setProblem(null);
              }}
            />
            {t('imports.chooseFile')}
          </label>
          <span id="import-file-chosen">{file ? file.name : t('imports.noFile')}</span>
        </div>
        <p className="hint" id="import-file-hint">
          {t('imports.fileHint')}
        </p>
        {problem && problem !== 'imports.errAgency' ? <p className="field-error">{t(problem)}</p> : null}
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('imports.uploading') : t('imports.start')}
        </button>
      </div>
    </form>
  );
}

/**
 * The dry run's job as the upload's answer gave it, for the import's screen: its progress shows
 * from the start, even when the dry run of a small file is over before the screen has loaded.
 */
const justStarted = new Map<string, Job>();

export function ImportDetail({ id }: { id: string }) {
  const { t, number, dateTime } = useI18n();
  const imp = useResource(() => api.get<Import>(`/imports/${id}`), [id]);
  const [seed] = useState(() => justStarted.get(id) ?? null);
  useEffect(() => {
    justStarted.delete(id);
  }, [id]);
  // The import is read again once its job ends (each read of the preview is audited: no polling of it).
  const { job, setJob } = useJob(seed ?? imp.data?.job ?? null, () => imp.reload());
  const i = imp.data;
  if (imp.loading && !i) return <Loading />;
  if (!i)
    return (
      <>
        <ScreenTitle>{t('nav.imports')}</ScreenTitle>
        <ErrorMessage error={imp.error} />
      </>
    );
  const running = jobRunning(job) || i.state === 'previewing' || i.state === 'importing';
  // A mapping change or the commit answers with the import without its preview and rejects: keep those until it ends.
  const started = (next: ImportListItem) => {
    imp.setData((prev) => (prev ? { ...prev, ...next } : prev));
    setJob(next.job);
  };
  return (
    <>
      <ScreenTitle sub={`${i.agency.name} · ${dateTime(i.createdAt)} · ${i.createdBy}`}>{i.fileName}</ScreenTitle>
      <p>
        <Link to="/imports">{t('imports.backToList')}</Link>
      </p>
      <p>
        <StatusBadge status={`import-${i.state}`} label={t(`imports.state.${i.state}`)} /> {i.format.toUpperCase()}
        {i.charset ? ` · ${i.charset}` : ''}
      </p>
      {job && jobRunning(job) ? (
        <section className="panel" aria-labelledby="h-import-job">
          <h2 id="h-import-job">{t(i.state === 'importing' ? 'imports.importing' : 'imports.previewing')}</h2>
          <JobProgress job={job} unit="rows" label={t('imports.rows')} />
        </section>
      ) : null}
      {job && !jobRunning(job) ? <JobEnded job={job} /> : null}
      {imp.error ? <ErrorMessage error={imp.error} /> : null}
      {!running && i.state === 'imported' ? (
        <Notice kind="success">
          <p>
            {t('imports.summary', {
              imported: number(i.counts.imported),
              updated: number(i.counts.updated),
              rejected: number(i.counts.rejected),
            })}
          </p>
        </Notice>
      ) : null}
      {!running && (i.state === 'previewed' || i.state === 'imported' || i.state === 'cancelled') ? (
        <>
          <Counts i={i} />
          <Mapping i={i} onStarted={started} />
          {i.convertedColumns.length ? (
            <Notice kind="info">
              <p>{t('imports.converted')}</p>
              <ul>
                {i.convertedColumns.map((c) => (
                  <li key={c.column}>
                    {c.column}: {t(`imports.encoding.${c.encoding}`)}
                  </li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <Preview i={i} />
          <Rejects i={i} />
          {i.state === 'previewed' ? <Commit i={i} onStarted={started} /> : null}
        </>
      ) : null}
    </>
  );
}

function Counts({ i }: { i: Import }) {
  const { t, number } = useI18n();
  const rows: [MessageKey, number][] = [
    ['imports.read', i.counts.read],
    ['imports.valid', i.counts.valid],
    ['imports.rejected', i.counts.rejected],
    // What was stored: once an import has run (a dry run stores nothing).
    ...(i.state === 'previewed'
      ? []
      : ([
          ['imports.imported', i.counts.imported],
          ['imports.updated', i.counts.updated],
        ] as [MessageKey, number][])),
  ];
  return (
    <section className="panel" aria-labelledby="h-import-counts">
      <h2 id="h-import-counts">{t('imports.counts')}</h2>
      <dl className="facts">
        {rows.map(([key, n]) => (
          <Fragment key={key}>
            <dt>{t(key)}</dt>
            <dd>{number(n)}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

function Commit({ i, onStarted }: { i: Import; onStarted(next: ImportListItem): void }) {
  const { t, number } = useI18n();
  const { busy, error, run } = useAction();
  const blocked = i.mapping.problems.length > 0;
  return (
    <section className="panel" aria-labelledby="h-import-commit">
      <h2 id="h-import-commit">{t('imports.commitTitle')}</h2>
      {blocked ? (
        <p>{t('imports.blocked')}</p>
      ) : i.counts.valid === 0 ? (
        <p>{t('imports.noValidRows')}</p>
      ) : (
        <p className="hint">{t('imports.commitHint')}</p>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        {i.can.commit && !blocked && i.counts.valid > 0 ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void run(async () => onStarted(await api.post<ImportListItem>(`/imports/${i.id}/commit`)))}
          >
            {t('imports.commit', { n: number(i.counts.valid) })}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function Mapping({ i, onStarted }: { i: Import; onStarted(next: ImportListItem): void }) {
  const { t } = useI18n();
  const initial = useMemo(() => Object.fromEntries(i.mapping.columns.map((c) => [c.header, c.column ?? ''])), [i]);
  const [draft, setDraft] = useState<Record<string, string>>(initial);
  const { busy, error, run } = useAction();
  const changed = i.mapping.columns.some((c) => (draft[c.header] ?? '') !== (c.column ?? ''));
  const options = CANONICAL_COLUMNS.map((c) => ({ value: c, label: `${t(`column.${c}`)} (${c})` }));
  const apply = () =>
    void run(async () => {
      const columns = Object.fromEntries(i.mapping.columns.map((c) => [c.header, draft[c.header] || null]));
      onStarted((await api.put<ImportListItem>(`/imports/${i.id}/mapping`, { columns }, null)).data);
    });
  return (
    <section className="panel" aria-labelledby="h-import-mapping">
      <h2 id="h-import-mapping">{t('imports.mapping')}</h2>
      <p className="hint">{t('imports.mappingHint')}</p>
      {i.mapping.problems.length ? (
        <div className="message message-warning" role="status">
          <p>{t('imports.problems')}</p>
          <ul>
            {i.mapping.problems.map((p) => (
              <li key={p}>
                <Explain text={p} explained={explainMappingProblem(p)} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('imports.header')}</th>
              <th scope="col">{t('imports.column')}</th>
              <th scope="col">{t('imports.how')}</th>
            </tr>
          </thead>
          <tbody>
            {i.mapping.columns.map((c, n) => (
              <tr key={c.header}>
                <th scope="row" data-label={t('imports.header')} id={`map-h-${n}`}>
                  {c.header}
                </th>
                <td data-label={t('imports.column')}>
                  <select
                    aria-labelledby={`map-h-${n}`}
                    value={draft[c.header] ?? ''}
                    disabled={!i.can.changeMapping}
                    onChange={(e) => setDraft((d) => ({ ...d, [c.header]: e.target.value }))}
                  >
                    <option value="">{t('imports.ignored')}</option>
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label={t('imports.how')}>{t(`imports.how.${c.how}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorMessage error={error} />
      {i.can.changeMapping ? (
        <div className="actions">
          <button type="button" disabled={busy || !changed} onClick={apply}>
            {t('imports.applyMapping')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function Preview({ i }: { i: Import }) {
  const { t, date } = useI18n();
  const ref = useReference();
  if (i.preview.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="h-import-preview">
      <h2 id="h-import-preview">{t('imports.preview')}</h2>
      <p className="hint">{t('imports.previewHint', { n: i.preview.length })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('imports.line')}</th>
              <th scope="col">{t('column.source_id')}</th>
              <th scope="col">{t('person.name')}</th>
              <th scope="col">{t('person.sex')}</th>
              <th scope="col">{t('person.dateOfBirth')}</th>
              <th scope="col">{t('column.province')}</th>
              <th scope="col">{t('column.id_number')}</th>
              <th scope="col">{t('person.phone')}</th>
              <th scope="col">{t('person.citizenship')}</th>
            </tr>
          </thead>
          <tbody>
            {i.preview.map(({ line, person: p }) => (
              <tr key={line}>
                <td data-label={t('imports.line')}>{line}</td>
                <td data-label={t('column.source_id')}>{p.sourceId}</td>
                <td data-label={t('person.name')}>{nameOf(p) ?? '—'}</td>
                <td data-label={t('person.sex')}>{ref.label('sexes', p.sex)}</td>
                <td data-label={t('person.dateOfBirth')}>
                  {p.dateOfBirth
                    ? date(p.dateOfBirth)
                    : p.birthYear !== null
                      ? String(p.birthYear)
                      : p.estimatedAgeYears !== null
                        ? t('person.ageEstimated', { n: p.estimatedAgeYears })
                        : '—'}
                </td>
                <td data-label={t('column.province')}>
                  {ref.province(p.province)}
                  {p.provinceFormer ? ` (${t('imports.formerly', { name: p.provinceFormer })})` : ''}
                </td>
                <td data-label={t('column.id_number')}>{p.idNumber ?? '—'}</td>
                <td data-label={t('person.phone')}>{p.phone ?? '—'}</td>
                <td data-label={t('person.citizenship')}>{ref.country(p.citizenship)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Rejects({ i }: { i: Import }) {
  const { t, number } = useI18n();
  if (i.counts.rejected === 0) return null;
  return (
    <section className="panel" aria-labelledby="h-import-rejects">
      <h2 id="h-import-rejects">{t('imports.rejectsTitle', { n: number(i.counts.rejected) })}</h2>
      <p>
        <a href={`${API}/imports/${i.id}/rejects.csv`} download={`${i.fileName}.rejects.csv`}>
          {t('imports.downloadRejects')}
        </a>
      </p>
      {i.rejects.length < i.counts.rejected ? (
        <p className="hint">{t('imports.rejectsFirst', { n: number(i.rejects.length) })}</p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('imports.line')}</th>
              <th scope="col">{t('imports.reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {i.rejects.map((r) => (
              <tr key={r.line}>
                <td data-label={t('imports.line')}>{r.line}</td>
                <td data-label={t('imports.reasons')}>
                  <ul className="plain">
                    {r.reasons.map((reason, n) => (
                      <li key={n}>
                        <Explain text={reason} explained={explainReason(reason)} />
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A reason or a problem in the catalogues' words when its form is known, else the server's own (English) words. */
function Explain({ text, explained }: { text: string; explained: Explained | null }) {
  const { t } = useI18n();
  if (!explained) return <span lang="en">{text}</span>;
  const c = explained.column;
  const column = !c
    ? ''
    : (CANONICAL_COLUMNS as readonly string[]).includes(c)
      ? t(`column.${c as (typeof CANONICAL_COLUMNS)[number]}`)
      : c === 'name'
        ? t('person.name')
        : c;
  return <>{t(explained.key, { ...explained.params, column })}</>;
}
