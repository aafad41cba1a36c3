// Sign in: email and password (or a one-time reset code from an administrator), then
// the authenticator code, or enrolment of an authenticator for roles that require one,
// then a new password when the current one was chosen by someone else or forgotten.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { LanguageSwitcher } from '../components/language';
import { useI18n } from '../i18n';
import '../i18n/accounts';
import { useRouter } from '../router';
import { useSession } from '../session';
import { ChangePasswordForm } from '../components/password-form';
import { CodeField, TotpEnrolment } from '../components/totp-enrolment';
import { ErrorMessage, Notice, TextField, useAction } from '../components/ui';
import type { LoginResult } from '../types';

const TITLES = {
  password: 'signIn.title',
  resetCode: 'accounts.codeTitle',
  mfa: 'signIn.mfaTitle',
  enrol: 'signIn.enrolTitle',
  newPassword: 'signIn.newPasswordTitle',
} as const;

/** Where a reset link points: `/reset-password#code=…` (the fragment never reaches a server). */
export const RESET_PATH = '/reset-password';

export function SignIn() {
  const { state } = useSession();
  const { t } = useI18n();
  const { location, navigate } = useRouter();
  const step =
    state.status === 'mfa'
      ? 'mfa'
      : state.status === 'enrol'
        ? 'enrol'
        : state.status === 'password'
          ? 'newPassword'
          : location.path === RESET_PATH
            ? 'resetCode'
            : 'password';
  const viaResetCode = state.status === 'password' && state.me.viaResetCode;
  const heading = useRef<HTMLHeadingElement>(null);
  // The password typed at sign-in, kept in memory only until a new one is chosen,
  // so that the forced change does not ask for it again.
  const typed = useRef<string | null>(null);
  useEffect(() => {
    heading.current?.focus();
    if (step === 'password') typed.current = null;
  }, [step]);
  return (
    <div className="sign-in-page">
      <header className="sign-in-top">
        <span className="brand-name">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="sign-in">
        <h1 ref={heading} tabIndex={-1}>
          {t(TITLES[step])}
        </h1>
        {state.status === 'signed-out' && state.reason === 'expired' ? (
          <Notice kind="warning">{t('signIn.expired')}</Notice>
        ) : null}
        {state.status === 'signed-out' && state.reason === 'signed-out' ? (
          <Notice kind="success">{t('signIn.signedOut')}</Notice>
        ) : null}
        {step === 'password' ? (
          <>
            <PasswordStep onPassword={(p) => (typed.current = p)} />
            <p>
              <a
                href={RESET_PATH}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(RESET_PATH);
                }}
              >
                {t('accounts.haveCode')}
              </a>
            </p>
          </>
        ) : step === 'resetCode' ? (
          <ResetCodeStep onBack={() => navigate('/', { replace: true })} />
        ) : step === 'mfa' ? (
          <CodeStep />
        ) : step === 'enrol' ? (
          <EnrolStep />
        ) : (
          <NewPasswordStep
            typed={typed.current}
            viaResetCode={viaResetCode}
            onDone={() => {
              typed.current = null;
              if (location.path === RESET_PATH) navigate('/', { replace: true });
            }}
          />
        )}
        <p className="hint">{t('signIn.privacy')}</p>
      </main>
    </div>
  );
}

/** A password someone else chose, or one forgotten (signed in with a reset code), must be replaced before anything else. */
function NewPasswordStep({
  typed,
  viaResetCode,
  onDone,
}: {
  typed: string | null;
  viaResetCode: boolean;
  onDone(): void;
}) {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  return (
    <div>
      <p>{viaResetCode ? t('accounts.resetPasswordHelp') : t('signIn.newPasswordHelp')}</p>
      <ChangePasswordForm
        knownCurrent={typed}
        withoutCurrent={viaResetCode}
        submitLabel={t('signIn.newPasswordSubmit')}
        onChanged={async () => {
          onDone();
          await refresh();
        }}
      >
        <button type="button" onClick={() => void signOut()}>
          {t('common.cancel')}
        </button>
      </ChangePasswordForm>
    </div>
  );
}

function PasswordStep({ onPassword }: { onPassword(password: string): void }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const result = await api.post<LoginResult>('/auth/login', { email, password });
      // The token in the answer is for API clients; the app relies on the HttpOnly cookie only.
      if (result.passwordChangeRequired) onPassword(password);
      setPassword('');
      await refresh();
    });
  };
  return (
    <form onSubmit={submit} noValidate={false}>
      <TextField
        label={t('signIn.email')}
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onValue={setEmail}
      />
      <TextField
        label={t('signIn.password')}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onValue={setPassword}
      />
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}

function CodeStep() {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      async () => {
        await api.post('/auth/totp/verify', { code });
        await refresh();
      },
      () => {
        setCode('');
        return false;
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <p>{t('signIn.mfaHelp')}</p>
      <CodeField code={code} setCode={setCode} />
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || code.length !== 6}>
          {t('signIn.verify')}
        </button>
        <button type="button" onClick={() => void signOut()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function EnrolStep() {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  return (
    <div>
      <p>{t('signIn.enrolHelp')}</p>
      <TotpEnrolment
        startLabel={t('signIn.enrolStart')}
        onDone={refresh}
        extra={
          <button type="button" onClick={() => void signOut()}>
            {t('common.cancel')}
          </button>
        }
      />
    </div>
  );
}

/** Signing in with a one-time code from an administrator: then only a new password can be chosen. */
function ResetCodeStep({ onBack }: { onBack(): void }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  // A reset link carries the code in its fragment (#code=…), which the browser never sends.
  const [code, setCode] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('code') ?? '');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post<LoginResult>('/auth/reset-code', { email, code });
      // The code is used up: take it out of the address bar and history.
      window.history.replaceState(null, '', window.location.pathname);
      setCode('');
      await refresh();
    });
  };
  const wrong = error instanceof ApiError && error.kind === 'invalid-credentials';
  return (
    <form onSubmit={submit}>
      <p>{t('accounts.codeHelp')}</p>
      <TextField
        label={t('signIn.email')}
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onValue={setEmail}
      />
      <TextField
        label={t('accounts.code')}
        hint={t('accounts.codeHint')}
        name="reset-code"
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        value={code}
        onValue={setCode}
      />
      {wrong ? (
        <div className="message message-error" role="alert">
          <p>{t('accounts.codeWrong')}</p>
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('accounts.codeSubmit')}
        </button>
        <button type="button" onClick={onBack}>
          {t('accounts.backToSignIn')}
        </button>
      </div>
    </form>
  );
}
