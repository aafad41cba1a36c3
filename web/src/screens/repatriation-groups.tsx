// Repatriation groups: people returning together (one day, one border gate). A border
// agency creates the group before it arrives (/repatriation-groups); each case is attached
// to it in the case's Repatriation section; the group's page lists the cases of it the
// caller may see (the server filters them).
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, useRouter } from '../router';
import {
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  StatusBadge,
  TextArea,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type { RepatriationGroup as Group } from '../types';

export function NewRepatriationGroup() {
  const { t } = useI18n();
  const ref = useReference();
  const { navigate } = useRouter();
  const [draft, setDraft] = useState({ returnDate: '', countryFrom: '', borderGate: '', expectedCount: '', notes: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!draft.countryFrom) next.countryFrom = t('repatriation.errCountry');
    if (draft.borderGate.trim().length < 2) next.borderGate = t('repatriation.errGate');
    if (!draft.returnDate) next.returnDate = t('repatriation.errDate');
    setErrors(next);
    if (Object.keys(next).length) return;
    let created: Group | null = null;
    const ok = await create.run(async () => {
      created = await api.post<Group>('/repatriation-groups', {
        returnDate: draft.returnDate,
        countryFrom: draft.countryFrom,
        borderGate: draft.borderGate.trim(),
        ...(draft.expectedCount ? { expectedCount: Number(draft.expectedCount) } : {}),
        ...(draft.notes.trim() ? { notes: draft.notes.trim() } : {}),
      });
    });
    if (ok && created) navigate(`/repatriation-groups/${(created as Group).id}?created=1`);
  };
  return (
    <>
      <ScreenTitle sub={t('group.newHelp')}>{t('group.new')}</ScreenTitle>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack panel">
        <TextField
          label={t('repatriation.returnDate')}
          type="date"
          required
          value={draft.returnDate}
          onValue={(v) => setDraft({ ...draft, returnDate: v })}
          error={errors.returnDate}
        />
        <SelectField
          label={t('repatriation.countryFrom')}
          required
          value={draft.countryFrom}
          onValue={(v) => setDraft({ ...draft, countryFrom: v })}
          empty="—"
          options={ref.countries.filter((c) => c.code !== 'VN').map((c) => ({ value: c.code, label: c.name }))}
          error={errors.countryFrom}
        />
        <TextField
          label={t('repatriation.borderGate')}
          required
          value={draft.borderGate}
          onValue={(v) => setDraft({ ...draft, borderGate: v })}
          maxLength={200}
          error={errors.borderGate}
        />
        <TextField
          label={t('group.expected')}
          type="number"
          min={1}
          max={100000}
          value={draft.expectedCount}
          onValue={(v) => setDraft({ ...draft, expectedCount: v })}
        />
        <TextArea
          label={t('group.notes')}
          value={draft.notes}
          onValue={(v) => setDraft({ ...draft, notes: v })}
          rows={2}
          maxLength={2000}
        />
        <ErrorMessage error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>
            {t('group.create')}
          </button>
        </div>
      </form>
    </>
  );
}

export function RepatriationGroupScreen({ id }: { id: string }) {
  const { t, date } = useI18n();
  const ref = useReference();
  const { location } = useRouter();
  const group = useResource(() => api.get<Group>(`/repatriation-groups/${id}`), [id]);
  const [copied, setCopied] = useState(false);
  if (group.loading && !group.data) return <Loading />;
  if (!group.data) {
    const hidden = group.error instanceof ApiError && group.error.status === 404;
    return (
      <>
        <ScreenTitle>{t('group.title')}</ScreenTitle>
        {hidden ? <p>{t('group.notFound')}</p> : <ErrorMessage error={group.error} />}
      </>
    );
  }
  const g = group.data;
  return (
    <>
      <ScreenTitle sub={t('group.help')}>
        {t('group.heading', { date: date(g.returnDate), gate: g.borderGate })}
      </ScreenTitle>
      {location.search.get('created') ? <Notice kind="success">{t('group.created')}</Notice> : null}
      <section className="panel" aria-labelledby="h-group">
        <h2 id="h-group">{t('group.title')}</h2>
        <dl className="facts">
          <dt>{t('repatriation.returnDate')}</dt>
          <dd>{date(g.returnDate)}</dd>
          <dt>{t('repatriation.countryFrom')}</dt>
          <dd>{ref.country(g.countryFrom)}</dd>
          <dt>{t('repatriation.borderGate')}</dt>
          <dd>{g.borderGate}</dd>
          <dt>{t('group.expected')}</dt>
          <dd>{g.expectedCount ?? '—'}</dd>
          <dt>{t('group.notes')}</dt>
          <dd>{g.notes ?? '—'}</dd>
          <dt>{t('group.id')}</dt>
          <dd>
            <code className="id">{g.id}</code>{' '}
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard?.writeText(g.id).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {t('group.copy')}
            </button>
            {copied ? (
              <span role="status" className="hint">
                {' '}
                {t('group.copied')}
              </span>
            ) : null}
            <span className="hint"> {t('group.idHint')}</span>
          </dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="h-group-cases">
        <h2 id="h-group-cases">{t('group.cases')}</h2>
        {g.cases.length === 0 ? (
          <p>{t('group.noCases')}</p>
        ) : (
          <ul className="plain">
            {g.cases.map((c) => (
              <li key={c.id}>
                <Link to={`/cases/${c.id}/repatriation`}>{c.reference}</Link>{' '}
                <StatusBadge status={c.status} label={ref.label('caseStatuses', c.status)} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
