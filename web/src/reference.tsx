// Code lists with labels in the user's language (GET /reference?lang=) and the
// agency directory (GET /agencies), loaded once per sign-in and language.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api';
import { isTimeZone, setCalendarZone } from './contract';
import { useI18n } from './i18n';
import type { Agency, CodeLabel, Reference } from './types';

type ListName =
  | 'exploitationTypes'
  | 'recruitmentChannels'
  | 'caseSources'
  | 'agencyKinds'
  | 'roles'
  | 'sexes'
  | 'identityDocumentTypes'
  | 'caseStatuses';

export interface ReferenceValue {
  ready: boolean;
  list(name: ListName): CodeLabel[];
  label(name: ListName, code: string | null | undefined): string;
  countries: { code: string; name: string }[];
  country(code: string | null | undefined): string;
  provinces: { code: string; name: string }[];
  province(code: string | null | undefined): string;
  agencies: Agency[];
  agencyById(id: string | null | undefined): Agency | undefined;
  agencyName(code: string | null | undefined): string;
}

const ReferenceContext = createContext<ReferenceValue | null>(null);

export function ReferenceProvider({ children }: { children: ReactNode }) {
  const { lang, t } = useI18n();
  const [data, setData] = useState<Reference | null>(null);
  const [agencies, setAgencies] = useState<Agency[]>([]);

  useEffect(() => {
    let live = true;
    api.get<Reference>('/reference', { lang }).then(
      (r) => {
        // "Today" is a day in the server's zone (LANTERN_TIMEZONE), wherever the browser is.
        if (isTimeZone(r.timeZone)) setCalendarZone(r.timeZone);
        if (live) setData(r);
      },
      () => {
        /* labels fall back to codes */
      },
    );
    return () => {
      live = false;
    };
  }, [lang]);
  useEffect(() => {
    let live = true;
    api.get<{ items: Agency[] }>('/agencies').then(
      (r) => {
        if (live) setAgencies(r.items);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  const value = useMemo<ReferenceValue>(() => {
    const maps = new Map<string, Map<string, string>>();
    const mapOf = (name: ListName) => {
      let m = maps.get(name);
      if (!m) {
        m = new Map((data?.[name] ?? []).map((c) => [c.code, c.label]));
        maps.set(name, m);
      }
      return m;
    };
    const countryMap = new Map((data?.countries ?? []).map((c) => [c.code, c.name]));
    const provinceMap = new Map((data?.provinces ?? []).map((p) => [p.code, p.name]));
    const byId = new Map(agencies.map((a) => [a.id, a]));
    const byCode = new Map(agencies.map((a) => [a.code, a]));
    return {
      ready: data !== null,
      list: (name) => data?.[name] ?? [],
      label: (name, code) => (code ? (mapOf(name).get(code) ?? code) : '—'),
      countries: data?.countries ?? [],
      country: (code) => {
        if (!code) return '—';
        if (code === 'stateless') return t('citizenship.stateless');
        if (code === 'unknown') return t('citizenship.unknown');
        return countryMap.get(code) ?? code;
      },
      provinces: data?.provinces ?? [],
      province: (code) => (code ? (provinceMap.get(code) ?? code) : '—'),
      agencies,
      agencyById: (id) => (id ? byId.get(id) : undefined),
      agencyName: (code) => (code ? (byCode.get(code)?.name ?? code) : '—'),
    };
  }, [data, agencies, t]);

  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
}

export function useReference(): ReferenceValue {
  const value = useContext(ReferenceContext);
  if (!value) throw new Error('useReference outside <ReferenceProvider>');
  return value;
}
