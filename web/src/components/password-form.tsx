// Choosing a new password (POST /auth/password): at first sign-in when someone
// else set the password, after signing in with a reset code, and from the account screen. The server judges the
// password; its reason (a stable code per field) is shown in the user's language.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import type { PasswordChanged } from '../types';
import { ErrorMessage, TextField, useAction } from './ui';

/** The translated reason the server gave for `field`, if it gave one we know. */
function reasonFor(error: unknown, field: string, t: (key: MessageKey) => string): string | null {
  if (!(error instanceof ApiError) || error.kind !== 'validation') return null;
  const found = error.problem?.errors?.find((e) => e.field === field);
  if (!found) return null;
  const key = `password.reason.${String(found.code ?? '')}` as MessageKey;
  const text = t(key);
  return text === key ? found.message : text;
}

export function ChangePasswordForm({
  knownCurrent,
  withoutCurrent,
  submitLabel,
  onChanged,
  children,
}: {
  /** The current password when the app already has it (just typed at sign-in): its field is then not shown. */
  knownCurrent?: string | null;
  /** Signed in with a reset code: the server needs no current password. */
  withoutCurrent?: boolean;
  submitLabel: string;
  onChanged(result: PasswordChanged): void | Promise<void>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, setError, run } = useAction();
  const askCurrent = !knownCurrent && !withoutCurrent;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setMismatch(true);
      setError(null);
      return;
    }
    setMismatch(false);
    void run(async () => {
      const result = await api.post<PasswordChanged>(
        '/auth/password',
        withoutCurrent ? { newPassword: next } : { currentPassword: knownCurrent || current, newPassword: next },
      );
      setCurrent('');
      setNext('');
      setRepeat('');
      await onChanged(result);
    });
  };

  const currentError = reasonFor(error, 'body.currentPassword', t);
  const newError = reasonFor(error, 'body.newPassword', t);
  const handled = (askCurrent && currentError !== null) || newError !== null;
  return (
    <form onSubmit={submit}>
      {askCurrent ? (
        <TextField
          label={t('password.current')}
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          value={current}
          onValue={setCurrent}
          error={currentError}
        />
      ) : null}
      <TextField
        label={t('password.new')}
        hint={t('password.newHint')}
        type="password"
        name="new-password"
        autoComplete="new-password"
        required
        value={next}
        onValue={setNext}
        error={newError}
      />
      <TextField
        label={t('password.repeat')}
        type="password"
        name="repeat-password"
        autoComplete="new-password"
        required
        value={repeat}
        onValue={setRepeat}
        error={mismatch ? t('password.mismatch') : null}
      />
      {handled ? null : <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
