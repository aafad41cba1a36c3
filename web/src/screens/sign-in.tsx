// Sign in: email and password, then the authenticator code, or enrolment of an
// authenticator for roles that require one.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { LanguageSwitcher } from '../components/language';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { ErrorMessage, Notice, TextField, useAction } from '../components/ui';
import type { LoginResult } from '../types';

export function SignIn() {
  const { state } = useSession();
  const { t } = useI18n();
  const step = state.status === 'mfa' ? 'mfa' : state.status === 'enrol' ? 'enrol' : 'password';
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [step]);
  return (
    <div className="sign-in-page">
      <header className="sign-in-top">
        <span className="brand-name">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="sign-in">
        <h1 ref={heading} tabIndex={-1}>
          {step === 'password' ? t('signIn.title') : step === 'mfa' ? t('signIn.mfaTitle') : t('signIn.enrolTitle')}
        </h1>
        {state.status === 'signed-out' && state.reason === 'expired' ? (
          <Notice kind="warning">{t('signIn.expired')}</Notice>
        ) : null}
        {state.status === 'signed-out' && state.reason === 'signed-out' ? (
          <Notice kind="success">{t('signIn.signedOut')}</Notice>
        ) : null}
        {step === 'password' ? <PasswordStep /> : step === 'mfa' ? <CodeStep /> : <EnrolStep />}
        <p className="hint">{t('signIn.privacy')}</p>
      </main>
    </div>
  );
}

function PasswordStep() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post<LoginResult>('/auth/login', { email, password });
      // The token in the answer is for API clients; the app relies on the HttpOnly cookie only.
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
  const [secret, setSecret] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const start = () =>
    run(async () => setSecret(await api.post<{ secret: string; otpauthUrl: string }>('/auth/totp/enroll')));
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
