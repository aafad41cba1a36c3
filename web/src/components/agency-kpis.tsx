// The agency's response times (GET /work/kpis): days from identification to the first
// service and hours until its referrals were accepted, as median and 90th percentile,
// over a period the user chooses (the last year by default).
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { addDays, today } from '../contract';
import { ErrorMessage, Loading, TextField, useResource } from './ui';
import type { WorkKpis } from '../types';

export function AgencyKpis() {
  const { t, number, date } = useI18n();
  const [range, setRange] = useState(() => ({ from: addDays(today(), -365), to: today() }));
  const [draft, setDraft] = useState(range);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const kpis = useResource(() => api.get<WorkKpis>('/work/kpis', range), [range.from, range.to]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.from || !draft.to || draft.from > draft.to) {
      setRangeError(t('kpi.errRange'));
      return;
    }
    setRangeError(null);
    setRange(draft);
  };
  const show = (v: number | null) => (v === null ? '—' : number(Math.round(v * 10) / 10));
  const rows = kpis.data
    ? [
        { label: t('kpi.firstService'), f: kpis.data.identificationToFirstServiceDays },
        { label: t('kpi.acceptance'), f: kpis.data.referralAcceptanceHours },
      ]
    : [];
  return (
    <section className="panel panel-wide kpis" aria-labelledby="h-kpis">
      <h2 id="h-kpis">{t('kpi.title')}</h2>
      <p className="hint">{t('kpi.help')}</p>
      <form onSubmit={submit} className="filters" aria-label={t('kpi.title')}>
        <TextField
          label={t('kpi.from')}
          type="date"
          value={draft.from}
          onValue={(v) => setDraft({ ...draft, from: v })}
          error={rangeError}
        />
        <TextField label={t('kpi.to')} type="date" value={draft.to} onValue={(v) => setDraft({ ...draft, to: v })} />
        <div className="field field-button">
          <button type="submit">{t('kpi.show')}</button>
        </div>
      </form>
      <ErrorMessage error={kpis.error} />
      {kpis.loading && !kpis.data ? <Loading /> : null}
      {kpis.data ? (
        <div className="table-wrap">
          <table>
            <caption>{t('kpi.caption', { from: date(kpis.data.from), to: date(kpis.data.to) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('kpi.measure')}</th>
                <th scope="col">{t('kpi.measured')}</th>
                <th scope="col">{t('kpi.median')}</th>
                <th scope="col">{t('kpi.p90')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td data-label={t('kpi.measured')}>{number(r.f.n)}</td>
                  <td data-label={t('kpi.median')}>{show(r.f.median)}</td>
                  <td data-label={t('kpi.p90')}>{show(r.f.p90)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
