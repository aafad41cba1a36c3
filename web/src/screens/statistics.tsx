// Statistics for planners (issue 11 §4): the analyst's dashboards, a table builder, and the
// exports (HTCDS record-level file, national report). Every figure is a controlled table from
// the server (small cells suppressed, or differentially private noise); every chart has its
// data table next to it, and each table downloads exactly as released. Loaded on demand with
// Chart.js, so the first screen never carries them.
import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { jobRunning } from '../consolidation';
import { today } from '../contract';
import { LANGUAGES, useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { useMe } from '../session';
import { JobEnded, JobProgress, useJob } from '../components/job';
import { StatChart } from '../components/stat-chart';
import { StatTable } from '../components/stat-table';
import {
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import {
  chartData,
  chartDataByRows,
  epsilonOf,
  hasValue,
  lastTwelveMonths,
  monthsWindow,
  shareWithinDeadline,
  SUPPRESSED_MARK,
  tableKey,
  tableQuery,
  yearWindow,
  type TableRequest,
  type Window,
} from '../statistics';
import {
  dimensionLabel,
  indicatorLabel,
  statisticsValueLabel,
  type PlaceNames,
} from '../../../src/contract/statistics-labels';
import type { Dimension, IndicatorId } from '../../../src/contract/statistics';
import { useReference } from '../reference';
import type { IndicatorList, Job, PrivacyBudget, StatisticsStatus, StatisticsTable } from '../types';
import '../i18n/statistics';
import './statistics.css';

// ---- labels and tables ----

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1);

/** Labels of the statistics' codes in the user's language (the contract's, shared with the report and the downloads). */
function useLabels() {
  const { lang } = useI18n();
  const reference = useReference();
  return useMemo(() => {
    // Provinces and countries are named from the reference data the app has loaded.
    const places: PlaceNames = {
      province: (code) => (reference.ready ? reference.province(code) : undefined),
      country: (code) => (reference.ready ? reference.country(code) : undefined),
    };
    return {
      value: (dimension: string) => (code: string) =>
        dimension ? statisticsValueLabel(dimension as Dimension, code, lang, places) : code,
      indicator: (id: string) => indicatorLabel(id as IndicatorId, lang),
      dimension: (id: string) => dimensionLabel(id as Dimension, lang),
      /** Inside a sentence ("… by age band"): dimension names are common nouns. */
      inSentence: (id: string) => lowerFirst(dimensionLabel(id as Dimension, lang)),
    };
  }, [lang, reference]);
}

/**
 * Tables released during this visit, by request: asking again for the same table (going back to
 * the dashboard, switching language) shows the same release instead of making a new one — in
 * differential privacy a new one would spend budget again. Suppression tables are kept a few
 * minutes; noisy ones for the whole visit.
 */
const released = new Map<string, { at: number; mode: TableRequest['mode']; table: Promise<StatisticsTable> }>();
const KEEP_MS = 5 * 60 * 1000;

/**
 * After a refresh of the figures: suppression tables are asked for again (free); noisy ones stay as
 * released (each says when its figures were computed) — a new one is made only when the analyst asks,
 * never spending budget behind their back.
 */
function forgetSuppressionTables(): void {
  for (const [key, entry] of released) if (entry.mode === 'suppression') released.delete(key);
}

function releaseOf(request: TableRequest): Promise<StatisticsTable> {
  const key = tableKey(request);
  const kept = released.get(key);
  if (kept && (request.mode === 'dp' || Date.now() - kept.at < KEEP_MS)) return kept.table;
  const table = api.get<StatisticsTable>('/statistics/tables', tableQuery(request));
  released.set(key, { at: Date.now(), mode: request.mode, table });
  table.catch(() => released.delete(key));
  return table;
}

function useTable(request: TableRequest | null, generation: number) {
  const [state, setState] = useState<{ table?: StatisticsTable; error?: unknown; loading: boolean }>({
    loading: !!request,
  });
  const key = request ? tableKey(request) : '';
  useEffect(() => {
    if (!request) return;
    let live = true;
    setState({ loading: true });
    releaseOf(request).then(
      (table) => live && setState({ table, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, generation]);
  return state;
}

/** A refused release (privacy budget exceeded): what the budget still allows, in the user's language. */
function TableError({ error }: { error: unknown }) {
  const { t, number } = useI18n();
  const p = error instanceof ApiError ? error.problem : null;
  const left =
    p && typeof p.remaining === 'number' && typeof p.budget === 'number'
      ? t('stats.overBudget', {
          remaining: number(p.remaining),
          budget: number(p.budget),
          period: String(p.period ?? ''),
        })
      : null;
  return <ErrorMessage error={error}>{left ? <p>{left}</p> : null}</ErrorMessage>;
}

// ---- navigation between the statistics screens ----

function StatisticsTabs() {
  const { t } = useI18n();
  const me = useMe();
  const tabs: { to: string; label: MessageKey }[] = [
    { to: '/statistics', label: 'stats.tabDashboard' },
    { to: '/statistics/builder', label: 'stats.tabBuilder' },
    { to: '/statistics/exports', label: me.can.exportMicrodata ? 'stats.tabExports' : 'stats.tabReport' },
  ];
  return (
    <nav className="tabs" aria-label={t('stats.tabs')}>
      <ul>
        {tabs.map((x) => (
          <li key={x.to}>
            <Link to={x.to}>{t(x.label)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// ---- the period, mode and ε of a request ----

interface Filters {
  period: 'months' | 'year';
  year: string;
  fromMonth: string;
  toMonth: string;
  mode: 'suppression' | 'dp';
  epsilon: string;
}

function defaultFilters(): Filters {
  const w = lastTwelveMonths(today());
  return {
    period: 'months',
    year: today().slice(0, 4),
    fromMonth: w.from.slice(0, 7),
    toMonth: w.to.slice(0, 7),
    mode: 'suppression',
    epsilon: '0.1',
  };
}

const EPSILON_MIN = 0.05;
const EPSILON_MAX = 2;

function windowOf(f: Filters): Window | null {
  if (f.period === 'year') return /^\d{4}$/.test(f.year) ? yearWindow(Number(f.year)) : null;
  return monthsWindow(f.fromMonth, f.toMonth);
}
function epsilonOfFilters(f: Filters): number | null {
  const e = Number(f.epsilon);
  return Number.isFinite(e) && e >= EPSILON_MIN && e <= EPSILON_MAX ? e : null;
}

function PeriodFields({ filters, set }: { filters: Filters; set(f: Partial<Filters>): void }) {
  const { t } = useI18n();
  const thisYear = Number(today().slice(0, 4));
  const years = Array.from({ length: 12 }, (_, i) => String(thisYear - i));
  return (
    <>
      <SelectField
        label={t('stats.period')}
        value={filters.period}
        onValue={(v) => set({ period: v === 'year' ? 'year' : 'months' })}
        options={[
          { value: 'months', label: t('stats.periodMonths') },
          { value: 'year', label: t('stats.periodYear') },
        ]}
      />
      {filters.period === 'year' ? (
        <SelectField
          label={t('stats.year')}
          value={filters.year}
          onValue={(v) => set({ year: v })}
          options={years.map((y) => ({ value: y, label: y }))}
        />
      ) : (
        <>
          <TextField
            label={t('stats.fromMonth')}
            type="month"
            value={filters.fromMonth}
            onValue={(v) => set({ fromMonth: v })}
            hint={t('stats.monthHint')}
          />
          <TextField
            label={t('stats.toMonth')}
            type="month"
            value={filters.toMonth}
            onValue={(v) => set({ toMonth: v })}
          />
        </>
      )}
    </>
  );
}

function ModeFields({
  filters,
  set,
  budget,
}: {
  filters: Filters;
  set(f: Partial<Filters>): void;
  budget?: PrivacyBudget;
}) {
  const { t, number } = useI18n();
  return (
    <>
      <SelectField
        label={t('stats.mode')}
        value={filters.mode}
        onValue={(v) => set({ mode: v === 'dp' ? 'dp' : 'suppression' })}
        options={[
          { value: 'suppression', label: t('stats.modeSuppression') },
          { value: 'dp', label: t('stats.modeDp') },
        ]}
      />
      {filters.mode === 'dp' ? (
        <TextField
          label={t('stats.epsilon')}
          type="number"
          inputMode="decimal"
          min={EPSILON_MIN}
          max={EPSILON_MAX}
          step={0.05}
          value={filters.epsilon}
          onValue={(v) => set({ epsilon: v })}
          hint={
            budget
              ? t('stats.budgetLine', {
                  remaining: number(budget.remaining),
                  budget: number(budget.budget),
                  period: budget.period,
                })
              : t('stats.epsilonHint')
          }
          error={
            epsilonOfFilters(filters) === null ? t('stats.errEpsilon', { min: EPSILON_MIN, max: EPSILON_MAX }) : null
          }
        />
      ) : null}
    </>
  );
}

// ---- the dashboards ----

type BreakdownIndicator = 'persons_registered' | 'victims_identified' | 'cases_registered';
const BREAKDOWN_INDICATORS: BreakdownIndicator[] = ['victims_identified', 'persons_registered', 'cases_registered'];
const BREAKDOWNS = ['province', 'exploitation_type', 'age_band', 'recruitment_channel'] as const;
/** How many tables the dashboard releases for one choice of filters (each spends ε in differential privacy). */
const DASHBOARD_TABLES = 3 + BREAKDOWNS.length + 2;

interface Applied {
  window: Window;
  mode: 'suppression' | 'dp';
  epsilon?: number;
  indicator: BreakdownIndicator;
}

export function Dashboard() {
  const { t, dateTime, number } = useI18n();
  const me = useMe();
  const labels = useLabels();
  const [draft, setDraft] = useState<Filters & { indicator: BreakdownIndicator }>(() => ({
    ...defaultFilters(),
    indicator: 'victims_identified',
  }));
  const initial = windowOf(draft)!;
  const [applied, setApplied] = useState<Applied>({ window: initial, mode: 'suppression', indicator: draft.indicator });
  const [generation, setGeneration] = useState(0);
  const [ready, setReady] = useState(false);
  const status = useResource(() => api.get<StatisticsStatus>('/statistics/status'), [generation]);
  const budget = useResource(
    () => (draft.mode === 'dp' ? api.get<PrivacyBudget>('/statistics/budget') : Promise.resolve(undefined)),
    [draft.mode, generation, applied],
  );
  const refresh = useAction();
  const { job, setJob } = useJob(null, () => {
    forgetSuppressionTables();
    setGeneration((g) => g + 1);
  });

  const set = (f: Partial<Filters & { indicator: BreakdownIndicator }>) => setDraft((d) => ({ ...d, ...f }));
  const draftWindow = windowOf(draft);
  const draftEpsilon = epsilonOfFilters(draft);
  const cost = draftEpsilon !== null ? epsilonOf(DASHBOARD_TABLES, draftEpsilon) : null;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!draftWindow || (draft.mode === 'dp' && draftEpsilon === null)) return;
    setReady(false);
    setApplied({
      window: draftWindow,
      mode: draft.mode,
      epsilon: draft.mode === 'dp' ? draftEpsilon! : undefined,
      indicator: draft.indicator,
    });
  };

  const req = useCallback(
    (indicator: string, columns: string, rows?: string): TableRequest => ({
      indicator,
      columns,
      rows,
      ...applied.window,
      mode: applied.mode,
      epsilon: applied.epsilon,
    }),
    [applied],
  );
  const persons = useMemo(() => req('persons_registered', 'month'), [req]);
  const victims = useMemo(() => req('victims_identified', 'month'), [req]);
  const cases = useMemo(() => req('cases_registered', 'month'), [req]);
  const onFirstDrawn = useCallback(() => setReady(true), []);

  return (
    <>
      <ScreenTitle sub={t('stats.intro')}>{t('stats.title')}</ScreenTitle>
      <StatisticsTabs />
      <div className="stat-dashboard" data-testid={ready ? 'dashboard-ready' : undefined}>
        <form className="panel stat-filters" onSubmit={apply} aria-labelledby="h-stat-filters">
          <h2 id="h-stat-filters">{t('stats.filters')}</h2>
          <div className="stat-filter-fields">
            <PeriodFields filters={draft} set={set} />
            <SelectField
              label={t('stats.breakdownOf')}
              value={draft.indicator}
              onValue={(v) => set({ indicator: v as BreakdownIndicator })}
              options={BREAKDOWN_INDICATORS.map((i) => ({ value: i, label: labels.indicator(i) }))}
            />
            <ModeFields filters={draft} set={set} budget={budget.data} />
          </div>
          {!draftWindow ? <p className="field-error">{t('stats.errWindow')}</p> : null}
          {draft.mode === 'dp' && cost !== null ? (
            <Notice kind="warning">
              <p>{t('stats.dpCost', { tables: DASHBOARD_TABLES, epsilon: number(cost) })}</p>
            </Notice>
          ) : null}
          <ErrorMessage error={budget.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={!draftWindow}>
              {t('stats.show')}
            </button>
          </div>
        </form>

        <section className="panel stat-status" aria-labelledby="h-stat-status">
          <h2 id="h-stat-status" className="visually-hidden">
            {t('stats.statusTitle')}
          </h2>
          <p>
            {status.data?.asOf ? t('stats.figuresAsOf', { at: dateTime(status.data.asOf) }) : null}
            {status.data && !status.data.asOf ? t('stats.neverComputed') : null}
            {status.data?.refreshing && !jobRunning(job) ? ` · ${t('stats.refreshing')}` : null}
          </p>
          {job && jobRunning(job) ? <JobProgress job={job} unit="records" label={t('stats.refreshRunning')} /> : null}
          {job && !jobRunning(job) ? <JobEnded job={job} /> : null}
          {job?.state === 'succeeded' ? (
            <Notice kind="success">
              <p>{t('stats.refreshDone')}</p>
            </Notice>
          ) : null}
          <ErrorMessage error={refresh.error ?? status.error} />
          {me.can.refreshStatistics ? (
            <button
              type="button"
              disabled={refresh.busy || jobRunning(job)}
              onClick={() =>
                void refresh.run(async () => setJob((await api.post<{ job: Job }>('/statistics/refresh')).job))
              }
            >
              {t('stats.refresh')}
            </button>
          ) : null}
        </section>

        <section aria-labelledby="h-stat-headline">
          <h2 id="h-stat-headline">{t('stats.headline')}</h2>
          <div className="stat-headline">
            <Headline request={persons} generation={generation} label={labels.indicator('persons_registered')} />
            <Headline request={victims} generation={generation} label={labels.indicator('victims_identified')} />
            <Headline request={cases} generation={generation} label={labels.indicator('cases_registered')} />
          </div>
        </section>

        <h2>{t('stats.trends')}</h2>
        <div className="stat-grid">
          <TableChart
            id="trend-persons"
            title={t('stats.trendOf', { indicator: labels.indicator('persons_registered') })}
            request={persons}
            generation={generation}
            kind="line"
            onDrawn={onFirstDrawn}
          />
          <TableChart
            id="trend-victims"
            title={t('stats.trendOf', { indicator: labels.indicator('victims_identified') })}
            request={victims}
            generation={generation}
            kind="line"
          />
        </div>

        <h2>{t('stats.breakdowns', { indicator: labels.indicator(applied.indicator) })}</h2>
        <div className="stat-grid">
          {BREAKDOWNS.map((d) => (
            <TableChart
              key={d}
              id={`by-${d}`}
              title={t('stats.byDimension', {
                indicator: labels.indicator(applied.indicator),
                dimension: labels.inSentence(d),
              })}
              request={req(applied.indicator, d)}
              generation={generation}
              kind="bar"
              horizontal
            />
          ))}
        </div>

        <h2>{t('stats.process')}</h2>
        <div className="stat-grid">
          <Deadline request={req('verification_decisions', 'deadline', 'month')} generation={generation} />
          <TableChart
            id="referral-outcomes"
            title={t('stats.referralOutcomes')}
            request={req('referrals', 'referral_outcome')}
            generation={generation}
            kind="bar"
            horizontal
          />
        </div>
      </div>
    </>
  );
}

function Headline({ request, generation, label }: { request: TableRequest; generation: number; label: string }) {
  const { t, number } = useI18n();
  const { table, error, loading } = useTable(request, generation);
  const total = table?.total;
  return (
    <div className="stat-figure">
      <p className="stat-figure-label">{label}</p>
      {loading ? <Loading /> : null}
      <ErrorMessage error={error} />
      {table && total ? (
        hasValue(total) ? (
          <p className="stat-figure-value">
            {number(total.value)}
            {total.status === 'noisy' && total.uncertainty ? (
              <span className="stat-figure-pm"> ± {number(Math.round(total.uncertainty))}</span>
            ) : null}
          </p>
        ) : (
          <p className="stat-figure-value">
            <abbr title={t('stats.suppressedTitle')}>{SUPPRESSED_MARK}</abbr>
            <span className="stat-figure-note">{t('stats.fewerThan', { k: table.minCell })}</span>
          </p>
        )
      ) : null}
    </div>
  );
}

/** A chart and its data table, side by side (stacked on a narrow screen), from one controlled table. */
function TableChart({
  id,
  title,
  request,
  generation,
  kind,
  horizontal,
  stacked,
  byRows,
  onDrawn,
  children,
}: {
  id: string;
  title: string;
  request: TableRequest;
  generation: number;
  kind: 'line' | 'bar';
  horizontal?: boolean;
  stacked?: boolean;
  /** Draw the table's rows along the axis, one series per column. */
  byRows?: boolean;
  onDrawn?(): void;
  children?(table: StatisticsTable): ReactNode;
}) {
  const { t, number } = useI18n();
  const labels = useLabels();
  const { table, error, loading } = useTable(request, generation);
  const data = useMemo(() => (table ? (byRows ? chartDataByRows(table) : chartData(table)) : null), [table, byRows]);
  const columnLabel = useMemo(() => labels.value(request.columns), [labels, request.columns]);
  const rowLabel = useMemo(() => labels.value(request.rows ?? ''), [labels, request.rows]);
  return (
    <section className="panel stat-panel" aria-labelledby={`h-${id}`}>
      <h3 id={`h-${id}`}>{title}</h3>
      {loading ? <Loading /> : null}
      <TableError error={error} />
      {table && data ? (
        <>
          {children?.(table)}
          <div className="stat-pair">
            <StatChart
              kind={kind}
              data={data}
              columnLabel={byRows ? rowLabel : columnLabel}
              rowLabel={byRows ? columnLabel : rowLabel}
              label={t('stats.chartLabel', { title })}
              horizontal={horizontal}
              stacked={stacked}
              format={number}
              onDrawn={onDrawn}
            />
            <StatTable
              table={table}
              id={`t-${id}`}
              caption={title}
              columnLabel={columnLabel}
              rowLabel={rowLabel}
              columnHeader={labels.dimension(request.columns)}
              rowHeader={request.rows ? labels.dimension(request.rows) : undefined}
            />
          </div>
        </>
      ) : null}
    </section>
  );
}

/** The verification-deadline indicator: the share within the statutory period, from shown cells only. */
function Deadline({ request, generation }: { request: TableRequest; generation: number }) {
  const { t, number } = useI18n();
  return (
    <TableChart
      id="deadline"
      title={t('stats.deadlineTitle')}
      request={request}
      generation={generation}
      kind="bar"
      stacked
      byRows
    >
      {(table) => {
        const share = shareWithinDeadline(table);
        return (
          <div className="stat-share">
            <p className="stat-figure-value">
              {share.percent === null ? t('stats.shareUnknown') : t('stats.sharePercent', { percent: share.percent })}
            </p>
            <p>
              {share.percent === null
                ? t('stats.shareNone')
                : t('stats.shareLine', { within: number(share.within), considered: number(share.considered) })}
            </p>
            {share.partial ? (
              <Notice kind="warning">
                <p>{t('stats.sharePartial')}</p>
              </Notice>
            ) : null}
          </div>
        );
      }}
    </TableChart>
  );
}

// ---- the table builder ----

export function TableBuilder() {
  const { t, number } = useI18n();
  const labels = useLabels();
  const list = useResource(() => api.get<IndicatorList>('/statistics/indicators'), []);
  const [draft, setDraft] = useState<Filters & { indicator: string; rows: string; columns: string }>(() => ({
    ...defaultFilters(),
    indicator: 'victims_identified',
    rows: '',
    columns: 'exploitation_type',
  }));
  const [request, setRequest] = useState<TableRequest | null>(null);
  const budget = useResource(
    () => (draft.mode === 'dp' ? api.get<PrivacyBudget>('/statistics/budget') : Promise.resolve(undefined)),
    [draft.mode, request],
  );
  const { table, error, loading } = useTable(request, 0);
  const set = (f: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...f }));
  const indicator = list.data?.indicators.find((i) => i.id === draft.indicator);
  const dimensions = (indicator?.dimensions ?? []).filter((d) => draft.mode !== 'dp' || d.dp);
  const dimensionOptions = dimensions.map((d) => ({ value: d.id, label: labels.dimension(d.id) }));
  // Keep the chosen dimensions valid when the indicator or the mode changes.
  useEffect(() => {
    if (!indicator) return;
    const ids = dimensions.map((d) => d.id as string);
    if (!ids.includes(draft.columns)) set({ columns: ids.find((d) => d !== draft.rows) ?? '' });
    if (draft.rows && (!ids.includes(draft.rows) || draft.rows === draft.columns)) set({ rows: '' });
  }, [indicator, draft.mode, draft.columns, draft.rows]);
  const win = windowOf(draft);
  const epsilon = epsilonOfFilters(draft);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!win || !draft.columns || (draft.mode === 'dp' && epsilon === null)) return;
    setRequest({
      indicator: draft.indicator,
      rows: draft.rows || undefined,
      columns: draft.columns,
      ...win,
      mode: draft.mode,
      epsilon: draft.mode === 'dp' ? epsilon! : undefined,
    });
  };
  const columnLabel = useMemo(() => labels.value(request?.columns ?? ''), [labels, request?.columns]);
  const rowLabel = useMemo(() => labels.value(request?.rows ?? ''), [labels, request?.rows]);
  const data = useMemo(() => (table ? chartData(table) : null), [table]);
  const title = request
    ? request.rows
      ? t('stats.byTwo', {
          indicator: labels.indicator(request.indicator),
          rows: labels.inSentence(request.rows),
          columns: labels.inSentence(request.columns),
        })
      : t('stats.byDimension', {
          indicator: labels.indicator(request.indicator),
          dimension: labels.inSentence(request.columns),
        })
    : '';
  return (
    <>
      <ScreenTitle sub={t('stats.builderIntro')}>{t('stats.builderTitle')}</ScreenTitle>
      <StatisticsTabs />
      {list.loading ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data ? (
        <form className="panel stat-filters" onSubmit={submit} aria-labelledby="h-builder-form">
          <h2 id="h-builder-form">{t('stats.builderChoose')}</h2>
          <div className="stat-filter-fields">
            <SelectField
              label={t('stats.indicator')}
              value={draft.indicator}
              onValue={(v) => set({ indicator: v })}
              options={list.data.indicators.map((i) => ({ value: i.id, label: labels.indicator(i.id) }))}
            />
            <SelectField
              label={t('stats.rows')}
              value={draft.rows}
              onValue={(v) => set({ rows: v })}
              empty={t('stats.rowsNone')}
              options={dimensionOptions.filter((o) => o.value !== draft.columns)}
            />
            <SelectField
              label={t('stats.columns')}
              value={draft.columns}
              onValue={(v) => set({ columns: v })}
              options={dimensionOptions}
            />
            <PeriodFields filters={draft} set={set} />
            <ModeFields filters={draft} set={set} budget={budget.data} />
          </div>
          {!win ? <p className="field-error">{t('stats.errWindow')}</p> : null}
          {draft.mode === 'dp' && epsilon !== null ? (
            <Notice kind="warning">
              <p>{t('stats.dpCostOne', { epsilon: number(epsilon) })}</p>
            </Notice>
          ) : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={!win || !draft.columns}>
              {t('stats.make')}
            </button>
          </div>
        </form>
      ) : null}
      {loading ? <Loading /> : null}
      <TableError error={error} />
      {table && data && request ? (
        <section className="panel stat-panel" aria-labelledby="h-built">
          <h2 id="h-built">{title}</h2>
          {table.privacy ? (
            <p>
              {t('stats.budgetAfter', {
                epsilon: number(table.privacy.epsilon),
                remaining: number(table.privacy.remaining),
                budget: number(table.privacy.budget),
              })}
            </p>
          ) : null}
          <div className="stat-pair stat-pair-wide">
            <StatChart
              kind="bar"
              data={data}
              columnLabel={columnLabel}
              rowLabel={rowLabel}
              label={t('stats.chartLabel', { title })}
              horizontal={!request.rows}
              format={number}
            />
            <StatTable
              table={table}
              id="t-built"
              caption={title}
              columnLabel={columnLabel}
              rowLabel={rowLabel}
              columnHeader={labels.dimension(request.columns)}
              rowHeader={request.rows ? labels.dimension(request.rows) : undefined}
            />
          </div>
        </section>
      ) : null}
    </>
  );
}

// ---- exports: the HTCDS file and the national report ----

export function StatisticsExports() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <>
      <ScreenTitle sub={t('stats.exportsIntro')}>
        {t(me.can.exportMicrodata ? 'stats.exportsTitle' : 'stats.reportTitle')}
      </ScreenTitle>
      <StatisticsTabs />
      <div className="grid">
        <NationalReport />
        {me.can.exportMicrodata ? <HtcdsExport /> : null}
      </div>
    </>
  );
}

function NationalReport() {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>(defaultFilters);
  const [language, setLanguage] = useState<string>(lang);
  const win = windowOf(filters);
  const href = win
    ? `/api/v1/statistics/report?${new URLSearchParams({ from: win.from, to: win.to, language }).toString()}`
    : undefined;
  return (
    <section className="panel" aria-labelledby="h-report">
      <h2 id="h-report">{t('stats.reportTitle')}</h2>
      <p>{t('stats.reportIntro')}</p>
      <PeriodFields filters={filters} set={(f) => setFilters((d) => ({ ...d, ...f }))} />
      <SelectField
        label={t('stats.reportLanguage')}
        value={language}
        onValue={setLanguage}
        options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}` as MessageKey) }))}
      />
      {!win ? <p className="field-error">{t('stats.errWindow')}</p> : null}
      <div className="actions">
        {href ? (
          <a className="button primary" href={href} download>
            {t('stats.reportDownload')}
          </a>
        ) : null}
      </div>
    </section>
  );
}

/** What the HTCDS export reports (the job's result): what was generalised, how many were left out. */
interface HtcdsSummary {
  k: number;
  persons: number;
  rows: number;
  suppressed: number;
  classes: number;
  smallestClass: number | null;
  levels: Record<string, string>;
}
function htcdsSummary(result: Job['result']): HtcdsSummary | null {
  if (!result) return null;
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  const levels =
    result.levels && typeof result.levels === 'object'
      ? Object.fromEntries(Object.entries(result.levels as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
      : {};
  return {
    k: n(result.k),
    persons: n(result.persons),
    rows: n(result.rows),
    suppressed: n(result.suppressed),
    classes: n(result.classes),
    smallestClass: typeof result.smallestClass === 'number' ? result.smallestClass : null,
    levels,
  };
}

function HtcdsExport() {
  const { t, number } = useI18n();
  const [k, setK] = useState('11');
  const start = useAction();
  const { job, setJob } = useJob(null);
  const kValue = Number(k);
  const kValid = Number.isInteger(kValue) && kValue >= 2 && kValue <= 100;
  const result = job?.state === 'succeeded' ? htcdsSummary(job.result) : null;
  return (
    <section className="panel" aria-labelledby="h-htcds">
      <h2 id="h-htcds">{t('stats.htcdsTitle')}</h2>
      <p>{t('stats.htcdsIntro')}</p>
      <TextField
        label={t('stats.htcdsK')}
        type="number"
        min={2}
        max={100}
        step={1}
        value={k}
        onValue={setK}
        hint={t('stats.htcdsKHint')}
        error={kValid ? null : t('stats.errK')}
      />
      {job && jobRunning(job) ? <JobProgress job={job} unit="records" label={t('stats.htcdsRunning')} /> : null}
      {job && !jobRunning(job) ? <JobEnded job={job} /> : null}
      {job && result ? (
        <Notice kind="success">
          <p>{t('stats.htcdsDone')}</p>
          <dl className="facts">
            <dt>{t('stats.htcdsRows')}</dt>
            <dd>{t('stats.htcdsRowsLine', { rows: number(result.rows), persons: number(result.persons) })}</dd>
            <dt>{t('stats.htcdsSuppressed')}</dt>
            <dd>{number(result.suppressed)}</dd>
            <dt>{t('stats.htcdsClasses')}</dt>
            <dd>
              {t('stats.htcdsClassesLine', {
                classes: number(result.classes),
                smallest: result.smallestClass === null ? '—' : number(result.smallestClass),
                k: number(result.k),
              })}
            </dd>
            <dt>{t('stats.htcdsLevels')}</dt>
            <dd>
              <ul className="plain">
                {Object.entries(result.levels).map(([field, level]) => (
                  <li key={field}>
                    <code>{field}</code> → <code>{level}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          <p>
            <a className="button" href={`/api/v1/statistics/files/${encodeURIComponent(job.id)}`} download>
              {t('stats.htcdsDownload')}
            </a>
          </p>
        </Notice>
      ) : null}
      <ErrorMessage error={start.error} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!kValid || start.busy || jobRunning(job)}
          onClick={() =>
            void start.run(async () =>
              setJob((await api.post<{ job: Job }>('/statistics/exports/htcds', { k: kValue })).job),
            )
          }
        >
          {t('stats.htcdsStart')}
        </button>
      </div>
    </section>
  );
}
