// Who is signed in, at which stage of sign-in, and in which language; the
// session itself is the HttpOnly cookie, which this code never sees.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionEnded, request, etagOf } from './api';
import { isLanguage, storedLanguage, storeLanguage } from './i18n';
import type { Language, Me, User } from './types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: 'expired' | 'signed-out' }
  | { status: 'mfa' | 'enrol' | 'password' | 'in'; me: Me };

interface SessionValue {
  state: SessionState;
  lang: Language;
  /** Re-reads GET /auth/me (after sign-in or a TOTP step). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
  setLanguage(lang: Language): void;
  /** null while saving, true when the server remembers it, false when only this device does. */
  languageSaved: boolean | null;
}

const SessionContext = createContext<SessionValue | null>(null);

const STATUS_OF_STAGE = {
  full: 'in',
  mfa_pending: 'mfa',
  mfa_enrolment: 'enrol',
  password_change: 'password',
} as const;
const stateOf = (me: Me): SessionState => ({ status: STATUS_OF_STAGE[me.stage] ?? 'enrol', me });

/**
 * Saves the language on the user (PATCH /users/:id with If-Match): the version
 * is the last one we saw, else the one GET /auth/me gives; on a 412 (changed
 * meanwhile, e.g. in another tab) it re-reads /auth/me once and tries again.
 */
async function saveLanguage(me: Me, lang: Language, known: number | null): Promise<number | null> {
  const attempt = async (version: number) =>
    (await request<User>('PATCH', `/users/${me.id}`, { body: { language: lang }, ifMatch: etagOf(version) })).data
      .version;
  try {
    return await attempt(known ?? me.version);
  } catch (error) {
    if (!(error instanceof ApiError) || error.kind !== 'precondition-failed') return null;
  }
  try {
    return await attempt((await api.get<Me>('/auth/me')).version);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [lang, setLang] = useState<Language>(() => storedLanguage() ?? 'vi');
  const [languageSaved, setLanguageSaved] = useState<boolean | null>(true);
  const userVersion = useRef<number | null>(null);
  // A language picked before signing in is the user's wish: save it once signed in.
  const chosenBeforeSignIn = useRef(false);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const persist = useCallback(async (me: Me, l: Language) => {
    setLanguageSaved(null);
    const version = await saveLanguage(me, l, userVersion.current);
    userVersion.current = version;
    setLanguageSaved(version !== null);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const me = await api.get<Me>('/auth/me', undefined, { quiet401: true });
      if (typeof me.version === 'number') userVersion.current = me.version;
      const next = stateOf(me);
      setState(next);
      if (next.status === 'in') {
        if (chosenBeforeSignIn.current && me.language !== lang) void persist(me, lang);
        else if (isLanguage(me.language)) {
          setLang(me.language);
          storeLanguage(me.language);
        }
        chosenBeforeSignIn.current = false;
      }
    } catch (error) {
      setState({ status: 'signed-out' });
      if (!(error instanceof ApiError)) throw error;
    }
  }, [lang, persist]);

  useEffect(() => {
    void refresh();
    // Only on start: later refreshes are asked for explicitly.
  }, []);

  useEffect(() => {
    onSessionEnded(() =>
      setState((s) => (s.status === 'signed-out' ? s : { status: 'signed-out', reason: 'expired' })),
    );
    return () => onSessionEnded(null);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch {
      /* already ended */
    }
    userVersion.current = null;
    setState({ status: 'signed-out', reason: 'signed-out' });
  }, []);

  const setLanguage = useCallback(
    (l: Language) => {
      setLang(l);
      storeLanguage(l);
      if (state.status === 'in') void persist(state.me, l);
      else chosenBeforeSignIn.current = true;
    },
    [state, persist],
  );

  const value = useMemo(
    () => ({ state, lang, refresh, signOut, setLanguage, languageSaved }),
    [state, lang, refresh, signOut, setLanguage, languageSaved],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The signed-in user (only inside the signed-in part of the app). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'in') throw new Error('useMe while not signed in');
  return state.me;
}
