// Languages of the app: message catalogues (vi default, en, fr) and formatting of
// dates and numbers for the chosen language. Components never hold UI text.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { isLanguage, makeI18n, type I18n } from './messages';
import type { Language } from '../types';

export {
  CATALOGUES,
  LANGUAGES,
  isLanguage,
  makeI18n,
  translate,
  type I18n,
  type MessageKey,
  type Params,
} from './messages';

const I18nContext = createContext<I18n>(makeI18n('vi'));

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);

const STORAGE_KEY = 'lantern.language';
/** The language chosen on this device (the only thing the app keeps in localStorage). */
export function storedLanguage(): Language | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}
export function storeLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: fine */
  }
}
