// Form fields (each with its label), messages and small building blocks.
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { FIELD_MESSAGES, fieldLabelKey } from '../i18n/casework/fields';

/** Loads data on mount and when `deps` change; `reload` loads again. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let live = true;
    setLoading(true);
    loader.current().then(
      (d) => {
        if (live) {
          setData(d);
          setError(null);
          setLoading(false);
        }
      },
      (e: unknown) => {
        if (live) {
          setError(e);
          setLoading(false);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/**
 * One request at a time from a form or a button: `busy` while it runs, its error
 * kept for <ErrorMessage>. `run` resolves true when the work succeeded. `onError`
 * may deal with an error itself (returning true) instead of showing it.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (
      work: () => Promise<unknown>,
      onError?: (error: unknown) => boolean | Promise<boolean>,
    ): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (e) {
        if (!(onError && (await onError(e)))) setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, error, setError, run };
}

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | null;
  required?: boolean;
}

function FieldShell({ id, label, hint, error, required, children }: FieldProps & { id: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> ({t('form.required')})</span> : null}
      </label>
      {children}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string | null) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField({
  label,
  hint,
  error,
  required,
  onValue,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & { onValue(v: string): void }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={required}>
      <input
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onValue(e.target.value)}
        {...input}
      />
    </FieldShell>
  );
}

export function TextArea({
  label,
  hint,
  error,
  required,
  onValue,
  ...input
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> & { onValue(v: string): void }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={required}>
      <textarea
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onValue(e.target.value)}
        rows={4}
        {...input}
      />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  label,
  hint,
  error,
  required,
  onValue,
  options,
  empty,
  ...select
}: FieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & {
    onValue(v: string): void;
    options: Option[];
    empty?: string;
  }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={required}>
      <select
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onValue(e.target.value)}
        {...select}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxGroup({
  legend,
  options,
  values,
  onValues,
  hint,
  columns,
}: {
  legend: string;
  options: Option[];
  values: readonly string[];
  onValues(v: string[]): void;
  hint?: string;
  columns?: boolean;
}) {
  const id = useId();
  return (
    <fieldset
      className={`checks${columns ? ' checks-columns' : ''}`}
      aria-describedby={hint ? `${id}-hint` : undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="checkbox"
            checked={values.includes(o.value)}
            onChange={(e) => onValues(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function RadioGroup({
  legend,
  name,
  options,
  value,
  onValue,
}: {
  legend: string;
  name: string;
  options: Option[];
  value: string;
  onValue(v: string): void;
}) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onValue(o.value)}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A problem in the user's words: the message of its reason (a 409's `reason`, e.g. 'email-taken')
 * or of its type, and each invalid field by the form's own label ("Ngày sinh", not
 * `body.dateOfBirth`). The server's English `detail` shows only when no translation exists.
 */
export function problemText(
  t: (key: MessageKey) => string,
  error: unknown,
): { message: string; detail: string | null; fields: { label: string; reason: string }[] } {
  const api = error instanceof ApiError ? error : null;
  const known = (key: string) => t(key as MessageKey) !== key;
  const reason = typeof api?.problem?.reason === 'string' ? `problem.reason.${api.problem.reason}` : null;
  const kindKey = api ? `problem.${api.kind}` : 'problem.unexpected';
  const message = reason && known(reason) ? t(reason as MessageKey) : known(kindKey) ? t(kindKey as MessageKey) : null;
  const fields = (api?.problem?.errors ?? []).map((e) => {
    const labelKey = fieldLabelKey(e.field);
    const codeKey = e.code ? [`password.reason.${e.code}`, `problem.field.${e.code}`].find((k) => known(k)) : undefined;
    const messageKey = Object.hasOwn(FIELD_MESSAGES, e.message) ? FIELD_MESSAGES[e.message] : undefined;
    return {
      label: labelKey ? t(labelKey) : t('problem.otherField'),
      reason: codeKey ? t(codeKey as MessageKey) : messageKey ? t(messageKey) : t('problem.fieldInvalid'),
    };
  });
  return {
    message: message ?? t('problem.unexpected'),
    detail: message ? null : (api?.problem?.detail ?? null),
    fields,
  };
}

/** What went wrong, in the user's language (see problemText). */
export function ErrorMessage({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useI18n();
  if (!error) return null;
  const { message, detail, fields } = problemText(t, error);
  return (
    <div className="message message-error" role="alert">
      <p>{message}</p>
      {detail ? (
        <p className="detail" lang="en">
          {detail}
        </p>
      ) : null}
      {fields.length ? (
        <>
          <p className="detail">{t('problem.fieldsIntro')}</p>
          <ul className="detail">
            {fields.map((f, i) => (
              <li key={i}>
                {f.label}: {f.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {children}
    </div>
  );
}

/** A failed background job's reason in the user's words; the server's English message only when untranslated. */
export function JobErrorDetail({ error }: { error: { code: string; message: string } | null }) {
  const { t } = useI18n();
  if (!error) return null;
  const key = [`job.error.${error.code}`, `problem.${error.code}`].find((k) => t(k as MessageKey) !== k);
  return key ? (
    <p className="detail">{t(key as MessageKey)}</p>
  ) : (
    <p className="detail" lang="en">
      {error.message}
    </p>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`message message-${kind}`} role={kind === 'info' ? undefined : 'status'}>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}

/** A heading that takes focus when the screen opens, so screen readers announce it. */
export function ScreenTitle({ children, sub }: { children: ReactNode; sub?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="screen-title">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {sub ? <p className="sub">{sub}</p> : null}
    </div>
  );
}
