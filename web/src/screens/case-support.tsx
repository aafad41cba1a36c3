// Support plan (risk and goals) and the assistance services of a case.
import { useState, type FormEvent } from 'react';
import { api, etagOf } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { RISK_FACTORS, RISK_LEVELS, SERVICE_STATUSES, SERVICE_TYPES, today } from '../contract';
import { ConflictPanel, loadConflictOn412, type ConflictField } from '../components/conflict';
import {
  CheckboxGroup,
  ErrorMessage,
  Loading,
  Notice,
  SelectField,
  TextArea,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type { CaseCapabilities, Service, SupportPlan } from '../types';
import type { CaseProps } from '../case-data';

export function SupportSection({ loaded }: CaseProps) {
  return (
    <div className="grid">
      <PlanPanel caseId={loaded.view.id} can={loaded.view.can} />
      <ServicesPanel caseId={loaded.view.id} can={loaded.view.can} />
    </div>
  );
}

interface PlanDraft {
  riskLevel: string;
  riskFactors: string[];
  riskNotes: string;
  goals: string;
}
const draftOf = (p: SupportPlan): PlanDraft => ({
  riskLevel: p.riskLevel,
  riskFactors: [...p.riskFactors].sort(),
  riskNotes: p.riskNotes ?? '',
  goals: p.goals ?? '',
});

function PlanPanel({ caseId, can }: { caseId: string; can: CaseCapabilities }) {
  const visible = can.readSupportPlan;
  const { t, code, dateTime } = useI18n();
  const plan = useResource(
    () => (visible ? api.getWithEtag<SupportPlan>(`/cases/${caseId}/support-plan`) : Promise.resolve(null)),
    [caseId, visible],
  );
  const [draft, setDraft] = useState<PlanDraft | null>(null);
  const [conflict, setConflict] = useState<{ current: SupportPlan; etag: string | null } | null>(null);
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  if (!visible)
    return (
      <section className="panel">
        <h2>{t('support.plan')}</h2>
        <p className="hint">{t('details.partial')}</p>
      </section>
    );
  if (plan.loading && !plan.data)
    return (
      <section className="panel">
        <h2>{t('support.plan')}</h2>
        <Loading />
      </section>
    );
  if (!plan.data)
    return (
      <section className="panel">
        <h2>{t('support.plan')}</h2>
        <ErrorMessage error={plan.error} />
      </section>
    );
  const base = plan.data.data;
  const etag = plan.data.etag ?? etagOf(base.version);

  const mineOf = (d: PlanDraft) => {
    const b = draftOf(base);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(d) as (keyof PlanDraft)[])
      if (JSON.stringify(b[k]) !== JSON.stringify(d[k])) out[k] = d[k];
    return out;
  };

  const save = (ifMatch: string, body: PlanDraft) =>
    run(
      async () => {
        const r = await api.put<SupportPlan>(
          `/cases/${caseId}/support-plan`,
          {
            riskLevel: body.riskLevel,
            riskFactors: body.riskFactors,
            riskNotes: body.riskNotes.trim() || null,
            goals: body.goals.trim() || null,
          },
          ifMatch,
        );
        plan.setData({ data: r.data, etag: r.etag, status: 200 });
        setDraft(null);
        setConflict(null);
        setNotice(t('support.planSaved'));
      },
      loadConflictOn412<SupportPlan>(`/cases/${caseId}/support-plan`, setConflict),
    );

  const fields: ConflictField<SupportPlan>[] = [
    {
      key: 'riskLevel',
      label: t('support.riskLevel'),
      get: (p) => p.riskLevel,
      show: (v) => code('risk', v as string),
    },
    {
      key: 'riskFactors',
      label: t('support.riskFactors'),
      get: (p) => [...p.riskFactors].sort(),
      show: (v) => (v as string[]).map((f) => code('riskFactor', f)).join(', ') || '—',
    },
    {
      key: 'riskNotes',
      label: t('support.riskNotes'),
      get: (p) => p.riskNotes ?? '',
      show: (v) => (v as string) || '—',
    },
    { key: 'goals', label: t('support.goals'), get: (p) => p.goals ?? '', show: (v) => (v as string) || '—' },
  ];

  if (draft && conflict) {
    const mine = mineOf(draft);
    return (
      <section className="panel panel-wide" aria-labelledby="h-plan">
        <h2 id="h-plan">{t('support.plan')}</h2>
        <ConflictPanel
          fields={fields}
          base={base}
          current={conflict.current}
          mine={mine}
          busy={busy}
          onReapply={() =>
            void save(conflict.etag ?? etagOf(conflict.current.version), {
              ...draftOf(conflict.current),
              ...mine,
            } as PlanDraft)
          }
          onDiscard={() => {
            plan.setData({ data: conflict.current, etag: conflict.etag, status: 200 });
            setDraft(null);
            setConflict(null);
          }}
        />
      </section>
    );
  }

  if (draft) {
    const set = <K extends keyof PlanDraft>(k: K, v: PlanDraft[K]) => setDraft({ ...draft, [k]: v });
    return (
      <section className="panel panel-wide" aria-labelledby="h-plan">
        <h2 id="h-plan">{t('support.plan')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save(etag, draft);
          }}
        >
          <SelectField
            label={t('support.riskLevel')}
            value={draft.riskLevel}
            onValue={(v) => set('riskLevel', v)}
            options={RISK_LEVELS.map((r) => ({ value: r, label: code('risk', r) }))}
          />
          <CheckboxGroup
            legend={t('support.riskFactors')}
            columns
            values={draft.riskFactors}
            onValues={(v) => set('riskFactors', [...v].sort())}
            options={RISK_FACTORS.map((f) => ({ value: f, label: code('riskFactor', f) }))}
          />
          <TextArea label={t('support.riskNotes')} value={draft.riskNotes} onValue={(v) => set('riskNotes', v)} />
          <TextArea label={t('support.goals')} value={draft.goals} onValue={(v) => set('goals', v)} />
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="h-plan">
      <h2 id="h-plan">{t('support.plan')}</h2>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {base.version === 0 ? (
        <p>{t('support.noPlan')}</p>
      ) : (
        <dl className="facts">
          <dt>{t('support.riskLevel')}</dt>
          <dd>
            <span className={`badge badge-risk-${base.riskLevel}`}>{code('risk', base.riskLevel)}</span>
          </dd>
          <dt>{t('support.riskFactors')}</dt>
          <dd>{base.riskFactors.map((f) => code('riskFactor', f)).join(', ') || '—'}</dd>
          <dt>{t('support.riskNotes')}</dt>
          <dd className="prose">{base.riskNotes || '—'}</dd>
          <dt>{t('support.goals')}</dt>
          <dd className="prose">{base.goals || '—'}</dd>
          <dt>{t('support.updated')}</dt>
          <dd>{dateTime(base.updatedAt)}</dd>
        </dl>
      )}
      {can.planSupport ? (
        <button
          type="button"
          onClick={() => {
            setNotice(null);
            setDraft(draftOf(base));
          }}
        >
          {base.version === 0 ? t('support.createPlan') : t('support.editPlan')}
        </button>
      ) : null}
    </section>
  );
}

