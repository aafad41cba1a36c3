// Referrals of one case and sending a new one. Without the person's consent the
// server refuses (409 with missingConsents): the app says what is missing and
// offers to record it, then sends again.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { caseReferrals } from '../case-data';
import { addDays, REFERRAL_PURPOSES, SERVICE_TYPES, today } from '../contract';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { ReferralCard } from '../components/referral';
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
import type { Referral } from '../types';
import type { CaseProps } from '../case-data';
import { ConsentForm, type ConsentPreset } from './case-consents';

export function ReferralsSection({ loaded }: CaseProps) {
  const { t } = useI18n();
  const ref = useReference();
  const c = loaded.view;
  const referrals = useResource(() => caseReferrals(c.id), [c.id]);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section aria-labelledby="h-referrals">
      <h2 id="h-referrals">{t('caseFile.referrals')}</h2>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorMessage error={referrals.error} />
      {referrals.loading && !referrals.data ? <Loading /> : null}
      {referrals.data && referrals.data.length === 0 ? <p>{t('referral.noneForCase')}</p> : null}
      <div className="cards">
        {referrals.data?.map((r) => (
          <ReferralCard
            key={r.id}
            referral={r}
            showCaseLink={false}
            onChanged={(u) => referrals.setData(referrals.data!.map((x) => (x.id === u.id ? u : x)))}
          />
        ))}
      </div>
      {c.can.refer ? (
        sending ? (
          <SendReferral
            caseId={c.id}
            isMinor={c.person?.isMinor}
            onCancel={() => setSending(false)}
            onSent={(r) => {
              setSending(false);
              setNotice(t('referral.sentTo', { agency: ref.agencyName(r.toAgency) }));
              referrals.reload();
            }}
          />
        ) : (
          <p>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setSending(true);
                setNotice(null);
              }}
            >
              {t('referral.send')}
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}

function SendReferral({
  caseId,
  isMinor,
  onSent,
  onCancel,
}: {
  caseId: string;
  isMinor: boolean | null | undefined;
  onSent(r: Referral): void;
  onCancel(): void;
}) {
  const { t, code } = useI18n();
  const ref = useReference();
  const [toAgency, setToAgency] = useState('');
  const [purposes, setPurposes] = useState<string[]>([]);
  const [services, setServices] = useState<string[]>([]);
  const [dueDate, setDueDate] = useState(addDays(today(), 7));
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<ConsentPreset[] | null>(null);
  const [recording, setRecording] = useState<ConsentPreset | null>(null);
  const { busy, error, run } = useAction();

  const send = () =>
    run(
      async () => {
        onSent(
          await api.post<Referral>('/referrals', {
            caseId,
            toAgency,
            purposes,
            services,
            dueDate,
            ...(note.trim() ? { note: note.trim() } : {}),
          }),
        );
      },
      (err) => {
        // A missing consent is shown as the consents to record, not as an error.
        if (!(err instanceof ApiError && err.status === 409 && err.problem?.missingConsents?.length)) return false;
        setMissing(err.problem.missingConsents.map((m) => ({ purpose: m.purpose, agency: m.agency })));
        return true;
      },
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(null);
    void send();
  };
  const describe = (m: ConsentPreset) =>
    m.agency ? t('referral.missingShare', { agency: ref.agencyName(m.agency) }) : code('consentPurpose', m.purpose);

  return (
    <div className="panel">
      <form onSubmit={submit} aria-labelledby="h-send">
        <h3 id="h-send">{t('referral.send')}</h3>
        <SelectField
          label={t('referral.toAgency')}
          required
          value={toAgency}
          onValue={(v) => {
            setToAgency(v);
            setMissing(null);
          }}
          empty={t('common.choose')}
          options={ref.agencies
            .filter((a) => !a.mine && !a.disabled)
            .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
        />
        <CheckboxGroup
          legend={t('referral.purposes')}
          hint={t('referral.purposesHint')}
          columns
          values={purposes}
          onValues={setPurposes}
          options={REFERRAL_PURPOSES.map((p) => ({ value: p, label: code('purpose', p) }))}
        />
        <CheckboxGroup
          legend={t('referral.services')}
          columns
          values={services}
          onValues={setServices}
          options={SERVICE_TYPES.map((s) => ({ value: s, label: code('service', s) }))}
        />
        <div className="row">
          <TextField
            label={t('referral.due')}
            type="date"
            min={today()}
            required
            value={dueDate}
            onValue={setDueDate}
          />
        </div>
        <TextArea label={t('referral.note')} hint={t('referral.noteHint')} value={note} onValue={setNote} rows={2} />
        {missing ? (
          <div className="message message-warning" role="alert">
            <p>{t('referral.missingConsent')}</p>
            <ul>
              {missing.map((m) => (
                <li key={m.purpose + (m.agency ?? '')}>{describe(m)}</li>
              ))}
            </ul>
            <div className="actions">
              {missing.map((m) => (
                <button
                  key={m.purpose + (m.agency ?? '')}
                  type="button"
                  className="primary"
                  onClick={() => setRecording(m)}
                >
                  {t('referral.recordConsentFor', { what: describe(m) })}
                </button>
              ))}
            </div>
          </div>
        ) : null}
        <ErrorMessage error={error} />
        {!recording ? (
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !toAgency || purposes.length === 0 || !dueDate}>
              {t('referral.sendButton')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        ) : null}
      </form>
      {recording ? (
        <ConsentForm
          caseId={caseId}
          isMinor={isMinor}
          preset={recording}
          onCancel={() => setRecording(null)}
          onDone={() => {
            const rest = (missing ?? []).filter((m) => m !== recording);
            setRecording(null);
            setMissing(rest.length ? rest : null);
            if (!rest.length) void send(); // everything consented: send as the user asked
          }}
        />
      ) : null}
    </div>
  );
}
