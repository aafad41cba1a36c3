// Consents of the person, per purpose: record, and withdraw with immediate effect.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { CONSENT_GIVERS, CONSENT_METHODS, CONSENT_PURPOSES } from '../contract';
import {
  ErrorMessage,
  Loading,
  Notice,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type { Consent, ConsentWithdrawn } from '../types';
import type { CaseProps } from '../case-data';
import { Attachments } from '../components/attachments';

export interface ConsentPreset {
  purpose: string;
  agency?: string;
}

/** The form to record one consent; `preset` fills it from a refused referral. */
export function ConsentForm({
  caseId,
  isMinor,
  preset,
  onDone,
  onCancel,
}: {
  caseId: string;
  isMinor: boolean | null | undefined;
  preset?: ConsentPreset;
  onDone(c: Consent): void;
  onCancel(): void;
}) {
  const { t, code } = useI18n();
  const ref = useReference();
  const [purpose, setPurpose] = useState(preset?.purpose ?? 'processing');
  const [scope, setScope] = useState<'agency' | 'kind'>('agency');
  const [agency, setAgency] = useState(preset?.agency ?? '');
  const [agencyKind, setAgencyKind] = useState('');
  const [method, setMethod] = useState('signed');
  const [givenBy, setGivenBy] = useState(isMinor ? 'guardian' : 'person');
  const [witness, setWitness] = useState('');
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = { purpose, method, givenBy };
      if (purpose === 'share_with_agency') {
        if (scope === 'agency') body.agency = agency;
        else body.agencyKind = agencyKind;
      }
      if (method === 'verbal_witnessed') body.witness = witness.trim();
      onDone(await api.post<Consent>(`/cases/${caseId}/consents`, body));
    });
  };

  const ready =
    (purpose !== 'share_with_agency' || (scope === 'agency' ? agency : agencyKind)) &&
    (method !== 'verbal_witnessed' || witness.trim());
  return (
    <form onSubmit={submit} className="inline-form" aria-labelledby="h-consent-form">
      <h3 id="h-consent-form">{t('consent.record')}</h3>
      <SelectField
        label={t('consent.purpose')}
        value={purpose}
        onValue={setPurpose}
        options={CONSENT_PURPOSES.map((p) => ({ value: p, label: code('consentPurpose', p) }))}
      />
      {purpose === 'share_with_agency' ? (
        <>
          <RadioGroup
            legend={t('consent.shareWith')}
            name="scope"
            value={scope}
            onValue={(v) => setScope(v as 'agency' | 'kind')}
            options={[
              { value: 'agency', label: t('consent.oneAgency') },
              { value: 'kind', label: t('consent.agencyKind') },
            ]}
          />
          {scope === 'agency' ? (
            <SelectField
              label={t('consent.agency')}
              required
              value={agency}
              onValue={setAgency}
              empty={t('common.choose')}
              options={ref.agencies
                .filter((a) => !a.mine)
                .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
            />
          ) : (
            <SelectField
              label={t('consent.agencyKind')}
              required
              value={agencyKind}
              onValue={setAgencyKind}
              empty={t('common.choose')}
              options={ref.list('agencyKinds').map((k) => ({ value: k.code, label: k.label }))}
            />
          )}
        </>
      ) : null}
      <div className="row">
        <SelectField
          label={t('consent.method')}
          value={method}
          onValue={setMethod}
          options={CONSENT_METHODS.map((m) => ({ value: m, label: code('consentMethod', m) }))}
        />
        <SelectField
          label={t('consent.givenBy')}
          value={givenBy}
          onValue={setGivenBy}
          hint={isMinor ? t('consent.minorHint') : undefined}
          options={CONSENT_GIVERS.map((g) => ({ value: g, label: code('givenBy', g) }))}
        />
      </div>
      {method === 'verbal_witnessed' ? (
        <TextField label={t('consent.witness')} required value={witness} onValue={setWitness} />
      ) : null}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !ready}>
          {t('consent.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function ConsentsSection({ loaded }: CaseProps) {
  const { t, code, dateTime } = useI18n();
  const ref = useReference();
  const c = loaded.view;
  const consents = useResource(() => api.get<{ items: Consent[] }>(`/cases/${c.id}/consents`), [c.id]);
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  const withdraw = (e: FormEvent) => {
    e.preventDefault();
    if (!withdrawing) return;
    void run(async () => {
      const r = await api.post<ConsentWithdrawn>(`/consents/${withdrawing}/withdraw`, {
        reason: reason.trim(),
      });
      setNotice(
        r.revokedReferrals.length
          ? t('consent.withdrawnRevoked', { count: r.revokedReferrals.length })
          : t('consent.withdrawn'),
      );
      setWithdrawing(null);
      setReason('');
      consents.reload();
    });
  };

  return (
    <section aria-labelledby="h-consents">
      <h2 id="h-consents">{t('caseFile.consents')}</h2>
      <p className="hint">{t('consent.help')}</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorMessage error={consents.error ?? error} />
      {consents.loading && !consents.data ? <Loading /> : null}
      {consents.data && consents.data.items.length === 0 ? <p>{t('consent.none')}</p> : null}
      {consents.data && consents.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('caseFile.consents')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('consent.purpose')}</th>
                <th scope="col">{t('consent.method')}</th>
                <th scope="col">{t('consent.givenBy')}</th>
                <th scope="col">{t('consent.recorded')}</th>
                <th scope="col">{t('consent.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {consents.data.items.map((x) => (
                <tr key={x.id}>
                  <td data-label={t('consent.purpose')}>
                    {code('consentPurpose', x.purpose)}
                    {x.agency
                      ? ` — ${ref.agencyName(x.agency)}`
                      : x.agencyKind
                        ? ` — ${ref.label('agencyKinds', x.agencyKind)}`
                        : ''}
                  </td>
                  <td data-label={t('consent.method')}>
                    {code('consentMethod', x.method)}
                    {x.witness ? ` (${x.witness})` : ''}
                  </td>
                  <td data-label={t('consent.givenBy')}>{code('givenBy', x.givenBy)}</td>
                  <td data-label={t('consent.recorded')}>{dateTime(x.recordedAt)}</td>
                  <td data-label={t('consent.state')}>
                    {x.active ? (
                      <span className="badge badge-ref-accepted">{t('consent.active')}</span>
                    ) : (
                      <span className="badge badge-ref-revoked">
                        {t('consent.withdrawnOn', { date: dateTime(x.withdrawnAt) })}
                      </span>
                    )}
                  </td>
                  <td>
                    {x.active && c.can.withdrawConsent ? (
                      <button
                        type="button"
                        onClick={() => {
                          setWithdrawing(x.id);
                          setNotice(null);
                        }}
                      >
                        {t('consent.withdraw')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {consents.data && consents.data.items.length > 0 ? (
        <Attachments
          caseId={c.id}
          scope="consents"
          consents={consents.data.items.map((x) => ({
            id: x.id,
            label: `${code('consentPurpose', x.purpose)}${x.agency ? ` — ${ref.agencyName(x.agency)}` : ''} (${dateTime(x.recordedAt)})`,
          }))}
          canUpload={c.can.attachFiles}
          title={t('dataio.consentFiles')}
        />
      ) : null}
      {withdrawing ? (
        <form onSubmit={withdraw} className="inline-form">
          <TextArea
            label={t('consent.withdrawReason')}
            hint={t('consent.withdrawHint')}
            required
            minLength={3}
            value={reason}
            onValue={setReason}
            rows={2}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || reason.trim().length < 3}>
              {t('consent.withdraw')}
            </button>
            <button type="button" onClick={() => setWithdrawing(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {c.can.recordConsent ? (
        adding ? (
          <ConsentForm
            caseId={c.id}
            isMinor={c.person?.isMinor}
            onCancel={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              setNotice(t('consent.saved'));
              consents.reload();
            }}
          />
        ) : (
          <p>
            <button
              type="button"
              onClick={() => {
                setAdding(true);
                setNotice(null);
              }}
            >
              {t('consent.record')}
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}
