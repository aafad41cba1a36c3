// Screening of a case with the ILO (2009) indicators: questions grouped by dimension,
// the outcome and its explanation updating live (POST /screening/classify, nothing
// stored), the questions that could still change the outcome highlighted (askNext),
// the returnee health triage, drafts and finalising (POST /cases/:id/screenings).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
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
import { ANSWERS, derivePopulation, SET_IDS, type Answer, type SetId } from '../contract';
import type { CaseView, Classification, HealthTriage, IndicatorSet, Screening } from '../types';
import type { CaseProps } from '../case-data';
import './screening.css';

type Answers = Record<string, Answer>;

/**
 * The set the server chooses when none is given (the contract's derivePopulation): a
 * child's set when the person is or may be a minor (an unknown age is presumed a
 * child's), the sexual set only when sexual exploitation and forced marriage outnumber
 * the labour types. Shown as the default, so that the screener sees the same choice.
 */
export function deriveSet(view: CaseView): SetId {
  return derivePopulation(
    view.person?.ageYears ?? null,
    view.person ? view.person.isMinor : null,
    view.exploitationTypes ?? [],
  );
}

/** Now, as the value of an <input type="datetime-local"> in local time. */
function localNow(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const answered = (answers: Answers) => Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== 'unknown'));

/** Three radio buttons for one question; its legend is the question itself. */
function AnswerGroup({
  id,
  name,
  legend,
  value,
  onValue,
  highlighted,
}: {
  id: string;
  name: string;
  legend: ReactNode;
  value: Answer;
  onValue(v: Answer): void;
  highlighted?: boolean;
}) {
  const { code } = useI18n();
  return (
    <fieldset className={`answer${highlighted ? ' answer-ask' : ''}`} data-question={id}>
      <legend>{legend}</legend>
      <div className="answer-options">
        {ANSWERS.map((a) => (
          <label key={a} className="check">
            <input type="radio" name={name} value={a} checked={value === a} onChange={() => onValue(a)} />{' '}
            {code('screening.answer', a)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ScreeningSection({ loaded, reload }: CaseProps) {
  const { t, code, lang, dateTime } = useI18n();
  const ref = useReference();
  const c = loaded.view;
  const uid = useId();
  const [form, setForm] = useState<{ setId: SetId; answers: Answers }>(() => ({ setId: deriveSet(c), answers: {} }));
  const [health, setHealth] = useState<Answers>({});
  const [location, setLocation] = useState('');
  const [conductedAt, setConductedAt] = useState(localNow);
  const [interpreter, setInterpreter] = useState(false);
  const [notes, setNotes] = useState('');
  const [locationError, setLocationError] = useState<string | null>(null);
  const { busy, error: saveError, run } = useAction();
  const [saved, setSaved] = useState<Screening | null>(null);
  const [live, setLive] = useState<Classification | null>(null);
  const [liveError, setLiveError] = useState<unknown>(null);
  const seq = useRef(0);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const lastJump = useRef<string | null>(null);

  const set = useResource(() => api.get<IndicatorSet>(`/screening/sets/${form.setId}`, { lang }), [form.setId, lang]);
  const triage = useResource(() => api.get<HealthTriage>('/screening/health-triage', { lang }), [lang]);
  // Each read is audited: ask only for what the case says the caller may read.
  const past = useResource(
    () =>
      c.can.readScreenings
        ? api.get<{ items: Screening[] }>(`/cases/${c.id}/screenings`)
        : Promise.resolve({ items: [] as Screening[] }),
    [c.id, c.can.readScreenings],
  );

  // The live outcome: classified by the server, debounced, the latest answer wins.
  useEffect(() => {
    if (!c.can.screen) return;
    const n = ++seq.current;
    const timer = window.setTimeout(() => {
      api.post<Classification>('/screening/classify', { instrument: form.setId, answers: answered(form.answers) }).then(
        (r) => {
          if (n === seq.current) {
            setLive(r);
            setLiveError(null);
          }
        },
        (e: unknown) => {
          if (n === seq.current) setLiveError(e);
        },
      );
    }, 150);
    return () => window.clearTimeout(timer);
  }, [form, c.can.screen]);

  const labels = new Map<string, string>();
  for (const d of set.data?.dimensions ?? []) for (const i of d.indicators) labels.set(i.id, i.label);
  const dimensionLabel = (id: string) => set.data?.dimensions.find((d) => d.id === id)?.label ?? id;
  const flagLabel = (id: string) => triage.data?.flags.find((f) => f.id === id)?.label ?? id;
  const askNext = new Set(live?.askNext ?? []);

  const answer = (id: string, v: Answer) => setForm((f) => ({ ...f, answers: { ...f.answers, [id]: v } }));

  const save = async (final: boolean, e?: FormEvent) => {
    e?.preventDefault();
    setSaved(null);
    if (location.trim().length < 2) {
      setLocationError(t('screening.errLocation'));
      document.querySelector<HTMLInputElement>('input[data-field="location"]')?.focus();
      return;
    }
    setLocationError(null);
    await run(async () => {
      const r = await api.post<Screening>(`/cases/${c.id}/screenings`, {
        instrument: form.setId,
        answers: answered(form.answers),
        healthAnswers: answered(health),
        location: location.trim(),
        conductedAt: new Date(conductedAt).toISOString(),
        interpreterUsed: interpreter,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
        final,
      });
      setSaved(r);
      setForm((f) => ({ ...f, answers: {} }));
      setHealth({});
      setNotes('');
      past.reload();
      if (r.movedToVerification) await reload();
    });
  };

  const finalise = async (id: string) => {
    setSaved(null);
    await run(async () => {
      const r = await api.post<Screening>(`/screenings/${id}/finalise`);
      setSaved(r);
      past.reload();
      if (r.movedToVerification) await reload();
    });
  };

  const metDimensions = live?.dimensions.filter((d) => d.met) ?? [];

  // The ILO's title in the reader's language (the set's own `source` is the English citation).
  const extension = set.data?.dimensions.some((d) => d.indicators.some((i) => i.extension)) ?? false;
  const sourceNote =
    t(form.setId.includes('child') ? 'screening.sourceNote.child' : 'screening.sourceNote.adult') +
    (extension ? `, ${t('screening.sourceNote.extension')}` : '');

  // Progress: answered (yes or no) of all questions, per dimension and in all.
  const answeredIn = (ids: string[]) => ids.filter((id) => (form.answers[id] ?? 'unknown') !== 'unknown').length;
  const allIds = set.data?.dimensions.flatMap((d) => d.indicators.map((i) => i.id)) ?? [];
  // The questions that could still change the outcome, in the order of the form.
  const askOrder = allIds.filter((id) => askNext.has(id));
  const jumpToNext = () => {
    if (!askOrder.length) return;
    const at = lastJump.current ? askOrder.indexOf(lastJump.current) : -1;
    const id = askOrder[(at + 1) % askOrder.length]!;
    lastJump.current = id;
    const dimension = set.data?.dimensions.find((d) => d.indicators.some((i) => i.id === id));
    if (dimension && collapsed.has(dimension.id)) {
      setCollapsed((c) => new Set([...c].filter((x) => x !== dimension.id)));
    }
    // After the dimension has opened: scroll to the question and put the focus on its first answer.
    window.setTimeout(() => {
      const el = document.querySelector<HTMLElement>(`fieldset[data-question="${CSS.escape(id)}"]`);
      el?.scrollIntoView({ block: 'center' });
      el?.querySelector<HTMLInputElement>('input')?.focus({ preventScroll: true });
    }, 0);
  };
  const toggle = (id: string, open: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });
  const items = [...(past.data?.items ?? [])].sort((a, b) => b.conductedAt.localeCompare(a.conductedAt));

  return (
    <section aria-labelledby="h-screening" className="screening">
      <h2 id="h-screening">{t('caseFile.screening')}</h2>

      {c.can.readScreenings ? (
        <section aria-labelledby="h-screening-past">
          <h3 id="h-screening-past">{t('screening.past')}</h3>
          <ErrorMessage error={past.error} />
          {past.loading && !past.data ? <Loading /> : null}
          {past.data && items.length === 0 ? <p>{t('screening.none')}</p> : null}
          {items.length ? (
            <ul className="screening-past">
              {items.map((s) => (
                <li key={s.id} className="card">
                  <p>
                    <strong>{code('screening.outcome', s.outcome)}</strong>{' '}
                    <StatusBadge
                      status={s.status === 'draft' ? 'warn' : 'ref-accepted'}
                      label={t(s.status === 'draft' ? 'screening.draft' : 'screening.final')}
                    />
                    {s.supersededBy ? <StatusBadge status="closed" label={t('screening.superseded')} /> : null}
                  </p>
                  <p className="sub">
                    <time dateTime={s.conductedAt}>{dateTime(s.conductedAt)}</time> · {s.location} ·{' '}
                    {code('screening.set', s.instrument)} · {t('screening.version', { version: s.setVersion })}
                    {s.interpreterUsed ? <> · {t('screening.interpreterUsed')}</> : null}
                  </p>
                  <p className="sub">
                    {t('screening.healthFlags')}:{' '}
                    {s.healthFlags.length ? s.healthFlags.map(flagLabel).join(', ') : t('screening.noHealthFlags')}
                  </p>
                  {s.status === 'draft' && c.can.screen ? (
                    <button
                      type="button"
                      onClick={() => void finalise(s.id)}
                      aria-label={t('screening.finaliseDraft', { date: dateTime(s.conductedAt) })}
                    >
                      {t('screening.finalise')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      {c.can.screen ? (
        <form onSubmit={(e) => void save(true, e)} noValidate aria-labelledby="h-screening-new">
          <h3 id="h-screening-new">{t('screening.new')}</h3>
          <SelectField
            label={t('screening.set')}
            hint={t('screening.setHint', { derived: code('screening.set', deriveSet(c)) })}
            value={form.setId}
            onValue={(v) => setForm({ setId: v as SetId, answers: {} })}
            options={SET_IDS.map((id) => ({ value: id, label: code('screening.set', id) }))}
          />
          <ErrorMessage error={set.error} />
          {set.loading && !set.data ? <Loading /> : null}
          {set.data ? (
            <p className="sub">
              {t('screening.source')}: {sourceNote} · {t('screening.version', { version: set.data.version })}
            </p>
          ) : null}

          {set.data ? (
            <div className="screening-sticky" aria-label={t('screening.summary')} role="group">
              <span className={`outcome outcome-${live?.outcome ?? 'none'}`}>
                {t('screening.summary')}: {live ? code('screening.outcome', live.outcome) : '…'}
              </span>
              <span className="sub">
                {t('screening.progressAll', { answered: answeredIn(allIds), total: allIds.length })}
              </span>
              <span className="sticky-actions">
                {askOrder.length ? (
                  <button type="button" onClick={jumpToNext}>
                    {t('screening.jumpNext')} ({askOrder.length})
                  </button>
                ) : (
                  <span className="sub">{t('screening.jumpNone')}</span>
                )}
                <button
                  type="button"
                  onClick={() =>
                    setCollapsed(collapsed.size ? new Set() : new Set(set.data?.dimensions.map((d) => d.id) ?? []))
                  }
                >
                  {collapsed.size ? t('screening.expandAll') : t('screening.collapseAll')}
                </button>
              </span>
            </div>
          ) : null}

          <section className="screening-outcome panel" aria-labelledby={`${uid}-outcome-h`}>
            <h4 id={`${uid}-outcome-h`}>{t('screening.liveOutcome')}</h4>
            <p
              role="status"
              aria-live="polite"
              aria-atomic="true"
              className={`outcome outcome-${live?.outcome ?? 'none'}`}
              data-testid="live-outcome"
            >
              {live ? code('screening.outcome', live.outcome) : t('common.loading')}
            </p>
            <ErrorMessage error={liveError} />
            {live ? (
              <>
                {metDimensions.length ? (
                  <>
                    <p>{t('screening.dimensionsMet')}</p>
                    <ul>
                      {metDimensions.map((d) => (
                        <li key={d.id}>
                          <strong>{dimensionLabel(d.id)}</strong>: {d.present.map((i) => labels.get(i) ?? i).join('; ')}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p>{t('screening.noDimensionsMet')}</p>
                )}
                <p className="sub">
                  {live.askNext.length
                    ? t('screening.askNextCount', { count: live.askNext.length })
                    : t('screening.askNextNone')}
                </p>
              </>
            ) : null}
          </section>

          {set.data?.dimensions.map((d) => {
            const result = live?.dimensions.find((r) => r.id === d.id);
            const ids = d.indicators.map((i) => i.id);
            const open = !collapsed.has(d.id);
            const asks = ids.filter((id) => askNext.has(id)).length;
            return (
              <details
                key={`${form.setId}-${d.id}`}
                className="dimension-group"
                open={open}
                onToggle={(e) => {
                  const now = (e.currentTarget as HTMLDetailsElement).open;
                  if (now !== open) toggle(d.id, now);
                }}
              >
                <summary>
                  <span className="dimension-name">{d.label}</span>{' '}
                  <span className="dimension-progress">
                    {t('screening.progress', { answered: answeredIn(ids), total: ids.length })}
                  </span>
                  {result?.met ? (
                    <>
                      {' '}
                      <StatusBadge status="ref-accepted" label={t('screening.met')} />
                    </>
                  ) : null}
                  {asks ? (
                    <>
                      {' '}
                      <span className="badge badge-ask">
                        {t('screening.askNext')} ({asks})
                      </span>
                    </>
                  ) : null}
                </summary>
                <fieldset className="dimension">
                  <legend className="visually-hidden">{d.label}</legend>
                  {d.indicators.map((i) => {
                    const ask = askNext.has(i.id);
                    return (
                      <AnswerGroup
                        key={i.id}
                        id={i.id}
                        name={`${uid}-${i.id}`}
                        value={form.answers[i.id] ?? 'unknown'}
                        onValue={(v) => answer(i.id, v)}
                        highlighted={ask}
                        legend={
                          <>
                            <span className="indicator-label">{i.label}</span>{' '}
                            <span className={`badge strength-${i.strength}`}>
                              {code('screening.strength', i.strength)}
                            </span>
                            {i.extension ? (
                              <span className="badge badge-extension">{t('screening.forcedCriminality')}</span>
                            ) : null}
                            {ask ? <span className="badge badge-ask">{t('screening.askNext')}</span> : null}
                          </>
                        }
                      />
                    );
                  })}
                </fieldset>
              </details>
            );
          })}

          <fieldset className="dimension">
            <legend>{t('screening.health')}</legend>
            <ErrorMessage error={triage.error} />
            {triage.data ? <p className="hint">{t('screening.healthHint')}</p> : <Loading />}
            {triage.data?.items.map((item) => (
              <AnswerGroup
                key={item.id}
                id={item.id}
                name={`${uid}-health-${item.id}`}
                value={health[item.id] ?? 'unknown'}
                onValue={(v) => setHealth((h) => ({ ...h, [item.id]: v }))}
                legend={<span className="indicator-label">{item.label}</span>}
              />
            ))}
          </fieldset>

          <fieldset>
            <legend>{t('screening.details')}</legend>
            <TextField
              data-field="location"
              label={t('screening.location')}
              required
              value={location}
              onValue={setLocation}
              error={locationError}
              maxLength={200}
            />
            <TextField
              label={t('screening.conductedAt')}
              type="datetime-local"
              required
              value={conductedAt}
              onValue={setConductedAt}
              max={localNow()}
            />
            <label className="check interpreter">
              <input type="checkbox" checked={interpreter} onChange={(e) => setInterpreter(e.target.checked)} />{' '}
              {t('screening.interpreterUsed')}
            </label>
            <TextArea label={t('screening.notes')} value={notes} onValue={setNotes} rows={3} maxLength={5000} />
          </fieldset>

          <ErrorMessage error={saveError} />
          {saved ? (
            <Notice kind="success">
              <p>
                {t(saved.status === 'draft' ? 'screening.savedDraft' : 'screening.savedFinal', {
                  outcome: code('screening.outcome', saved.outcome),
                })}
              </p>
              {saved.movedToVerification ? (
                <p>{t('screening.movedToVerification', { status: ref.label('caseStatuses', 'under_verification') })}</p>
              ) : null}
            </Notice>
          ) : null}
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void save(false)}>
              {t('screening.saveDraft')}
            </button>{' '}
            <button type="submit" className="primary" disabled={busy}>
              {t('screening.finalise')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
