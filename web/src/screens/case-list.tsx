// Case list: name search (the server ignores accents, case and word order), filters by
// status, exploitation type, destination, province, age group, sex, registration days and
// overdue, sorting by column, the number of cases found, and "more". Every filter and the
// order live in the address (shareable, kept by "back") and are checked by the server.
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, useRouter } from '../router';
import { useMe } from '../session';
import { CaseTable } from '../components/case-table';
import { ExportLinks } from '../components/export-links';
import { ErrorMessage, Loading, ScreenTitle, SelectField, TextField } from '../components/ui';
import { CASE_AGE_BANDS, today } from '../contract';
import type { CaseListItem, CaseListPage } from '../types';

const FILTERS = [
  'q',
  'status',
  'exploitationType',
  'destinationCountry',
  'overdue',
  'province',
  'ageBand',
  'sex',
  'registeredFrom',
  'registeredTo',
  'open',
  'unassigned',
  'sort',
] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

export function CaseList() {
  const { t, number } = useI18n();
  const ref = useReference();
  const me = useMe();
  const { location, navigate } = useRouter();
  const filters: Filters = Object.fromEntries(FILTERS.map((f) => [f, location.search.get(f) ?? ''])) as Filters;
  const [text, setText] = useState(filters.q);
  const [items, setItems] = useState<CaseListItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const dataAt = useRef<number | null>(null);
  const searchId = useId();
  const key = FILTERS.map((f) => filters[f]).join('|');

  const setFilter = (name: keyof Filters, value: string) => {
    const params = new URLSearchParams(location.search);
    if (value) params.set(name, value);
    else params.delete(name);
    const s = params.toString();
    navigate(`/cases${s ? `?${s}` : ''}`, { replace: true });
  };

  // Typing searches after a short pause; Enter searches at once.
  useEffect(() => {
    if (text.trim() === filters.q) return;
    const timer = window.setTimeout(() => setFilter('q', text.trim()), 350);
    return () => window.clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    let live = true;
    setError(null);
    setItems(null);
    api.get<CaseListPage>('/cases', { ...filters, limit: 25 }).then(
      (page) => {
        if (!live) return;
        dataAt.current = performance.now();
        setItems(page.items);
        setNext(page.nextCursor);
        setTotal(page.total ?? null);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  // How long the rows take to appear once the data is here (read by bench/web.ts).
  useLayoutEffect(() => {
    if (items === null || dataAt.current === null) return;
    const start = dataAt.current;
    dataAt.current = null;
    performance.measure('lantern:case-list:commit', { start, end: performance.now() });
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure('lantern:case-list:paint', { start, end: performance.now() }), 0),
    );
  }, [items]);

  const more = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      // The total was counted with the first page.
      const page = await api.get<CaseListPage>('/cases', { ...filters, limit: 25, cursor: next, total: 'false' });
      setItems((prev) => [...(prev ?? []), ...page.items]);
      setNext(page.nextCursor);
    } catch (e) {
      setError(e);
    }
    setLoadingMore(false);
  };

  return (
    <>
      <ScreenTitle>{t('cases.title')}</ScreenTitle>
      {me.can.registerCases ? (
        <p>
          <Link to="/cases/new" className="button">
            {t('cases.registerNew')}
          </Link>
        </p>
      ) : null}
      <form
        role="search"
        className="filters"
        aria-label={t('cases.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', text.trim());
        }}
      >
        <div className="field field-search">
          <label htmlFor={searchId}>{t('cases.search')}</label>
          <input
            id={searchId}
            type="search"
            name="q"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={`${searchId}-hint`}
            autoComplete="off"
          />
          <p className="hint" id={`${searchId}-hint`}>
            {t('cases.searchHint')}
          </p>
        </div>
        <SelectField
          label={t('cases.status')}
          value={filters.status}
          onValue={(v) => setFilter('status', v)}
          empty={t('common.all')}
          options={ref.list('caseStatuses').map((s) => ({ value: s.code, label: s.label }))}
        />
        <SelectField
          label={t('cases.exploitation')}
          value={filters.exploitationType}
          onValue={(v) => setFilter('exploitationType', v)}
          empty={t('common.all')}
          options={ref.list('exploitationTypes').map((s) => ({ value: s.code, label: s.label }))}
        />
        <SelectField
          label={t('cases.destination')}
          value={filters.destinationCountry}
          onValue={(v) => setFilter('destinationCountry', v)}
          empty={t('common.all')}
          options={ref.countries.map((c) => ({ value: c.code, label: c.name }))}
        />
        <SelectField
          label={t('caselist.province')}
          value={filters.province}
          onValue={(v) => setFilter('province', v)}
          empty={t('common.all')}
          options={ref.provinces.map((p) => ({ value: p.code, label: p.name }))}
        />
        <SelectField
          label={t('caselist.ageBand')}
          value={filters.ageBand}
          onValue={(v) => setFilter('ageBand', v)}
          empty={t('common.all')}
          options={CASE_AGE_BANDS.map((b) => ({
            value: b,
            label: b === 'unknown' ? t('caselist.ageUnknown') : t('caselist.ageRange', { range: b.replace('-', '–') }),
          }))}
        />
        <SelectField
          label={t('caselist.sex')}
          value={filters.sex}
          onValue={(v) => setFilter('sex', v)}
          empty={t('common.all')}
          options={ref.list('sexes').map((s) => ({ value: s.code, label: s.label }))}
        />
        <TextField
          label={t('caselist.registeredFrom')}
          type="date"
          max={filters.registeredTo || today()}
          value={filters.registeredFrom}
          onValue={(v) => setFilter('registeredFrom', v)}
        />
        <TextField
          label={t('caselist.registeredTo')}
          type="date"
          min={filters.registeredFrom || undefined}
          max={today()}
          value={filters.registeredTo}
          onValue={(v) => setFilter('registeredTo', v)}
        />
        <div className="field field-check">
          <label className="check">
            <input
              type="checkbox"
              checked={filters.overdue === 'true'}
              onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : '')}
            />{' '}
            {t('cases.overdueOnly')}
          </label>
        </div>
        <div className="field field-check">
          <label className="check">
            <input
              type="checkbox"
              checked={filters.open === 'true'}
              onChange={(e) => setFilter('open', e.target.checked ? 'true' : '')}
            />{' '}
            {t('caselist.openOnly')}
          </label>
        </div>
        <div className="field field-check">
          <label className="check">
            <input
              type="checkbox"
              checked={filters.unassigned === 'true'}
              onChange={(e) => setFilter('unassigned', e.target.checked ? 'true' : '')}
            />{' '}
            {t('caselist.unassignedOnly')}
          </label>
        </div>
        {FILTERS.some((f) => f !== 'sort' && filters[f]) ? (
          <div className="field">
            <button
              type="button"
              onClick={() => {
                setText('');
                navigate(filters.sort ? `/cases?sort=${encodeURIComponent(filters.sort)}` : '/cases', {
                  replace: true,
                });
              }}
            >
              {t('caselist.clear')}
            </button>
          </div>
        ) : null}
      </form>
      <ExportLinks path="/cases/export" query={Object.fromEntries(location.search)} />
      <ErrorMessage error={error} />
      <div aria-live="polite" className="result-count">
        {items === null ? (
          error ? null : (
            <Loading />
          )
        ) : items.length === 0 ? (
          <p>{t('cases.none')}</p>
        ) : (
          <p>
            {total !== null && total > items.length
              ? t('caselist.showing', { shown: number(items.length), count: number(total) })
              : total !== null
                ? t('caselist.total', { count: number(total) })
                : next
                  ? t(filters.q ? 'cases.searchMore' : 'cases.countMore', { count: number(items.length) })
                  : t('cases.count', { count: number(items.length) })}
          </p>
        )}
      </div>
      {items && items.length > 0 ? (
        <CaseTable
          items={items}
          caption={t('cases.title')}
          sort={filters.sort || undefined}
          onSort={(v) => setFilter('sort', v === '-registered' ? '' : v)}
        />
      ) : null}
      {next ? (
        <p>
          <button type="button" onClick={() => void more()} disabled={loadingMore}>
            {t('cases.more')}
          </button>
        </p>
      ) : null}
    </>
  );
}
