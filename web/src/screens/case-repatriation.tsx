// The repatriation of a case: where the person returned from, through which border gate,
// when, documents and escort, the receiving agency, and the repatriation group it belongs
// to. Saved with If-Match ("0" when none exists yet); someone else's save first shows what
// they changed, field by field (the conflict panel), and lets the user reapply.
import { useState, type FormEvent } from 'react';
import { api, etagOf } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { ConflictPanel, loadConflictOn412, type ConflictField } from '../components/conflict';
import { ErrorMessage, Loading, Notice, SelectField, TextField, useAction, useResource } from '../components/ui';
import type { Repatriation } from '../types';
import type { CaseProps } from '../case-data';

interface Draft {
  countryFrom: string;
  borderGate: string;
  returnDate: string;
  travelDocumentsChecked: boolean;
  escort: string;
  receivingAgency: string;
  groupId: string;
}
const EMPTY: Draft = {
  countryFrom: '',
  borderGate: '',
  returnDate: '',
  travelDocumentsChecked: false,
  escort: '',
  receivingAgency: '',
  groupId: '',
};
const draftOf = (r: Repatriation | null): Draft =>
  r
    ? {
        countryFrom: r.countryFrom,
        borderGate: r.borderGate,
        returnDate: r.returnDate,
        travelDocumentsChecked: r.travelDocumentsChecked,
        escort: r.escort ?? '',
        receivingAgency: r.receivingAgency ?? '',
        groupId: r.groupId ?? '',
      }
    : EMPTY;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The group's code as pasted: the code itself, or the link to the group's page. */
const groupIdOf = (text: string) => text.match(UUID)?.[0]?.toLowerCase() ?? null;