function ServicesPanel({ caseId, can }: { caseId: string; can: CaseCapabilities }) {
  const { t, code, date, number } = useI18n();
  const ref = useReference();
  const services = useResource(() => api.get<{ items: Service[] }>(`/cases/${caseId}/services`), [caseId]);
  const [adding, setAdding] = useState(false);
  const [type, setType] = useState('');
  const [provider, setProvider] = useState('');
  const [planned, setPlanned] = useState('');
  const [notes, setNotes] = useState('');
  const { busy, error, run } = useAction();

  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post(`/cases/${caseId}/services`, {
        type,
        providerAgency: provider || null,
        plannedDate: planned || null,
        notes: notes.trim() || null,
      });
      setAdding(false);
      setType('');
      setProvider('');
      setPlanned('');
      setNotes('');
      services.reload();
    });
  };

  const setStatus = async (s: Service, status: string) => {
    await run(() => {
      const day = today();
      const body: Record<string, unknown> = { status };
      if (status === 'in_progress' && !s.startDate) body.startDate = day;
      if (status === 'provided' && !s.endDate) {
        body.endDate = day;
        if (!s.startDate) body.startDate = day;
      }
      return api.patch(`/services/${s.id}`, body, etagOf(s.version));
    });
    services.reload();
  };

  return (
    <section className="panel panel-wide" aria-labelledby="h-services">
      <h2 id="h-services">{t('support.services')}</h2>
      <ErrorMessage error={services.error ?? error} />
      {services.data && services.data.items.length === 0 ? <p>{t('support.noServices')}</p> : null}
      {services.data && services.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('support.services')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.serviceType')}</th>
                <th scope="col">{t('support.provider')}</th>
                <th scope="col">{t('support.serviceStatus')}</th>
                <th scope="col">{t('support.planned')}</th>
                <th scope="col">{t('support.dates')}</th>
                <th scope="col">{t('support.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {services.data.items.map((s) => (
                <tr key={s.id}>
                  <td data-label={t('support.serviceType')}>
                    {code('service', s.type)}
                    {s.notes ? <p className="hint prose">{s.notes}</p> : null}
                  </td>
                  <td data-label={t('support.provider')}>{ref.agencyName(s.providerAgency)}</td>
                  <td data-label={t('support.serviceStatus')}>
                    {s.can.update ? (
                      <label className="inline-select">
                        <span className="visually-hidden">
                          {t('support.serviceStatusOf', { type: code('service', s.type) })}
                        </span>
                        <select value={s.status} onChange={(e) => void setStatus(s, e.target.value)}>
                          {SERVICE_STATUSES.map((x) => (
                            <option key={x} value={x}>
                              {code('serviceStatus', x)}
                            </option>
                          ))}
                        </select>
                      </label>
                    ) : (
                      code('serviceStatus', s.status)
                    )}
                  </td>
                  <td data-label={t('support.planned')}>{date(s.plannedDate)}</td>
                  <td data-label={t('support.dates')}>
                    {s.startDate ? `${date(s.startDate)} – ${date(s.endDate)}` : '—'}
                  </td>
                  <td data-label={t('support.amount')}>{s.amountVnd === null ? '—' : `${number(s.amountVnd)} ₫`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {can.planSupport ? (
        adding ? (
          <form onSubmit={add} className="inline-form">
            <h3>{t('support.addService')}</h3>
            <div className="row">
              <SelectField
                label={t('support.serviceType')}
                required
                value={type}
                onValue={setType}
                empty={t('common.choose')}
                options={SERVICE_TYPES.map((s) => ({ value: s, label: code('service', s) }))}
              />
              <SelectField
                label={t('support.provider')}
                value={provider}
                onValue={setProvider}
                empty={t('support.providerOwn')}
                options={ref.agencies
                  .filter((a) => !a.disabled)
                  .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
              />
              <TextField label={t('support.planned')} type="date" value={planned} onValue={setPlanned} />
            </div>
            <TextArea label={t('support.serviceNotes')} value={notes} onValue={setNotes} rows={2} />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy || !type}>
                {t('support.addService')}
              </button>
              <button type="button" onClick={() => setAdding(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" onClick={() => setAdding(true)}>
            {t('support.addService')}
          </button>
        )
      ) : null}
    </section>
  );
}
