// Transfer of a case to another agency (POST /cases/:id/transfers): the receiving agency
// takes the case, and the person with it, when it accepts in its referral inbox. Shown
// in the case's referrals section when the case says the caller may transfer it.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { today } from '../contract';
import { ErrorMessage, Notice, SelectField, TextArea, TextField, useAction } from '../components/ui';
import type { Referral } from '../types';
import type { CaseProps } from '../case-data';

export function TransferPanel({ loaded }: CaseProps) {
  const c = loaded.view;
  const { t } = useI18n();
  const ref = useReference();
  const [open, setOpen] = useState(false);
  const [toAgency, setToAgency] = useState('');
  const [reason, setReason] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [errors, setErrors] = useState<{ toAgency?: string; reason?: string }>({});
  const [sent, setSent] = useState<string | null>(null);
  const send = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSent(null);
    const next: typeof errors = {};
    if (!toAgency) next.toAgency = t('transfer.errAgency');
    if (reason.trim().length < 3) next.reason = t('transfer.errReason');
    setErrors(next);
    if (Object.keys(next).length) return;
    const ok = await send.run(() =>
      api.post<Referral>(`/cases/${c.id}/transfers`, {
        toAgency,
        reason: reason.trim(),
        ...(dueDate ? { dueDate } : {}),
      }),
    );
    if (ok) {
      setSent(t('transfer.sent', { agency: ref.agencyName(toAgency) }));
      setToAgency('');
      setReason('');
      setDueDate('');
      setOpen(false);
    }
  };

  const others = ref.agencies.filter((a) => !a.mine && !a.disabled);
  return (
    <section className="panel" aria-labelledby="h-transfer">
      <h2 id="h-transfer">{t('transfer.title')}</h2>
      <p className="hint">{t('transfer.help')}</p>
      {sent ? <Notice kind="success">{sent}</Notice> : null}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)} aria-expanded={false}>
          {t('transfer.open')}
        </button>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <SelectField
            label={t('transfer.toAgency')}
            required
            value={toAgency}
            onValue={setToAgency}
            empty="—"
            options={others.map((a) => ({ value: a.code, label: a.name }))}
            error={errors.toAgency}
          />
          <TextArea
            label={t('transfer.reason')}
            hint={t('transfer.reasonHint')}
            required
            value={reason}
            onValue={setReason}
            rows={3}
            maxLength={2000}
            error={errors.reason}
          />
          <TextField label={t('transfer.due')} type="date" value={dueDate} onValue={setDueDate} min={today()} />
          <ErrorMessage error={send.error}>
            {send.error instanceof ApiError && send.error.problem?.reason === 'consent-missing' ? (
              <p>
                <Link to={`/cases/${c.id}/consents`}>{t('transfer.recordConsent')}</Link>
              </p>
            ) : null}
          </ErrorMessage>
          <div className="actions">
            <button type="submit" className="primary" disabled={send.busy}>
              {t('transfer.send')}
            </button>{' '}
            <button type="button" onClick={() => setOpen(false)}>
              {t('followUp.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
