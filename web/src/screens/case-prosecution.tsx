// The "Truy tố" tab of a case (issue 13 §4): the proceedings as a timeline with the next steps the Criminal
// Procedure Code allows (the same rule the server applies: src/contract/proceedings-rules.ts), the charges,
// the accused with their verdicts, the victim's side (saved with If-Match), the court dates with the support
// they created, and the printable dossier. What the user may record follows the file's `can`.
import { useState, type FormEvent } from 'react';
import { api, ApiError, API, etagOf, request } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import {
  AUTHORITY_KINDS,
  AUTHORITY_LEVELS,
  COURT_SIDE_STEPS,
  HEARING_KINDS,
  PENAL_CODE_ARTICLE_LABELS,
  PENAL_CODE_ARTICLES,
  PROCEEDING_LABELS,
  PROTECTION_MEASURES,
  SENTENCE_KINDS,
  VERDICT_INSTANCES,
  VERDICT_OUTCOMES,
  WITNESS_STATUSES,
  nextSteps,
  today,
  type ProceedingKind,
} from '../contract';
import {
  CheckboxGroup,
  ErrorMessage,
  Loading,
  Notice,
  SelectField,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type { ProsecutionFile } from '../types';
import type { CaseProps } from '../case-data';
import '../i18n/prosecution';

type Loaded = { data: ProsecutionFile; etag: string | null };

/** A refusal of the order of the proceedings, in the user's language; null for any other error. */
function useRefusalText() {
  const { t, lang, date } = useI18n();
  return (error: unknown): string | null => {
    if (!(error instanceof ApiError) || error.kind !== 'illegal-transition') return null;
    const p: Record<string, unknown> = error.problem ?? {};
    const reason = String(p.reason ?? '');
    const requires = p.requires as ProceedingKind | undefined;
    const key = `prosecution.refusal.${reason}` as MessageKey;
    return t(key, {
      step: requires ? PROCEEDING_LABELS[requires][lang] : '',
      date: typeof p.notBefore === 'string' ? date(p.notBefore) : '',
    });
  };
}

export function ProsecutionSection({ loaded }: CaseProps) {
  const c = loaded.view;
  const { t } = useI18n();
  const path = `/cases/${c.id}/prosecution`;
  const file = useResource(
    () => api.getWithEtag<ProsecutionFile>(path).then((r) => ({ data: r.data, etag: r.etag }) as Loaded),
    [path],
  );
  if (file.loading && !file.data) return <Loading />;
  if (!file.data) return <ErrorMessage error={file.error} />;
  const f = file.data.data;
  const etag = file.data.etag ?? etagOf(f.version);
  const update = (next: Loaded) => file.setData(next);
  return (
    <section aria-labelledby="prosecution-heading">
      <h2 id="prosecution-heading">{t('prosecution.heading')}</h2>
      <p className="no-print">
        <a href={`${API}${path}/dossier.pdf`} download>
          {t('prosecution.print')}
        </a>{' '}
        <span className="hint">{t('prosecution.printHint')}</span>
      </p>
      {!f.can.recordProceedings && !f.can.recordCourtSide ? <Notice>{t('prosecution.readOnly')}</Notice> : null}
      <Steps file={f} path={path} onSaved={update} />
      <Charges file={f} path={path} onSaved={update} />
      <Accused file={f} path={path} onSaved={update} />
      <VictimSide file={f} etag={etag} path={path} onSaved={update} reload={file.reload} />
      <CourtDates file={f} path={path} onSaved={update} />
    </section>
  );
}

interface PartProps {
  file: ProsecutionFile;
  path: string;
  onSaved(next: Loaded): void;
}

const post = async (url: string, body: unknown) => {
  const r = await request<ProsecutionFile>('POST', url, { body });
  return { data: r.data, etag: r.etag } as Loaded;
};

function Steps({ file, path, onSaved }: PartProps) {
  const { t, lang, date } = useI18n();
  const refusal = useRefusalText();
  const history = file.steps.map((s) => ({ kind: s.kind, date: s.date, reason: s.reason }));
  const allowed = nextSteps(history, today()).filter(
    (k) => file.can.recordProceedings || (COURT_SIDE_STEPS as readonly string[]).includes(k),
  );
  const empty = { kind: '', date: today(), authority: '', authorityKind: 'police', authorityLevel: 'provincial' };
  const [draft, setDraft] = useState({ ...empty, documentNumber: '', decision: '', reason: '' });
  const [notice, setNotice] = useState<string | null>(null);
  const save = useAction();
  const kind = allowed.includes(draft.kind as ProceedingKind) ? draft.kind : (allowed[0] ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    void save.run(async () => {
      onSaved(
        await post(`${path}/steps`, {
          kind,
          date: draft.date,
          authority: draft.authority.trim(),
          authorityKind: draft.authorityKind,
          authorityLevel: draft.authorityLevel,
          documentNumber: draft.documentNumber.trim() || null,
          decision: draft.decision.trim() || null,
          reason: draft.reason.trim() || null,
        }),
      );
      setDraft({ ...empty, documentNumber: '', decision: '', reason: '' });
      setNotice(t('prosecution.stepSaved'));
    });
  };
  const refused = refusal(save.error);
  return (
    <>
      <h3>{t('prosecution.steps')}</h3>
      {file.steps.length === 0 ? (
        <p>{t('prosecution.noSteps')}</p>
      ) : (
        <ol className="timeline">
          {file.steps.map((s) => (
            <li key={s.id}>
              <strong>{date(s.date)}</strong> — {PROCEEDING_LABELS[s.kind][lang]}: {s.authority} (
              {t(`prosecution.authorityKind.${s.authorityKind}` as MessageKey)},{' '}
              {t(`prosecution.level.${s.authorityLevel}` as MessageKey)})
              {s.documentNumber ? `, ${s.documentNumber}` : ''}
              {s.decision ? <p className="hint">{s.decision}</p> : null}
              {s.reason ? (
                <p className="hint">
                  {t('prosecution.reason')}: {s.reason}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {file.can.recordProceedings || file.can.recordCourtSide ? (
        allowed.length === 0 ? (
          <p>{t('prosecution.noNextStep')}</p>
        ) : (
          <form onSubmit={submit} className="no-print">
            <h4>{t('prosecution.nextStep')}</h4>
            <SelectField
              label={t('prosecution.kind')}
              value={kind}
              onValue={(v) => setDraft({ ...draft, kind: v })}
              options={allowed.map((k) => ({ value: k, label: PROCEEDING_LABELS[k][lang] }))}
              required
            />
            <TextField
              type="date"
              label={t('prosecution.date')}
              value={draft.date}
              max={today()}
              onValue={(v) => setDraft({ ...draft, date: v })}
              required
            />
            <TextField
              label={t('prosecution.authority')}
              value={draft.authority}
              onValue={(v) => setDraft({ ...draft, authority: v })}
              required
            />
            <SelectField
              label={t('prosecution.authorityKind')}
              value={draft.authorityKind}
              onValue={(v) => setDraft({ ...draft, authorityKind: v })}
              options={AUTHORITY_KINDS.map((k) => ({
                value: k,
                label: t(`prosecution.authorityKind.${k}` as MessageKey),
              }))}
            />
            <SelectField
              label={t('prosecution.authorityLevel')}
              value={draft.authorityLevel}
              onValue={(v) => setDraft({ ...draft, authorityLevel: v })}
              options={AUTHORITY_LEVELS.map((k) => ({ value: k, label: t(`prosecution.level.${k}` as MessageKey) }))}
            />
            <TextField
              label={t('prosecution.documentNumber')}
              value={draft.documentNumber}
              onValue={(v) => setDraft({ ...draft, documentNumber: v })}
            />
            <TextField
              label={t('prosecution.decision')}
              value={draft.decision}
              onValue={(v) => setDraft({ ...draft, decision: v })}
            />
            {kind === 'suspended' || kind === 'dismissed' ? (
              <TextField
                label={t('prosecution.reason')}
                value={draft.reason}
                onValue={(v) => setDraft({ ...draft, reason: v })}
                required
              />
            ) : null}
            {refused ? <Notice kind="warning">{refused}</Notice> : <ErrorMessage error={save.error} />}
            {notice ? <Notice kind="success">{notice}</Notice> : null}
            <button type="submit" disabled={save.busy || !draft.authority.trim()}>
              {t('prosecution.recordStep')}
            </button>
          </form>
        )
      ) : null}
    </>
  );
}

function Charges({ file, path, onSaved }: PartProps) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState({ suspectId: '', article: '150', otherArticle: '', clause: '' });
  const save = useAction();
  const name = (id: string) => file.accused.find((a) => a.suspectId === id)?.name ?? t('prosecution.unnamed');
  const articleLabel = (a: (typeof file.charges)[number]) =>
    a.article === 'other' ? (a.otherArticle ?? '') : PENAL_CODE_ARTICLE_LABELS[a.article][lang];
  const suspectId = draft.suspectId || file.accused[0]?.suspectId || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      onSaved(
        await post(`${path}/charges`, {
          suspectId,
          article: draft.article,
          otherArticle: draft.article === 'other' ? draft.otherArticle.trim() : null,
          clause: draft.clause.trim() || null,
        }),
      );
      setDraft({ suspectId: '', article: '150', otherArticle: '', clause: '' });
    });
  };
  return (
    <>
      <h3>{t('prosecution.charges')}</h3>
      {file.charges.length === 0 ? (
        <p>{t('prosecution.noCharges')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('prosecution.accusedPerson')}</th>
              <th scope="col">{t('prosecution.article')}</th>
              <th scope="col">{t('prosecution.clause')}</th>
              <th scope="col">{t('prosecution.chargeOutcome')}</th>
            </tr>
          </thead>
          <tbody>
            {file.charges.map((ch) => (
              <tr key={ch.id}>
                <td>{name(ch.suspectId)}</td>
                <td>{articleLabel(ch)}</td>
                <td>{ch.clause ?? '—'}</td>
                <td>{t(`prosecution.chargeOutcome.${ch.outcome}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {file.can.recordProceedings ? (
        file.accused.length === 0 ? (
          <p>{t('prosecution.noAccused')}</p>
        ) : (
          <form onSubmit={submit} className="no-print">
            <h4>{t('prosecution.addCharge')}</h4>
            <SelectField
              label={t('prosecution.accusedPerson')}
              value={suspectId}
              onValue={(v) => setDraft({ ...draft, suspectId: v })}
              options={file.accused.map((a) => ({ value: a.suspectId, label: a.name ?? t('prosecution.unnamed') }))}
            />
            <SelectField
              label={t('prosecution.article')}
              value={draft.article}
              onValue={(v) => setDraft({ ...draft, article: v })}
              options={PENAL_CODE_ARTICLES.map((a) => ({ value: a, label: PENAL_CODE_ARTICLE_LABELS[a][lang] }))}
            />
            {draft.article === 'other' ? (
              <TextField
                label={t('prosecution.otherArticle')}
                value={draft.otherArticle}
                onValue={(v) => setDraft({ ...draft, otherArticle: v })}
                required
              />
            ) : null}
            <TextField
              label={t('prosecution.clause')}
              value={draft.clause}
              onValue={(v) => setDraft({ ...draft, clause: v })}
            />
            <ErrorMessage error={save.error} />
            <button type="submit" disabled={save.busy}>
              {t('prosecution.addCharge')}
            </button>
          </form>
        )
      ) : null}
    </>
  );
}

function Accused({ file, path, onSaved }: PartProps) {
  const { t, date, number } = useI18n();
  const refusal = useRefusalText();
  const blank = {
    suspectId: '',
    instance: 'first_instance',
    outcome: 'convicted',
    date: today(),
    court: '',
    sentenceKind: 'imprisonment',
    prisonYears: '',
    prisonMonths: '',
    fineVnd: '',
  };
  const [draft, setDraft] = useState(blank);
  const save = useAction();
  const suspectId = draft.suspectId || file.accused[0]?.suspectId || '';
  const int = (s: string) => (s.trim() === '' ? null : Number(s));
  const withTerm = draft.sentenceKind === 'imprisonment' || draft.sentenceKind === 'suspended_sentence';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      onSaved(
        await post(`${path}/verdicts`, {
          suspectId,
          instance: draft.instance,
          outcome: draft.outcome,
          date: draft.date,
          court: draft.court.trim(),
          sentenceKind: draft.outcome === 'acquitted' ? 'none' : draft.sentenceKind,
          prisonYears: withTerm ? int(draft.prisonYears) : null,
          prisonMonths: withTerm ? int(draft.prisonMonths) : null,
          fineVnd: int(draft.fineVnd),
        }),
      );
      setDraft(blank);
    });
  };
  return (
    <>
      <h3>{t('prosecution.accused')}</h3>
      {file.accused.length === 0 ? <p>{t('prosecution.noAccused')}</p> : null}
      <ul>
        {file.accused.map((a) => (
          <li key={a.suspectId}>
            <strong>{a.name ?? t('prosecution.unnamed')}</strong>
            {a.verdicts.length === 0 ? (
              <p className="hint">{t('prosecution.noVerdict')}</p>
            ) : (
              <ul>
                {a.verdicts.map((v) => (
                  <li key={v.id}>
                    {t(`prosecution.instance.${v.instance}` as MessageKey)} {date(v.date)}, {v.court}:{' '}
                    {t(`prosecution.verdictOutcome.${v.outcome}` as MessageKey)} —{' '}
                    {t(`prosecution.sentence.${v.sentenceKind}` as MessageKey)}
                    {v.prisonYears !== null || v.prisonMonths !== null
                      ? ` ${t('prosecution.term', { years: v.prisonYears ?? 0, months: v.prisonMonths ?? 0 })}`
                      : ''}
                    {v.fineVnd !== null ? `, ${number(v.fineVnd)} ₫` : ''}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {file.can.recordCourtSide && file.accused.length > 0 ? (
        <form onSubmit={submit} className="no-print">
          <h4>{t('prosecution.verdict')}</h4>
          <SelectField
            label={t('prosecution.accusedPerson')}
            value={suspectId}
            onValue={(v) => setDraft({ ...draft, suspectId: v })}
            options={file.accused.map((a) => ({ value: a.suspectId, label: a.name ?? t('prosecution.unnamed') }))}
          />
          <SelectField
            label={t('prosecution.instance')}
            value={draft.instance}
            onValue={(v) => setDraft({ ...draft, instance: v })}
            options={VERDICT_INSTANCES.map((k) => ({ value: k, label: t(`prosecution.instance.${k}` as MessageKey) }))}
          />
          <SelectField
            label={t('prosecution.outcome')}
            value={draft.outcome}
            onValue={(v) => setDraft({ ...draft, outcome: v })}
            options={VERDICT_OUTCOMES.map((k) => ({
              value: k,
              label: t(`prosecution.verdictOutcome.${k}` as MessageKey),
            }))}
          />
          <TextField
            type="date"
            label={t('prosecution.date')}
            value={draft.date}
            max={today()}
            onValue={(v) => setDraft({ ...draft, date: v })}
            required
          />
          <TextField
            label={t('prosecution.court')}
            value={draft.court}
            onValue={(v) => setDraft({ ...draft, court: v })}
            required
          />
          {draft.outcome === 'convicted' ? (
            <>
              <SelectField
                label={t('prosecution.sentence')}
                value={draft.sentenceKind}
                onValue={(v) => setDraft({ ...draft, sentenceKind: v })}
                options={SENTENCE_KINDS.filter((k) => k !== 'none').map((k) => ({
                  value: k,
                  label: t(`prosecution.sentence.${k}` as MessageKey),
                }))}
              />
              {withTerm ? (
                <>
                  <TextField
                    type="number"
                    min={0}
                    max={30}
                    label={t('prosecution.years')}
                    value={draft.prisonYears}
                    onValue={(v) => setDraft({ ...draft, prisonYears: v })}
                  />
                  <TextField
                    type="number"
                    min={0}
                    max={11}
                    label={t('prosecution.months')}
                    value={draft.prisonMonths}
                    onValue={(v) => setDraft({ ...draft, prisonMonths: v })}
                  />
                </>
              ) : null}
              <TextField
                type="number"
                min={0}
                label={t('prosecution.fine')}
                value={draft.fineVnd}
                onValue={(v) => setDraft({ ...draft, fineVnd: v })}
              />
            </>
          ) : null}
          {refusal(save.error) ? (
            <Notice kind="warning">{refusal(save.error)}</Notice>
          ) : (
            <ErrorMessage error={save.error} />
          )}
          <button type="submit" disabled={save.busy || !draft.court.trim()}>
            {t('prosecution.verdict')}
          </button>
        </form>
      ) : null}
    </>
  );
}

function VictimSide({ file, etag, path, onSaved, reload }: PartProps & { etag: string; reload(): void }) {
  const { t, number } = useI18n();
  const v = file.victim;
  const initial = () => ({
    witnessParticipation: v.witnessParticipation === null ? '' : v.witnessParticipation ? 'yes' : 'no',
    witnessStatus: v.witnessStatus as string,
    protectionRequested: [...v.protectionRequested] as string[],
    protectionGranted: [...v.protectionGranted] as string[],
    compensationClaimedVnd: v.compensationClaimedVnd === null ? '' : String(v.compensationClaimedVnd),
    compensationAwardedVnd: v.compensationAwardedVnd === null ? '' : String(v.compensationAwardedVnd),
    notes: v.notes ?? '',
  });
  const [draft, setDraft] = useState(initial);
  const [shownVersion, setShownVersion] = useState(file.version);
  const [notice, setNotice] = useState<string | null>(null);
  const [amountError, setAmountError] = useState(false);
  const save = useAction();
  if (shownVersion !== file.version) {
    // the file changed (a save here or elsewhere): show what is stored now
    setShownVersion(file.version);
    setDraft(initial());
  }
  const amount = (s: string) => (s.trim() === '' ? null : Number(s));
  const measures = PROTECTION_MEASURES.map((m) => ({
    value: m,
    label: t(`prosecution.protection.${m}` as MessageKey),
  }));
  if (!file.can.recordCourtSide)
    return (
      <>
        <h3>{t('prosecution.victim')}</h3>
        <p>
          {t('prosecution.witness')}:{' '}
          {v.witnessParticipation === null
            ? t('prosecution.unknown')
            : t(v.witnessParticipation ? 'prosecution.yes' : 'prosecution.no')}{' '}
          ({t(`prosecution.witnessStatus.${v.witnessStatus}` as MessageKey)})
        </p>
        <p>
          {t('prosecution.protectionGranted')}:{' '}
          {v.protectionGranted.map((m) => t(`prosecution.protection.${m}` as MessageKey)).join(', ') || '—'}
        </p>
        <p>
          {t('prosecution.compensationAwarded')}:{' '}
          {v.compensationAwardedVnd === null ? '—' : number(v.compensationAwardedVnd)}
        </p>
      </>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const claimed = amount(draft.compensationClaimedVnd);
    const awarded = amount(draft.compensationAwardedVnd);
    const bad = (n: number | null) => n !== null && (!Number.isInteger(n) || n < 0);
    setAmountError(bad(claimed) || bad(awarded));
    if (bad(claimed) || bad(awarded)) return;
    void save.run(
      async () => {
        const r = await api.put<ProsecutionFile>(
          `${path}/victim`,
          {
            witnessParticipation: draft.witnessParticipation === '' ? null : draft.witnessParticipation === 'yes',
            witnessStatus: draft.witnessStatus,
            protectionRequested: draft.protectionRequested,
            protectionGranted: draft.protectionGranted.filter((m) => draft.protectionRequested.includes(m)),
            compensationClaimedVnd: claimed,
            compensationAwardedVnd: awarded,
            notes: draft.notes.trim() || null,
          },
          etag,
        );
        onSaved({ data: r.data, etag: r.etag });
        setNotice(t('prosecution.victimSaved'));
      },
      (error) => {
        if (error instanceof ApiError && error.status === 412) {
          setNotice(t('prosecution.changed'));
          reload();
          return true;
        }
        return false;
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <h3>{t('prosecution.victim')}</h3>
      <SelectField
        label={t('prosecution.witness')}
        value={draft.witnessParticipation}
        onValue={(x) => setDraft({ ...draft, witnessParticipation: x })}
        options={[
          { value: '', label: t('prosecution.unknown') },
          { value: 'yes', label: t('prosecution.yes') },
          { value: 'no', label: t('prosecution.no') },
        ]}
      />
      <SelectField
        label={t('prosecution.witnessStatus')}
        value={draft.witnessStatus}
        onValue={(x) => setDraft({ ...draft, witnessStatus: x })}
        options={WITNESS_STATUSES.map((s) => ({ value: s, label: t(`prosecution.witnessStatus.${s}` as MessageKey) }))}
      />
      <CheckboxGroup
        legend={t('prosecution.protectionRequested')}
        options={measures}
        values={draft.protectionRequested}
        onValues={(x) => setDraft({ ...draft, protectionRequested: x })}
        columns
      />
      <CheckboxGroup
        legend={t('prosecution.protectionGranted')}
        options={measures.filter((m) => draft.protectionRequested.includes(m.value))}
        values={draft.protectionGranted}
        onValues={(x) => setDraft({ ...draft, protectionGranted: x })}
        columns
      />
      <TextField
        type="number"
        min={0}
        label={t('prosecution.compensationClaimed')}
        value={draft.compensationClaimedVnd}
        error={amountError ? t('prosecution.errAmount') : null}
        onValue={(x) => setDraft({ ...draft, compensationClaimedVnd: x })}
      />
      <TextField
        type="number"
        min={0}
        label={t('prosecution.compensationAwarded')}
        value={draft.compensationAwardedVnd}
        error={amountError ? t('prosecution.errAmount') : null}
        onValue={(x) => setDraft({ ...draft, compensationAwardedVnd: x })}
      />
      <TextField
        label={t('prosecution.victimNotes')}
        value={draft.notes}
        onValue={(x) => setDraft({ ...draft, notes: x })}
      />
      <ErrorMessage error={save.error} />
      {notice ? <Notice kind={notice === t('prosecution.changed') ? 'warning' : 'success'}>{notice}</Notice> : null}
      <button type="submit" disabled={save.busy}>
        {t('prosecution.saveVictim')}
      </button>
    </form>
  );
}

function CourtDates({ file, path, onSaved }: PartProps) {
  const { t, date, code } = useI18n();
  const [draft, setDraft] = useState({ date: '', hearing: 'first_instance', court: '' });
  const save = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      onSaved(await post(`${path}/court-dates`, { ...draft, court: draft.court.trim() }));
      setDraft({ date: '', hearing: 'first_instance', court: '' });
    });
  };
  return (
    <>
      <h3>{t('prosecution.courtDates')}</h3>
      {file.courtDates.length === 0 ? (
        <p>{t('prosecution.noCourtDates')}</p>
      ) : (
        <ul>
          {file.courtDates.map((d) => (
            <li key={d.id}>
              <strong>{date(d.date)}</strong> — {t(`prosecution.hearing.${d.hearing}` as MessageKey)}, {d.court}
              {d.services.length > 0 ? (
                <p className="hint">
                  {t('prosecution.supportTasks')}:{' '}
                  {d.services.map((s) => `${code('service', s.type)} (${code('serviceStatus', s.status)})`).join(', ')}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {file.can.recordCourtSide ? (
        <form onSubmit={submit} className="no-print">
          <h4>{t('prosecution.addCourtDate')}</h4>
          <p className="hint">{t('prosecution.courtDateHint')}</p>
          <TextField
            type="date"
            label={t('prosecution.date')}
            value={draft.date}
            onValue={(v) => setDraft({ ...draft, date: v })}
            required
          />
          <SelectField
            label={t('prosecution.hearing')}
            value={draft.hearing}
            onValue={(v) => setDraft({ ...draft, hearing: v })}
            options={HEARING_KINDS.map((k) => ({ value: k, label: t(`prosecution.hearing.${k}` as MessageKey) }))}
          />
          <TextField
            label={t('prosecution.court')}
            value={draft.court}
            onValue={(v) => setDraft({ ...draft, court: v })}
            required
          />
          <ErrorMessage error={save.error} />
          <button type="submit" disabled={save.busy || !draft.date || !draft.court.trim()}>
            {t('prosecution.addCourtDate')}
          </button>
        </form>
      ) : null}
    </>
  );
}
