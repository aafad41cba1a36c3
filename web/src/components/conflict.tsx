// When a save finds the record changed by someone else (412), show field by field
// what they changed and what the user was about to change, and let the user
// reapply their edit on top of the current version — never a silent overwrite.
import { useEffect, useRef } from 'react';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';

export interface ConflictField<T> {
  key: string;
  label: string;
  get(record: T): unknown;
  show(value: unknown): string;
}

/**
 * For useAction's onError: on a 412, loads the record at `path` as it is now and
 * hands it to `show` for the conflict panel; any other error is left to be shown.
 */
export function loadConflictOn412<T>(path: string, show: (now: { current: T; etag: string | null }) => void) {
  return async (err: unknown): Promise<boolean> => {
    if (!(err instanceof ApiError && err.kind === 'precondition-failed')) return false;
    const now = await api.getWithEtag<T>(path).catch(() => null);
    if (!now) return false;
    show({ current: now.data, etag: now.etag });
    return true;
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function ConflictPanel<T>({
  fields,
  base,
  current,
  mine,
  onReapply,
  onDiscard,
  busy,
}: {
  fields: ConflictField<T>[];
  base: T;
  current: T;
  mine: Partial<Record<string, unknown>>;
  onReapply(): void;
  onDiscard(): void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const rows = fields
    .map((f) => {
      const before = f.get(base);
      const now = f.get(current);
      const edited = f.key in mine;
      const theirs = !same(before, now);
      const yours = edited && !same(before, mine[f.key]);
      return { f, before, now, yours, theirs, mineValue: mine[f.key] };
    })
    .filter((r) => r.theirs || r.yours);
  return (
    <section
      className="conflict"
      aria-labelledby="conflict-title"
      aria-describedby="conflict-help"
      tabIndex={-1}
      ref={ref}
    >
      <h2 id="conflict-title">{t('conflict.title')}</h2>
      <p id="conflict-help">{t('conflict.help')}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('conflict.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('conflict.field')}</th>
              <th scope="col">{t('conflict.before')}</th>
              <th scope="col">{t('conflict.theirs')}</th>
              <th scope="col">{t('conflict.yours')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.f.key} className={r.theirs && r.yours ? 'both-changed' : undefined}>
                <th scope="row">
                  {r.f.label}
                  {r.theirs && r.yours ? <span className="badge badge-warn">{t('conflict.both')}</span> : null}
                </th>
                <td>{r.f.show(r.before)}</td>
                <td className={r.theirs ? 'changed' : undefined}>
                  {r.theirs ? r.f.show(r.now) : t('conflict.unchanged')}
                </td>
                <td className={r.yours ? 'changed' : undefined}>
                  {r.yours ? r.f.show(r.mineValue) : t('conflict.unchanged')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={onReapply} disabled={busy}>
          {t('conflict.reapply')}
        </button>
        <button type="button" onClick={onDiscard} disabled={busy}>
          {t('conflict.discard')}
        </button>
      </div>
    </section>
  );
}
