// Sign in: email and password, then the authenticator code, or enrolment of an
// authenticator for roles that require one, then a new password when the current
// one was chosen by someone else (an administrator).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { LanguageSwitcher } from '../components/language';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { ChangePasswordForm } from '../components/password-form';
import { ErrorMessage, Notice, TextField, useAction } from '../components/ui';
import type { LoginResult, TotpEnrolment } from '../types';

const TITLES = {
  password: 'signIn.title',
  mfa: 'signIn.mfaTitle',
  enrol: 'signIn.enrolTitle',
  newPassword: 'signIn.newPasswordTitle',
} as const;

export function SignIn() {
  const { state } = useSession();
  const { t } = useI18n();
  const step =
    state.status === 'mfa'
      ? 'mfa'
      : state.status === 'enrol'
        ? 'enrol'
        : state.status === 'password'
          ? 'newPassword'
          : 'password';
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
          <PasswordStep onPassword={(p) => (typed.current = p)} />
        ) : step === 'mfa' ? (
          <CodeStep />
        ) : step === 'enrol' ? (
          <EnrolStep />
        ) : (
          <NewPasswordStep typed={typed.current} onDone={() => (typed.current = null)} />
        )}
        <p className="hint">{t('signIn.privacy')}</p>
      </main>
    </div>
  );
}

/** A password someone else chose must be replaced before anything else. */
function NewPasswordStep({ typed, onDone }: { typed: string | null; onDone(): void }) {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  return (
    <div>
      <p>{t('signIn.newPasswordHelp')}</p>
      <ChangePasswordForm
        knownCurrent={typed}
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

function CodeField({ code, setCode }: { code: string; setCode(v: string): void }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('signIn.code')}
      hint={t('signIn.codeHint')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      required
      value={code}
      onValue={(v) => setCode(v.replace(/\D/g, ''))}
      name="code"
    />
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
  const [secret, setSecret] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const start = () => run(async () => setSecret(await api.post<TotpEnrolment>('/auth/totp/enroll')));
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(
      async () => {
        await api.post('/auth/totp/confirm', { code });
        await refresh();
      },
      (err) => {
        setCode('');
        if (err instanceof ApiError && err.kind === 'conflict') setSecret(null);
        return false;
      },
    );
  };
  return (
    <div>
      <p>{t('signIn.enrolHelp')}</p>
      {!secret ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
            {t('signIn.enrolStart')}
          </button>
          <button type="button" onClick={() => void signOut()}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <form onSubmit={confirm}>
          <dl className="secret">
            <dt>{t('signIn.secret')}</dt>
            <dd>
              <code data-testid="totp-secret">{secret.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </dd>
            <dt>{t('signIn.otpauth')}</dt>
            <dd>
              <code className="wrap">{secret.otpauthUrl}</code>
            </dd>
          </dl>
          <CodeField code={code} setCode={setCode} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || code.length !== 6}>
              {t('signIn.enrolConfirm')}
            </button>
            <button type="button" onClick={() => void signOut()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
