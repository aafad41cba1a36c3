// Case overview: status with the allowed next steps, the person, and the route
// and exploitation — editable with If-Match, showing conflicts field by field.
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, request } from '../api';
import { today } from '../contract';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { useMe } from '../session';
import { ConflictPanel, loadConflictOn412, type ConflictField } from '../components/conflict';
import {
  CheckboxGroup,
  ErrorMessage,
  Notice,
  SelectField,
  TextArea,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type { CaseView, PersonView, TeamWorkload } from '../types';
import type { CaseProps } from '../case-data';

// Record linkage's view of the person (known to another agency, merges): loaded with its panel.
const PersonLinkage = lazy(() => import('../components/person-linkage').then((m) => ({ default: m.PersonLinkage })));

export function Overview(props: CaseProps) {
  return (
    <div className="grid">
      <StatusPanel {...props} />
      <PersonPanel view={props.loaded.view} />
      {props.loaded.view.visibleParts.includes('identity') ? (
        <Suspense fallback={null}>
          <PersonLinkage personId={props.loaded.view.personId} />
        </Suspense>
      ) : null}
      <DetailsPanel {...props} />
    </div>
  );
}

function StatusPanel({ loaded, setLoaded, reload }: CaseProps) {
  const { t, date } = useI18n();
  const ref = useReference();
  const me = useMe();
  const c = loaded.view;
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  // Someone changed the case meanwhile: show it as it is now, and say so.
  const reloadIfStale = async (err: unknown) => {
    if (!(err instanceof ApiError && err.kind === 'precondition-failed')) return false;
    await reload();
    setNotice(t('status.staleReloaded'));
    return true;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    void run(async () => {
      const r = await request<CaseView>('POST', `/cases/${c.id}/transitions`, {
        body: { to, reason: reason.trim() },
        ifMatch: loaded.etag,
      });
      setLoaded({ view: r.data, etag: r.etag });
      setNotice(t('status.changed', { status: ref.label('caseStatuses', to) }));
      setTo(null);
      setReason('');
    }, reloadIfStale);
  };

  const assignToMe = () =>
    run(async () => {
      const r = await api.put<CaseView>(`/cases/${c.id}/assignment`, { userId: me.id }, loaded.etag);
      setLoaded({ view: r.data, etag: r.etag });
      setNotice(t('status.assignedToYou'));
    }, reloadIfStale);

  return (
    <section className="panel" aria-labelledby="h-status">
      <h2 id="h-status">{t('status.title')}</h2>
      <dl className="facts">
        <dt>{t('cases.status')}</dt>
        <dd>{ref.label('caseStatuses', c.status)}</dd>
        {c.verificationDueAt && (c.status === 'received' || c.status === 'under_verification') ? (
          <>
            <dt>{t('cases.verificationDue')}</dt>
            <dd>
              {date(c.verificationDueAt)}
              {c.verificationOverdue ? ` — ${t('cases.overdue')}` : ''}
            </dd>
          </>
        ) : null}
        {c.closureReason ? (
          <>
            <dt>{t('status.closureReason')}</dt>
            <dd>{c.closureReason}</dd>
          </>
        ) : null}
        <dt>{t('status.assigned')}</dt>
        <dd>
          {c.assignedUserId === me.id
            ? t('status.you')
            : c.assignee
              ? c.assignee.displayName
              : c.assignedUserId
                ? t('status.someoneElse')
                : t('status.nobody')}
        </dd>
        <dt>{t('cases.opened')}</dt>
        <dd>{date(c.createdAt)}</dd>
      </dl>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {c.can.transitions.length === 0 ? (
        <p className="hint">{c.status === 'closed' ? t('status.closedNoSteps') : t('status.noSteps')}</p>
      ) : (
        <>
          <h3>{t('status.nextSteps')}</h3>
          <div className="actions">
            {c.can.transitions.map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={to === s}
                onClick={() => {
                  setTo(s);
                  setNotice(null);
                }}
              >
                {t('status.moveTo', { status: ref.label('caseStatuses', s) })}
              </button>
            ))}
          </div>
        </>
      )}
      {to ? (
        <form onSubmit={submit} className="inline-form">
          <TextArea
            label={t('status.reason', { status: ref.label('caseStatuses', to) })}
            hint={t('status.reasonHint')}
            required
            minLength={3}
            value={reason}
            onValue={setReason}
            rows={3}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || reason.trim().length < 3}>
              {t('status.confirm')}
            </button>
            <button type="button" onClick={() => setTo(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {c.can.assign ? (
        <AssignForm
          caseId={c.id}
          current={c.assignedUserId}
          etag={loaded.etag}
          busy={busy}
          run={run}
          onAssigned={(view, etag, name) => {
            setLoaded({ view, etag });
            setNotice(name ? t('assign.done', { name }) : t('assign.cleared'));
          }}
          onStale={reloadIfStale}
        />
      ) : c.can.assignToSelf ? (
        <p>
          <button type="button" onClick={() => void assignToMe()} disabled={busy}>
            {t('status.assignToMe')}
          </button>
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </section>
  );
}

/** The supervisor's choice of a colleague to hold the case (the team's members who work cases). */
function AssignForm({
  caseId,
  current,
  etag,
  busy,
  run,
  onAssigned,
  onStale,
}: {
  caseId: string;
  current: string | null;
  etag: string | null;
  busy: boolean;
  run: ReturnType<typeof useAction>['run'];
  onAssigned(view: CaseView, etag: string | null, name: string | null): void;
  onStale(error: unknown): Promise<boolean>;
}) {
  const { t } = useI18n();
  const team = useResource(() => api.get<TeamWorkload>('/team/workload'), []);
  const [choice, setChoice] = useState(current ?? '');
  useEffect(() => setChoice(current ?? ''), [current]);
  const members = team.data?.members ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api.put<CaseView>(`/cases/${caseId}/assignment`, { userId: choice || null }, etag);
      onAssigned(r.data, r.etag, members.find((m) => m.userId === choice)?.displayName ?? null);
    }, onStale);
  };
  return (
    <form className="assign-form" onSubmit={submit}>
      <SelectField
        label={t('assign.label')}
        value={choice}
        onValue={setChoice}
        empty={t('assign.nobody')}
        options={members.map((m) => ({ value: m.userId, label: m.displayName }))}
      />
      <button type="submit" disabled={busy || team.loading || choice === (current ?? '')}>
        {t('assign.submit')}
      </button>
      {team.error ? <ErrorMessage error={team.error} /> : null}
    </form>
  );
}

function PersonPanel({ view }: { view: CaseView }) {
  const { t, date, code } = useI18n();
  const ref = useReference();
  const person = useResource(
    () =>
      view.visibleParts.includes('identity') ? api.get<PersonView>(`/persons/${view.personId}`) : Promise.resolve(null),
    [view.personId],
  );
  const p = person.data;
  const s = view.person;
  const yesNo = (v: boolean | null | undefined) =>
    v === null || v === undefined ? t('common.unknown') : v ? t('common.yes') : t('common.no');
  return (
    <section className="panel" aria-labelledby="h-person">
      <h2 id="h-person">{t('person.title')}</h2>
      {!s ? (
        <p>{t('caseFile.personHidden')}</p>
      ) : (
        <dl className="facts">
          <dt>{t('person.name')}</dt>
          <dd>{s.displayName}</dd>
          {p && p.aliases.length ? (
            <>
              <dt>{t('person.aliases')}</dt>
              <dd>{p.aliases.join(', ')}</dd>
            </>
          ) : null}
          <dt>{t('person.sex')}</dt>
          <dd>{ref.label('sexes', s.sex)}</dd>
          <dt>{t('person.age')}</dt>
          <dd>
            {s.ageYears === null
              ? t('common.unknown')
              : p?.dateOfBirth
                ? `${s.ageYears} (${date(p.dateOfBirth)})`
                : p?.estimatedAgeYears != null
                  ? t('person.ageEstimated', { n: s.ageYears })
                  : String(s.ageYears)}
          </dd>
          <dt>{t('person.minor')}</dt>
          <dd>{yesNo(s.isMinor)}</dd>
          <dt>{t('person.citizenship')}</dt>
          <dd>{ref.country(s.citizenship)}</dd>
          {p ? (
            <>
              <dt>{t('person.languages')}</dt>
              <dd>{p.languages.length ? p.languages.map((l) => code('spoken', l)).join(', ') : '—'}</dd>
            </>
          ) : null}
          {p?.identityDocuments ? (
            <>
              <dt>{t('person.documents')}</dt>
              <dd>
                {p.identityDocuments.length ? (
                  <ul className="plain">
                    {p.identityDocuments.map((d, i) => (
                      <li key={i}>
                        {ref.label('identityDocumentTypes', d.type)}: {d.number}
                        {d.issuingCountry ? ` (${ref.country(d.issuingCountry)})` : ''}
                      </li>
                    ))}
                  </ul>
                ) : (
                  t('register.none')
                )}
              </dd>
            </>
          ) : null}
          {p?.contact ? (
            <>
              <dt>{t('person.contact')}</dt>
              <dd>{[p.contact.phone, p.contact.address, p.contact.messaging].filter(Boolean).join(' · ') || '—'}</dd>
            </>
          ) : null}
        </dl>
      )}
      {person.error && !(person.error instanceof ApiError && person.error.status === 404) ? (
        <ErrorMessage error={person.error} />
      ) : null}
    </section>
  );
}

interface Edit {
  reachedVia: string;
  exploitationTypes: string[];
  channels: string[];
  originProvince: string;
  destinationCountry: string;
  exitDate: string;
  returnDate: string;
  narrative: string;
}
type EditKey = keyof Edit;

const editOf = (c: CaseView): Edit => ({
  reachedVia: c.reachedVia,
  exploitationTypes: [...(c.exploitationTypes ?? [])].sort(),
  channels: [...(c.recruitment?.channels ?? [])].sort(),
  originProvince: c.route?.originProvince ?? '',
  destinationCountry: c.route?.destinationCountry ?? '',
  exitDate: c.keyDates?.exit ?? '',
  returnDate: c.keyDates?.return ?? '',
  narrative: c.narrative ?? '',
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The PATCH body for the changed fields only, so a reapply touches nothing else. */
function patchOf(changes: Partial<Edit>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const route: Record<string, unknown> = {};
  const keyDates: Record<string, unknown> = {};
  if (changes.reachedVia !== undefined) body.reachedVia = changes.reachedVia;
  if (changes.exploitationTypes !== undefined) body.exploitationTypes = changes.exploitationTypes;
  if (changes.channels !== undefined) body.recruitment = { channels: changes.channels };
  if (changes.originProvince !== undefined) route.originProvince = changes.originProvince || null;
  if (changes.destinationCountry !== undefined) route.destinationCountry = changes.destinationCountry || null;
  if (changes.exitDate !== undefined) keyDates.exit = changes.exitDate || null;
  if (changes.returnDate !== undefined) keyDates.return = changes.returnDate || null;
  if (changes.narrative !== undefined) body.narrative = changes.narrative.trim() || null;
  if (Object.keys(route).length) body.route = route;
  if (Object.keys(keyDates).length) body.keyDates = keyDates;
  return body;
}

function DetailsPanel({ loaded, setLoaded }: CaseProps) {
  const { t, date } = useI18n();
  const ref = useReference();
  const c = loaded.view;
  const [editing, setEditing] = useState<{ base: LoadedBase; draft: Edit } | null>(null);
  const [conflict, setConflict] = useState<{ current: CaseView; etag: string | null } | null>(null);
  const { busy, error, setError, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  const changes = (base: Edit, draft: Edit): Partial<Edit> => {
    const out: Partial<Edit> = {};
    for (const k of Object.keys(draft) as EditKey[])
      if (!same(base[k], draft[k])) (out as Record<string, unknown>)[k] = draft[k];
    return out;
  };

  // Someone saved first: show what they changed and let the user decide.
  const send = (etag: string | null, mine: Partial<Edit>) =>
    run(
      async () => {
        const r = await api.patch<CaseView>(`/cases/${c.id}`, patchOf(mine), etag);
        setLoaded({ view: r.data, etag: r.etag });
        setEditing(null);
        setConflict(null);
        setNotice(t('details.saved'));
      },
      loadConflictOn412<CaseView>(`/cases/${c.id}`, setConflict),
    );

  const fields: ConflictField<CaseView>[] = [
    {
      key: 'reachedVia',
      label: t('case.reachedVia'),
      get: (v) => v.reachedVia,
      show: (x) => ref.label('caseSources', x as string),
    },
    {
      key: 'exploitationTypes',
      label: t('case.exploitationTypes'),
      get: (v) => [...(v.exploitationTypes ?? [])].sort(),
      show: (x) => (x as string[]).map((e) => ref.label('exploitationTypes', e)).join(', ') || '—',
    },
    {
      key: 'channels',
      label: t('case.recruitmentChannels'),
      get: (v) => [...(v.recruitment?.channels ?? [])].sort(),
      show: (x) => (x as string[]).map((e) => ref.label('recruitmentChannels', e)).join(', ') || '—',
    },
    {
      key: 'originProvince',
      label: t('case.originProvince'),
      get: (v) => v.route?.originProvince ?? '',
      show: (x) => (x ? ref.province(x as string) : '—'),
    },
    {
      key: 'destinationCountry',
      label: t('case.destinationCountry'),
      get: (v) => v.route?.destinationCountry ?? '',
      show: (x) => (x ? ref.country(x as string) : '—'),
    },
    { key: 'exitDate', label: t('case.exitDate'), get: (v) => v.keyDates?.exit ?? '', show: (x) => date(x as string) },
    {
      key: 'returnDate',
      label: t('case.returnDate'),
      get: (v) => v.keyDates?.return ?? '',
      show: (x) => date(x as string),
    },
    { key: 'narrative', label: t('case.narrative'), get: (v) => v.narrative ?? '', show: (x) => (x as string) || '—' },
  ];

  if (editing && conflict) {
    const mine = changes(editOf(editing.base.view), editing.draft);
    return (
      <section className="panel panel-wide" aria-labelledby="h-details">
        <h2 id="h-details">{t('details.title')}</h2>
        <ConflictPanel
          fields={fields}
          base={editing.base.view}
          current={conflict.current}
          mine={mine}
          busy={busy}
          onReapply={() => void send(conflict.etag, mine)}
          onDiscard={() => {
            setLoaded({ view: conflict.current, etag: conflict.etag });
            setEditing(null);
            setConflict(null);
            setNotice(t('conflict.discarded'));
          }}
        />
        <ErrorMessage error={error} />
      </section>
    );
  }

  if (editing) {
    const d = editing.draft;
    const set = <K extends EditKey>(k: K, v: Edit[K]) => setEditing({ ...editing, draft: { ...d, [k]: v } });
    const countryOptions = ref.countries.map((x) => ({ value: x.code, label: x.name }));
    return (
      <section className="panel panel-wide" aria-labelledby="h-details">
        <h2 id="h-details">{t('details.editTitle')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send(editing.base.etag, changes(editOf(editing.base.view), d));
          }}
        >
          <SelectField
            label={t('case.reachedVia')}
            value={d.reachedVia}
            onValue={(v) => set('reachedVia', v)}
            options={ref.list('caseSources').map((o) => ({ value: o.code, label: o.label }))}
          />
          <CheckboxGroup
            legend={t('case.exploitationTypes')}
            columns
            values={d.exploitationTypes}
            onValues={(v) => set('exploitationTypes', [...v].sort())}
            options={ref.list('exploitationTypes').map((o) => ({ value: o.code, label: o.label }))}
          />
          <CheckboxGroup
            legend={t('case.recruitmentChannels')}
            columns
            values={d.channels}
            onValues={(v) => set('channels', [...v].sort())}
            options={ref.list('recruitmentChannels').map((o) => ({ value: o.code, label: o.label }))}
          />
          <div className="row">
            <SelectField
              label={t('case.originProvince')}
              value={d.originProvince}
              onValue={(v) => set('originProvince', v)}
              empty={t('common.unknown')}
              options={ref.provinces.map((p) => ({ value: p.code, label: p.name }))}
            />
            <SelectField
              label={t('case.destinationCountry')}
              value={d.destinationCountry}
              onValue={(v) => set('destinationCountry', v)}
              empty={t('common.unknown')}
              options={countryOptions}
            />
          </div>
          <div className="row">
            <TextField
              label={t('case.exitDate')}
              type="date"
              max={today()}
              value={d.exitDate}
              onValue={(v) => set('exitDate', v)}
            />
            <TextField
              label={t('case.returnDate')}
              type="date"
              max={today()}
              value={d.returnDate}
              onValue={(v) => set('returnDate', v)}
            />
          </div>
          <TextArea label={t('case.narrative')} value={d.narrative} onValue={(v) => set('narrative', v)} rows={6} />
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('common.save')}
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setError(null);
              }}
              disabled={busy}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section className="panel panel-wide" aria-labelledby="h-details">
      <h2 id="h-details">{t('details.title')}</h2>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <dl className="facts">
        <dt>{t('case.reachedVia')}</dt>
        <dd>{ref.label('caseSources', c.reachedVia)}</dd>
        {c.exploitationTypes ? (
          <>
            <dt>{t('case.exploitationTypes')}</dt>
            <dd>{c.exploitationTypes.map((e) => ref.label('exploitationTypes', e)).join(', ') || '—'}</dd>
          </>
        ) : null}
        {c.recruitment ? (
          <>
            <dt>{t('case.recruitmentChannels')}</dt>
            <dd>{c.recruitment.channels.map((e) => ref.label('recruitmentChannels', e)).join(', ') || '—'}</dd>
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
          </>
        ) : null}
        {c.keyDates ? (
          <>
            <dt>{t('case.exitDate')}</dt>
            <dd>{date(c.keyDates.exit)}</dd>
            <dt>{t('case.returnDate')}</dt>
            <dd>{date(c.keyDates.return)}</dd>
          </>
        ) : null}
        {c.narrative !== undefined ? (
          <>
            <dt>{t('case.narrative')}</dt>
            <dd className="prose">{c.narrative || '—'}</dd>
          </>
        ) : null}
      </dl>
      {!c.visibleParts.includes('exploitation') || !c.visibleParts.includes('route') ? (
        <p className="hint">{t('details.partial')}</p>
      ) : null}
      {c.can.edit ? (
        <button
          type="button"
          onClick={() => {
            setNotice(null);
            setEditing({ base: loaded, draft: editOf(c) });
          }}
        >
          {t('details.edit')}
        </button>
      ) : null}
    </section>
  );
}

type LoadedBase = CaseProps['loaded'];
