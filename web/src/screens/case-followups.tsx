// Reintegration follow-up visits of a case (schedule, then record the date and outcome)
// and the checklist to review before closing it. Both read the support-plan part of the
// case; what the caller may change follows the case's `can` (scheduleFollowUps).
import { useState, type FormEvent } from 'react';
import { api, ApiError, etagOf } from '../api';
import { useI18n } from '../i18n';
import { FOLLOW_UP_OUTCOMES, today } from '../contract';
import {
  ErrorMessage,
  Loading,
  Notice,
  SelectField,
  StatusBadge,
  TextArea,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type { ClosureCheck, FollowUp } from '../types';
import type { CaseProps } from '../case-data';

export function FollowUpsSection({ loaded }: CaseProps) {
  const c = loaded.view;
  return (
    <div className="grid">
      <VisitsPanel caseId={c.id} canEdit={c.can.scheduleFollowUps} />
      <ClosurePanel caseId={c.id} />
    </div>
  );
}

function VisitsPanel({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const { t, date, code } = useI18n();
  const visits = useResource(() => api.get<{ items: FollowUp[] }>(`/cases/${caseId}/follow-ups`), [caseId]);
  const [scheduledFor, setScheduledFor] = useState('');
  const [notes, setNotes] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const add = useAction();

  const schedule = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    if (!scheduledFor) {
      setDateError(t('followUp.errDate'));
      return;
    }
    setDateError(null);
    const ok = await add.run(() =>
      api.post<FollowUp>(`/cases/${caseId}/follow-ups`, {
        scheduledFor,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      }),
    );
    if (ok) {
      setScheduledFor('');
      setNotes('');
      setNotice(t('followUp.added'));
      visits.reload();
    }
  };

  const items = visits.data?.items ?? [];
  return (
    <section className="panel panel-wide" aria-labelledby="h-followups">
      <h2 id="h-followups">{t('followUp.title')}</h2>
      <p className="hint">{t('followUp.help')}</p>
      <ErrorMessage error={visits.error} />
      {visits.loading && !visits.data ? <Loading /> : null}
      {visits.data && items.length === 0 ? <p>{t('followUp.none')}</p> : null}
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {items.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('followUp.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('followUp.scheduledFor')}</th>
                <th scope="col">{t('followUp.doneAt')}</th>
                <th scope="col">{t('followUp.outcome')}</th>
                <th scope="col">{t('followUp.notes')}</th>
                {canEdit ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.id}>
                  <td data-label={t('followUp.scheduledFor')}>
                    {date(v.scheduledFor)}{' '}
                    {v.overdue ? (
                      <StatusBadge status="overdue" label={t('followUp.overdue')} />
                    ) : v.doneAt ? (
                      <StatusBadge status="ref-accepted" label={t('followUp.done')} />
                    ) : (
                      <StatusBadge status="pending" label={t('followUp.planned')} />
                    )}
                  </td>
                  <td data-label={t('followUp.doneAt')}>{date(v.doneAt)}</td>
                  <td data-label={t('followUp.outcome')}>
                    {v.outcome ? code('followUpOutcome', v.outcome) : t('followUp.noOutcome')}
                  </td>
                  <td data-label={t('followUp.notes')}>{v.notes ?? '—'}</td>
                  {canEdit ? (
                    <td data-label={t('common.actions')}>
                      <button
                        type="button"
                        onClick={() => setEditing(editing === v.id ? null : v.id)}
                        aria-expanded={editing === v.id}
                        aria-label={t('followUp.recordFor', { date: date(v.scheduledFor) })}
                      >
                        {t('followUp.record')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {editing && items.find((v) => v.id === editing) ? (
        <VisitForm
          key={editing}
          visit={items.find((v) => v.id === editing)!}
          onDone={(message) => {
            setEditing(null);
            setNotice(message);
            visits.reload();
          }}
          onStale={() => {
            setNotice(null);
            visits.reload();
          }}
        />
      ) : null}
      {canEdit ? (
        <form onSubmit={(e) => void schedule(e)} noValidate aria-labelledby="h-followup-new" className="stack">
          <h3 id="h-followup-new">{t('followUp.schedule')}</h3>
          <TextField
            label={t('followUp.scheduledFor')}
            type="date"
            required
            value={scheduledFor}
            onValue={setScheduledFor}
            error={dateError}
          />
          <TextArea label={t('followUp.notes')} value={notes} onValue={setNotes} rows={2} maxLength={5000} />
          <ErrorMessage error={add.error} />
          <button type="submit" className="primary" disabled={add.busy}>
            {t('followUp.add')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** Records a visit's date and outcome; a 412 (someone changed it first) reloads the list and says so. */
function VisitForm({ visit, onDone, onStale }: { visit: FollowUp; onDone(message: string): void; onStale(): void }) {
  const { t, code, date } = useI18n();
  const [doneAt, setDoneAt] = useState(visit.doneAt ?? today());
  const [outcome, setOutcome] = useState(visit.outcome ?? '');
  const [notes, setNotes] = useState(visit.notes ?? '');
  const [stale, setStale] = useState(false);
  const save = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStale(false);
    const ok = await save.run(
      () =>
        api.patch<FollowUp>(
          `/follow-ups/${visit.id}`,
          { doneAt: doneAt || null, outcome: outcome || null, notes: notes.trim() || null },
          etagOf(visit.version),
        ),
      (err) => {
        if (err instanceof ApiError && err.kind === 'precondition-failed') {
          setStale(true);
          onStale();
          return true;
        }
        return false;
      },
    );
    if (ok) onDone(t('followUp.saved'));
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="stack card" aria-labelledby="h-visit-edit">
      <h3 id="h-visit-edit">{t('followUp.recordFor', { date: date(visit.scheduledFor) })}</h3>
      {stale ? <Notice kind="warning">{t('followUp.stale')}</Notice> : null}
      <TextField label={t('followUp.doneAt')} type="date" value={doneAt} onValue={setDoneAt} max={today()} />
      <SelectField
        label={t('followUp.outcome')}
        value={outcome}
        onValue={setOutcome}
        empty={t('followUp.noOutcome')}
        options={FOLLOW_UP_OUTCOMES.map((o) => ({ value: o, label: code('followUpOutcome', o) }))}
      />
      <TextArea label={t('followUp.notes')} value={notes} onValue={setNotes} rows={2} maxLength={5000} />
      <ErrorMessage error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy || stale}>
          {t('followUp.save')}
        </button>{' '}
        <button type="button" onClick={() => onDone('')}>
          {t('followUp.cancel')}
        </button>
      </div>
    </form>
  );
}

function ClosurePanel({ caseId }: { caseId: string }) {
  const { t, code } = useI18n();
  const checks = useResource(() => api.get<{ items: ClosureCheck[] }>(`/cases/${caseId}/closure-checklist`), [caseId]);
  const items = checks.data?.items ?? [];
  const open = items.filter((i) => !i.ok).length;
  return (
    <section className="panel" aria-labelledby="h-closure">
      <h2 id="h-closure">{t('closure.title')}</h2>
      <p className="hint">{t('closure.help')}</p>
      <ErrorMessage error={checks.error} />
      {checks.loading && !checks.data ? <Loading /> : null}
      {checks.data ? (
        <>
          <p>{open ? t('closure.someOpen', { count: open }) : t('closure.allOk')}</p>
          <ul className="checklist">
            {items.map((i) => (
              <li key={i.item} className={i.ok ? 'check-ok' : 'check-todo'}>
                <StatusBadge
                  status={i.ok ? 'ref-accepted' : 'warn'}
                  label={i.ok ? t('closure.ok') : t('closure.todo')}
                />{' '}
                {code('closure.item', i.item)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
