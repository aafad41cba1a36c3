// Enrolling an authenticator app: the QR code to scan (made by the server, so no third party
// sees the secret), the key to type instead, and the first code to confirm it. At sign-in for
// roles that require a second factor, and from the account screen for everyone else.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';
import '../i18n/accounts';
import type { TotpEnrolment as Enrolment } from '../types';
import { ErrorMessage, TextField, useAction } from './ui';

export function CodeField({ code, setCode }: { code: string; setCode(v: string): void }) {
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

export function TotpEnrolment({
  startLabel,
  onDone,
  extra,
}: {
  startLabel: string;
  onDone(): void | Promise<void>;
  /** Shown beside the buttons (e.g. cancel). */
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const [secret, setSecret] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const start = () => run(async () => setSecret(await api.post<Enrolment>('/auth/totp/enroll')));
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(
      async () => {
        await api.post('/auth/totp/confirm', { code });
        await onDone();
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
      {!secret ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
            {startLabel}
          </button>
          {extra}
        </div>
      ) : (
        <form onSubmit={confirm}>
          <p>{t('accounts.qrHelp')}</p>
          <img className="totp-qr" src={secret.qrCode} alt={t('accounts.qrAlt')} width={200} height={200} />
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
            {extra}
          </div>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
