// Register a person and open a case: three guided steps that work for people with
// no documents, an estimated age and no known citizenship, and a look for cases
// with a similar name before saving.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ageInYears, isMinor, SPOKEN_LANGUAGES, today } from '../contract';
import { useI18n, type MessageKey } from '../i18n';
import { useReference } from '../reference';
import { useRouter } from '../router';
import {
  CheckboxGroup,
  ErrorMessage,
  Notice,
  RadioGroup,
  ScreenTitle,
  SelectField,
  TextArea,
  TextField,
  useAction,
} from '../components/ui';
import type { CaseListItem, CaseView, Page, PersonView, RegistrationCheck } from '../types';

interface Doc {
  type: string;
  number: string;
  issuingCountry: string;
}

interface Draft {
  familyName: string;
  middleName: string;
  givenName: string;
  aliases: string;
  sex: string;
  age: 'dob' | 'estimated' | 'unknown';
  dateOfBirth: string;
  estimatedAgeYears: string;
  citizenship: string;
  languages: string[];
  documents: Doc[];
  phone: string;
  address: string;
  reachedVia: string;
  exploitationTypes: string[];
  channels: string[];
  originProvince: string;
  destinationCountry: string;
  narrative: string;
}

const EMPTY: Draft = {
  familyName: '',
  middleName: '',
  givenName: '',
  aliases: '',
  sex: '',
  age: 'estimated',
  dateOfBirth: '',
  estimatedAgeYears: '',
  citizenship: 'unknown',
  languages: [],
  documents: [],
  phone: '',
  address: '',
  reachedVia: '',
  exploitationTypes: [],
  channels: [],
  originProvince: '',
  destinationCountry: '',
  narrative: '',
};

type Errors = Partial<Record<keyof Draft, MessageKey>>;

function personErrors(d: Draft): Errors {
  const e: Errors = {};
  if (!d.familyName.trim() && !d.givenName.trim() && !d.aliases.trim()) e.givenName = 'register.errName';
  if (!d.sex) e.sex = 'register.errSex';
  if (d.age === 'dob' && !d.dateOfBirth) e.dateOfBirth = 'register.errDob';
  if (d.age === 'dob' && d.dateOfBirth > today()) e.dateOfBirth = 'register.errFuture';
  if (d.age === 'estimated') {
    const n = Number(d.estimatedAgeYears);
    if (d.estimatedAgeYears === '' || !Number.isInteger(n) || n < 0 || n > 120) e.estimatedAgeYears = 'register.errAge';
  }
  d.documents.forEach((doc) => {
    if (!doc.number.trim()) e.documents = 'register.errDocument';
  });
  return e;
}

function caseErrors(d: Draft): Errors {
  return d.reachedVia ? {} : { reachedVia: 'register.errReachedVia' };
}

/** The age the server will derive from what was typed (null when unknown). */
const ageOf = (d: Draft) =>
  ageInYears({
    dateOfBirth: d.age === 'dob' && d.dateOfBirth ? d.dateOfBirth : null,
    estimatedAgeYears: d.age === 'estimated' && d.estimatedAgeYears !== '' ? Number(d.estimatedAgeYears) : null,
    ageEstimatedOn: null,
  });

const aliasesOf = (d: Draft) =>
  d.aliases
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
const fullName = (d: Draft) =>
  [d.familyName, d.middleName, d.givenName]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ') ||
  aliasesOf(d)[0] ||
  '';