export function RepatriationSection({ loaded }: CaseProps) {
  const c = loaded.view;
  const { t, date } = useI18n();
  const ref = useReference();
  const path = `/cases/${c.id}/repatriation`;
  const record = useResource(() => api.getWithEtag<Repatriation | null>(path), [path]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [conflict, setConflict] = useState<{ current: Repatriation | null; etag: string | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useAction();

  if (record.loading && !record.data) return <Loading />;
  if (!record.data) return <ErrorMessage error={record.error} />;
  const base = record.data.data;
  const etag = record.data.etag ?? etagOf(base?.version ?? 0);

  const fields: ConflictField<Repatriation | null>[] = [
    {
      key: 'countryFrom',
      label: t('repatriation.countryFrom'),
      get: (r) => r?.countryFrom ?? '',
      show: (v) => ref.country(v as string),
    },
    {
      key: 'borderGate',
      label: t('repatriation.borderGate'),
      get: (r) => r?.borderGate ?? '',
      show: (v) => (v as string) || '—',
    },
    {
      key: 'returnDate',
      label: t('repatriation.returnDate'),
      get: (r) => r?.returnDate ?? '',
      show: (v) => date(v as string),
    },
    {
      key: 'travelDocumentsChecked',
      label: t('repatriation.documents'),
      get: (r) => r?.travelDocumentsChecked ?? false,
      show: (v) => t(v ? 'repatriation.documentsYes' : 'repatriation.documentsNo'),
    },
    { key: 'escort', label: t('repatriation.escort'), get: (r) => r?.escort ?? '', show: (v) => (v as string) || '—' },
    {
      key: 'receivingAgency',
      label: t('repatriation.receivingAgency'),
      get: (r) => r?.receivingAgency ?? '',
      show: (v) => ref.agencyName(v as string),
    },
    {
      key: 'groupId',
      label: t('repatriation.group'),
      get: (r) => r?.groupId ?? '',
      show: (v) => (v as string) || t('repatriation.noGroup'),
    },
  ];

  const validate = (d: Draft) => {
    const e: Partial<Record<keyof Draft, string>> = {};
    if (!d.countryFrom) e.countryFrom = t('repatriation.errCountry');
    if (d.borderGate.trim().length < 2) e.borderGate = t('repatriation.errGate');
    if (!d.returnDate) e.returnDate = t('repatriation.errDate');
    if (d.groupId.trim() && !groupIdOf(d.groupId)) e.groupId = t('repatriation.errGroup');
    setErrors(e);
    return Object.keys(e).length === 0;
  };

  const put = (ifMatch: string, d: Draft) =>
    save.run(
      async () => {
        const r = await api.put<Repatriation>(
          path,
          {
            countryFrom: d.countryFrom,
            borderGate: d.borderGate.trim(),
            returnDate: d.returnDate,
            travelDocumentsChecked: d.travelDocumentsChecked,
            escort: d.escort.trim() || null,
            receivingAgency: d.receivingAgency || null,
            groupId: groupIdOf(d.groupId),
          },
          ifMatch,
        );
        record.setData({ data: r.data, etag: r.etag, status: 200 });
        setDraft(null);
        setConflict(null);
        setNotice(t('repatriation.saved'));
      },
      loadConflictOn412<Repatriation | null>(path, setConflict),
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    if (draft && validate(draft)) void put(etag, draft);
  };

  if (draft && conflict) {
    const b = draftOf(base);
    const mine: Record<string, unknown> = {};
    for (const k of Object.keys(draft) as (keyof Draft)[]) if (b[k] !== draft[k]) mine[k] = draft[k];
    return (
      <section className="panel panel-wide" aria-labelledby="h-repatriation">
        <h2 id="h-repatriation">{t('repatriation.title')}</h2>
        <ConflictPanel
          fields={fields}
          base={base}
          current={conflict.current}
          mine={mine}
          busy={save.busy}
          onReapply={() => {
            const next = { ...draftOf(conflict.current), ...(mine as Partial<Draft>) };
            record.setData({ data: conflict.current, etag: conflict.etag, status: 200 });
            setConflict(null);
            setDraft(next);
            void put(conflict.etag ?? etagOf(conflict.current?.version ?? 0), next);
          }}
          onDiscard={() => {
            record.setData({ data: conflict.current, etag: conflict.etag, status: 200 });
            setConflict(null);
            setDraft(null);
          }}
        />
      </section>
    );
  }

  const countries = ref.countries.filter((x) => x.code !== 'VN');
  return (
    <section className="panel panel-wide" aria-labelledby="h-repatriation">
      <h2 id="h-repatriation">{t('repatriation.title')}</h2>
      <p className="hint">{t('repatriation.help')}</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {!draft ? (
        <>
          {base ? (
            <dl className="facts">
              <dt>{t('repatriation.countryFrom')}</dt>
              <dd>{ref.country(base.countryFrom)}</dd>
              <dt>{t('repatriation.borderGate')}</dt>
              <dd>{base.borderGate}</dd>
              <dt>{t('repatriation.returnDate')}</dt>
              <dd>{date(base.returnDate)}</dd>
              <dt>{t('repatriation.documents')}</dt>
              <dd>{t(base.travelDocumentsChecked ? 'repatriation.documentsYes' : 'repatriation.documentsNo')}</dd>
              <dt>{t('repatriation.escort')}</dt>
              <dd>{base.escort ?? '—'}</dd>
              <dt>{t('repatriation.receivingAgency')}</dt>
              <dd>{base.receivingAgency ? ref.agencyName(base.receivingAgency) : '—'}</dd>
              <dt>{t('repatriation.group')}</dt>
              <dd>
                {base.groupId ? (
                  <Link to={`/repatriation-groups/${base.groupId}`}>{t('repatriation.openGroup')}</Link>
                ) : (
                  t('repatriation.noGroup')
                )}
              </dd>
            </dl>
          ) : (
            <p>{t('repatriation.none')}</p>
          )}
          {c.can.recordRepatriation ? (
            <button type="button" onClick={() => setDraft(draftOf(base))}>
              {t(base ? 'repatriation.edit' : 'repatriation.record')}
            </button>
          ) : null}
        </>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <SelectField
            label={t('repatriation.countryFrom')}
            required
            value={draft.countryFrom}
            onValue={(v) => setDraft({ ...draft, countryFrom: v })}
            empty="—"
            options={countries.map((x) => ({ value: x.code, label: x.name }))}
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
            label={t('repatriation.returnDate')}
            type="date"
            required
            value={draft.returnDate}
            onValue={(v) => setDraft({ ...draft, returnDate: v })}
            error={errors.returnDate}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={draft.travelDocumentsChecked}
              onChange={(e) => setDraft({ ...draft, travelDocumentsChecked: e.target.checked })}
            />{' '}
            {t('repatriation.documents')}
          </label>
          <TextField
            label={t('repatriation.escort')}
            value={draft.escort}
            onValue={(v) => setDraft({ ...draft, escort: v })}
            maxLength={500}
          />
          <SelectField
            label={t('repatriation.receivingAgency')}
            value={draft.receivingAgency}
            onValue={(v) => setDraft({ ...draft, receivingAgency: v })}
            empty="—"
            options={ref.agencies.filter((a) => !a.disabled).map((a) => ({ value: a.code, label: a.name }))}
          />
          <TextField
            label={t('repatriation.groupId')}
            hint={t('repatriation.groupIdHint')}
            value={draft.groupId}
            onValue={(v) => setDraft({ ...draft, groupId: v })}
            error={errors.groupId}
            autoComplete="off"
          />
          <ErrorMessage error={save.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={save.busy}>
              {t('repatriation.save')}
            </button>{' '}
            <button type="button" onClick={() => setDraft(null)}>
              {t('followUp.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