export function Register() {
  const { t, code, date } = useI18n();
  const ref = useReference();
  const { navigate } = useRouter();
  const [step, setStep] = useState<1 | 2 | 3>(1);
  const [d, setD] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const { busy, error, run } = useAction();
  const [personId, setPersonId] = useState<string | null>(null);
  const [similar, setSimilar] = useState<CaseListItem[] | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const possibleMatches = useRegistrationCheck(d);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((prev) => ({ ...prev, [k]: v }));
    // A corrected field stops showing its error (names share one).
    const cleared: (keyof Draft)[] =
      k === 'familyName' || k === 'aliases'
        ? [k, 'givenName']
        : k === 'age'
          ? [k, 'dateOfBirth', 'estimatedAgeYears']
          : [k];
    setErrors((prev) => {
      if (!cleared.some((c) => c in prev)) return prev;
      const next = { ...prev };
      for (const c of cleared) delete next[c];
      return next;
    });
  };
  const err = (k: keyof Draft) => (errors[k] ? t(errors[k]!) : null);

  useEffect(() => {
    if (step > 1) stepHeading.current?.focus();
  }, [step]);

  useEffect(() => {
    if (step !== 3) return;
    const name = fullName(d);
    if (!name) return;
    let live = true;
    api.get<Page<CaseListItem>>('/cases', { q: name, limit: 5 }).then(
      (p) => {
        if (live) setSimilar(p.items);
      },
      () => {
        if (live) setSimilar([]);
      },
    );
    return () => {
      live = false;
    };
  }, [step]);

  const next = (e: FormEvent) => {
    e.preventDefault();
    const found = step === 1 ? personErrors(d) : step === 2 ? caseErrors(d) : {};
    setErrors(found);
    if (Object.keys(found).length) return;
    setStep((s) => (s === 1 ? 2 : 3));
  };

  const save = () =>
    run(async () => {
      let id = personId;
      if (!id) {
        const contact = {
          ...(d.phone.trim() ? { phone: d.phone.trim() } : {}),
          ...(d.address.trim() ? { address: d.address.trim() } : {}),
        };
        const person = await api.post<PersonView>('/persons', {
          familyName: d.familyName.trim() || null,
          middleName: d.middleName.trim() || null,
          givenName: d.givenName.trim() || null,
          aliases: aliasesOf(d),
          sex: d.sex,
          dateOfBirth: d.age === 'dob' ? d.dateOfBirth : null,
          estimatedAgeYears: d.age === 'estimated' ? Number(d.estimatedAgeYears) : null,
          ...(d.age === 'estimated' ? { ageEstimatedOn: today() } : {}),
          citizenship: d.citizenship,
          languages: d.languages,
          identityDocuments: d.documents.map((doc) => ({
            type: doc.type,
            number: doc.number.trim(),
            issuingCountry: doc.issuingCountry || null,
          })),
          contact: Object.keys(contact).length ? contact : null,
        });
        id = person.id;
        setPersonId(id);
      }
      const created = await api.post<CaseView>('/cases', {
        personId: id,
        reachedVia: d.reachedVia,
        exploitationTypes: d.exploitationTypes,
        recruitment: { channels: d.channels },
        route: { originProvince: d.originProvince || null, destinationCountry: d.destinationCountry || null },
        narrative: d.narrative.trim() || null,
      });
      navigate(`/cases/${created.id}`);
    });

  const steps: MessageKey[] = ['register.step1', 'register.step2', 'register.step3'];
  const countryOptions = ref.countries.map((c) => ({ value: c.code, label: c.name }));
  const vn = ref.countries.find((c) => c.code === 'VN');

  return (
    <>
      <ScreenTitle sub={t('register.intro')}>{t('register.title')}</ScreenTitle>
      <ol className="steps" aria-label={t('register.progress')}>
        {steps.map((s, i) => (
          <li key={s} aria-current={step === i + 1 ? 'step' : undefined} className={step > i + 1 ? 'done' : undefined}>
            {t(s)}
          </li>
        ))}
      </ol>
      <form onSubmit={next} noValidate className="guided">
        <h2 ref={stepHeading} tabIndex={-1}>
          {t(steps[step - 1]!)}
        </h2>
        {Object.keys(errors).length ? (
          <div className="message message-error" role="alert">
            <p>{t('register.fixErrors')}</p>
          </div>
        ) : null}
        {step === 1 ? (
          <>
            <fieldset>
              <legend>{t('register.names')}</legend>
              <p className="hint">{t('register.namesHint')}</p>
              <div className="row">
                <TextField
                  label={t('person.familyName')}
                  value={d.familyName}
                  onValue={(v) => set('familyName', v)}
                  autoComplete="off"
                />
                <TextField
                  label={t('person.middleName')}
                  value={d.middleName}
                  onValue={(v) => set('middleName', v)}
                  autoComplete="off"
                />
                <TextField
                  label={t('person.givenName')}
                  value={d.givenName}
                  onValue={(v) => set('givenName', v)}
                  autoComplete="off"
                  error={err('givenName')}
                />
              </div>
              <TextArea
                label={t('person.aliases')}
                hint={t('register.aliasesHint')}
                value={d.aliases}
                onValue={(v) => set('aliases', v)}
                rows={2}
              />
            </fieldset>
            <MayBeRegistered matches={possibleMatches} />
            <RadioGroup
              legend={t('person.sex')}
              name="sex"
              value={d.sex}
              onValue={(v) => set('sex', v)}
              options={ref.list('sexes').map((s) => ({ value: s.code, label: s.label }))}
            />
            {err('sex') ? <p className="field-error">{err('sex')}</p> : null}
            <RadioGroup
              legend={t('register.age')}
              name="age"
              value={d.age}
              onValue={(v) => set('age', v as Draft['age'])}
              options={[
                { value: 'estimated', label: t('register.ageEstimated') },
                { value: 'dob', label: t('register.ageDob') },
                { value: 'unknown', label: t('register.ageUnknown') },
              ]}
            />
            {d.age === 'dob' ? (
              <TextField
                label={t('person.dateOfBirth')}
                type="date"
                max={today()}
                value={d.dateOfBirth}
                onValue={(v) => set('dateOfBirth', v)}
                error={err('dateOfBirth')}
                required
              />
            ) : null}
            {d.age === 'estimated' ? (
              <TextField
                label={t('person.estimatedAge')}
                type="number"
                min={0}
                max={120}
                inputMode="numeric"
                value={d.estimatedAgeYears}
                onValue={(v) => set('estimatedAgeYears', v)}
                error={err('estimatedAgeYears')}
                hint={t('register.estimatedHint')}
                required
              />
            ) : null}
            <SelectField
              label={t('person.citizenship')}
              hint={t('register.citizenshipHint')}
              value={d.citizenship}
              onValue={(v) => set('citizenship', v)}
              options={[
                { value: 'unknown', label: t('citizenship.unknown') },
                { value: 'stateless', label: t('citizenship.stateless') },
                ...(vn ? [{ value: vn.code, label: vn.name }] : []),
                ...countryOptions.filter((c) => c.value !== 'VN'),
              ]}
            />
            <CheckboxGroup
              legend={t('person.languages')}
              columns
              values={d.languages}
              onValues={(v) => set('languages', v)}
              options={SPOKEN_LANGUAGES.map((l) => ({ value: l, label: code('spoken', l) }))}
            />
            <fieldset>
              <legend>{t('person.documents')}</legend>
              {d.documents.length === 0 ? <p className="hint">{t('register.noDocuments')}</p> : null}
              {d.documents.map((doc, i) => (
                <div className="row doc" key={i}>
                  <SelectField
                    label={t('person.documentType')}
                    value={doc.type}
                    onValue={(v) =>
                      set(
                        'documents',
                        d.documents.map((x, j) => (j === i ? { ...x, type: v } : x)),
                      )
                    }
                    options={ref.list('identityDocumentTypes').map((o) => ({ value: o.code, label: o.label }))}
                  />
                  <TextField
                    label={t('person.documentNumber')}
                    value={doc.number}
                    onValue={(v) =>
                      set(
                        'documents',
                        d.documents.map((x, j) => (j === i ? { ...x, number: v } : x)),
                      )
                    }
                    error={!doc.number.trim() && errors.documents ? t('register.errDocument') : null}
                    autoComplete="off"
                  />
                  <SelectField
                    label={t('person.issuingCountry')}
                    value={doc.issuingCountry}
                    empty={t('common.unknown')}
                    onValue={(v) =>
                      set(
                        'documents',
                        d.documents.map((x, j) => (j === i ? { ...x, issuingCountry: v } : x)),
                      )
                    }
                    options={countryOptions}
                  />
                  <button
                    type="button"
                    onClick={() =>
                      set(
                        'documents',
                        d.documents.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('register.removeDocument')}
                  </button>
                </div>
              ))}
              <button
                type="button"
                onClick={() =>
                  set('documents', [...d.documents, { type: 'citizen_id_card', number: '', issuingCountry: '' }])
                }
              >
                {t('register.addDocument')}
              </button>
            </fieldset>
            <fieldset>
              <legend>{t('person.contact')}</legend>
              <div className="row">
                <TextField
                  label={t('person.phone')}
                  type="tel"
                  value={d.phone}
                  onValue={(v) => set('phone', v)}
                  autoComplete="off"
                />
                <TextField
                  label={t('person.address')}
                  value={d.address}
                  onValue={(v) => set('address', v)}
                  autoComplete="off"
                />
              </div>
            </fieldset>
          </>
        ) : null}
        {step === 2 ? (
          <>
            <SelectField
              label={t('case.reachedVia')}
              value={d.reachedVia}
              onValue={(v) => set('reachedVia', v)}
              empty={t('common.choose')}
              required
              error={err('reachedVia')}
              options={ref.list('caseSources').map((o) => ({ value: o.code, label: o.label }))}
            />
            <CheckboxGroup
              legend={t('case.exploitationTypes')}
              hint={t('register.exploitationHint')}
              columns
              values={d.exploitationTypes}
              onValues={(v) => set('exploitationTypes', v)}
              options={ref.list('exploitationTypes').map((o) => ({ value: o.code, label: o.label }))}
            />
            <CheckboxGroup
              legend={t('case.recruitmentChannels')}
              columns
              values={d.channels}
              onValues={(v) => set('channels', v)}
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
            <TextArea
              label={t('case.narrative')}
              hint={t('register.narrativeHint')}
              value={d.narrative}
              onValue={(v) => set('narrative', v)}
              rows={5}
            />
          </>
        ) : null}
        {step === 3 ? (
          <>
            <dl className="summary">
              <dt>{t('cases.person')}</dt>
              <dd>
                {fullName(d) || '—'}
                {aliasesOf(d).length ? ` (${aliasesOf(d).join(', ')})` : ''}
              </dd>
              <dt>{t('person.sex')}</dt>
              <dd>{ref.label('sexes', d.sex)}</dd>
              <dt>{t('register.age')}</dt>
              <dd>
                {d.age === 'dob'
                  ? t('register.bornOn', { date: date(d.dateOfBirth), n: String(ageOf(d)) })
                  : d.age === 'estimated'
                    ? t('register.estimatedYears', { n: d.estimatedAgeYears })
                    : t('register.ageUnknown')}
                {/* The age and minority the server will derive (the same rule): a minor, or possibly one. */}
                {isMinor(ageOf(d)) !== false
                  ? ` · ${t(ageOf(d) === null ? 'register.maybeMinor' : 'person.minorBadge')}`
                  : ''}
              </dd>
              <dt>{t('person.citizenship')}</dt>
              <dd>{ref.country(d.citizenship)}</dd>
              <dt>{t('person.documents')}</dt>
              <dd>
                {d.documents.length
                  ? d.documents.map((x) => ref.label('identityDocumentTypes', x.type)).join(', ')
                  : t('register.none')}
              </dd>
              <dt>{t('case.reachedVia')}</dt>
              <dd>{ref.label('caseSources', d.reachedVia)}</dd>
              <dt>{t('case.exploitationTypes')}</dt>
              <dd>{d.exploitationTypes.map((x) => ref.label('exploitationTypes', x)).join(', ') || '—'}</dd>
              <dt>{t('case.destinationCountry')}</dt>
              <dd>{d.destinationCountry ? ref.country(d.destinationCountry) : '—'}</dd>
            </dl>
            <MayBeRegistered matches={possibleMatches} />
            {similar && similar.length > 0 ? (
              <Notice kind="warning">
                <p>{t('register.similar')}</p>
                <ul>
                  {similar.map((c) => (
                    <li key={c.id}>
                      <a href={`/cases/${c.id}`} target="_blank" rel="noreferrer">
                        {c.reference}
                      </a>{' '}
                      — {c.personName} ({ref.label('caseStatuses', c.status)})
                    </li>
                  ))}
                </ul>
                <p className="hint">{t('register.similarHint')}</p>
              </Notice>
            ) : null}
            <ErrorMessage error={error} />
          </>
        ) : null}
        <div className="actions">
          {step > 1 ? (
            <button
              type="button"
              onClick={() => {
                setErrors({});
                setStep((s) => (s === 3 ? 2 : 1));
              }}
              disabled={busy}
            >
              {t('common.back')}
            </button>
          ) : null}
          {step < 3 ? (
            <button type="submit" className="primary">
              {t('common.next')}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void save()} disabled={busy}>
              {t('register.save')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}

const CHECK_DELAY_MS = 500;

/**
 * As the officer types the name, sex and date of birth, asks record linkage whether the person
 * may already be registered (POST /linkage/check, debounced). Never blocks registering: a
 * failed or slow check simply shows nothing.
 */
function useRegistrationCheck(d: Draft): RegistrationCheck['matches'] {
  const [matches, setMatches] = useState<RegistrationCheck['matches']>([]);
  const body = {
    familyName: d.familyName.trim() || null,
    middleName: d.middleName.trim() || null,
    givenName: d.givenName.trim() || null,
    ...(d.sex ? { sex: d.sex } : {}),
    ...(d.age === 'dob' && /^\d{4}-\d{2}-\d{2}$/.test(d.dateOfBirth) ? { dateOfBirth: d.dateOfBirth } : {}),
    ...(d.age === 'estimated' && /^\d{1,3}$/.test(d.estimatedAgeYears)
      ? { estimatedAgeYears: Number(d.estimatedAgeYears), ageEstimatedOn: today() }
      : {}),
    ...(d.phone.trim() ? { contact: { phone: d.phone.trim() } } : {}),
    ...(d.documents.some((x) => x.number.trim())
      ? {
          identityDocuments: d.documents
            .filter((x) => x.number.trim())
            .map((x) => ({ type: x.type, number: x.number.trim(), issuingCountry: x.issuingCountry || null })),
        }
      : {}),
  };
  const key = JSON.stringify(body);
  const named = !!(body.familyName || body.givenName);
  useEffect(() => {
    if (!named) {
      setMatches([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      api.post<RegistrationCheck>('/linkage/check', body).then(
        (r) => {
          if (live) setMatches(r.matches);
        },
        () => {
          if (live) setMatches([]);
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [key]);
  return matches;
}

function MayBeRegistered({ matches }: { matches: RegistrationCheck['matches'] }) {
  const { t, number } = useI18n();
  if (matches.length === 0) return null;
  const own = matches.filter((m) => m.knownTo === 'own_agency' && m.personId);
  const elsewhere = matches.some((m) => m.knownTo === 'other_agency' || !m.personId);
  return (
    <div className="message message-warning" role="status" aria-live="polite">
      <p>
        <strong>{t('register.mayExist')}</strong>
      </p>
      {own.length ? (
        <ul>
          {own.map((m) => (
            <li key={m.personId}>
              {/* A new tab: the form being filled in stays as it is. */}
              <a href={`/persons/${m.personId}`} target="_blank" rel="noreferrer">
                {m.displayName ?? t('register.samePerson')}
              </a>{' '}
              ({t('register.matchProbability', { p: number(Math.round(m.probability * 100)) })})
            </li>
          ))}
        </ul>
      ) : null}
      {elsewhere ? <p>{t('register.knownElsewhere')}</p> : null}
      <p className="hint">{t('register.mayExistHint')}</p>
    </div>
  );
}
