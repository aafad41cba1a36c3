// The "Định danh" tab of a case (issue 13 §1–§2): the identifiers seen with the case (phones, accounts,
// wallets, addresses…) as entered and as normalised, each with its hits in other agencies' cases — which
// agency holds how many and whom to contact there, never anything of those cases — and the information
// request to send to that agency. A hit that an identifier makes as it is entered is announced at once.
// What the user may do follows the list's `can` (the server's policy).
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, request } from '../api';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../contract';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import {
  ErrorMessage,
  Loading,
  Notice,
  SelectField,
  StatusBadge,
  TextArea,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import { requestBadge } from '../components/information-request';
import type { CaseIdentifierList, Identifier, IdentifierHit, InformationRequest } from '../types';
import type { CaseProps } from '../case-data';
import '../i18n/investigation';
import '../investigation.css';

/** A request to this agency may be sent (again) when none is open or accepted. */
const mayAsk = (hit: IdentifierHit) =>
  !hit.request || hit.request.status === 'declined' || hit.request.status === 'withdrawn';

/** The server's reason for refusing the value (its field error's code), in the user's words; null for other errors. */
function valueError(t: (key: MessageKey) => string, error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const e = error.problem?.errors?.find((x) => x.field === 'body.value');
  if (!e) return null;
  const key = `problem.field.${e.code ?? ''}` as MessageKey;
  return e.code && t(key) !== key ? t(key) : t('problem.fieldInvalid');
}

type Announcement = { kind: 'hit' | 'done'; text: string } | null;

export function IdentifiersSection({ loaded }: CaseProps) {
  const c = loaded.view;
  const { t } = useI18n();
  const path = `/cases/${c.id}/identifiers`;
  const loading = useResource(() => api.get<CaseIdentifierList>(path), [path]);
  const list = loading.data ?? null;
  const setList = loading.setData;
  const [announcement, setAnnouncement] = useState<Announcement>(null);

  const announce = (next: Announcement) => setAnnouncement(next);
  const added = (identifier: Identifier) => {
    setList((prev) => (prev ? { ...prev, items: [...prev.items, identifier] } : prev));
    const agencies = identifier.hits.map((h) => h.agencyName).join(', ');
    announce(
      identifier.hits.length
        ? { kind: 'hit', text: t('investigation.freshHit', { agencies }) }
        : { kind: 'done', text: t('investigation.added') },
    );
  };
  const replaced = (identifier: Identifier) =>
    setList((prev) =>
      prev ? { ...prev, items: prev.items.map((i) => (i.id === identifier.id ? identifier : i)) } : prev,
    );
  const removed = (id: string) => {
    setList((prev) => (prev ? { ...prev, items: prev.items.filter((i) => i.id !== id) } : prev));
    announce({ kind: 'done', text: t('investigation.deleted') });
  };

  return (
    <section aria-labelledby="identifiers-heading">
      <h2 id="identifiers-heading">{t('investigation.heading')}</h2>
      <p className="hint">{t('investigation.intro')}</p>
      {/* Always in the page, so that what is put in it is read out at once. */}
      <div role="status" aria-live="polite" data-testid="identifier-announcement">
        {announcement ? (
          <div className={`message message-${announcement.kind === 'hit' ? 'warning' : 'success'}`}>
            <p>{announcement.text}</p>
          </div>
        ) : null}
      </div>
      {!list ? (
        loading.error ? (
          <ErrorMessage error={loading.error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          {list.can.record ? (
            <AddForm path={path} onAdded={added} onStart={() => announce(null)} />
          ) : (
            <Notice>{t('investigation.readOnly')}</Notice>
          )}
          <h3>{t('investigation.list')}</h3>
          {list.items.length === 0 ? (
            <p>{t('investigation.none')}</p>
          ) : (
            <ul className="identifier-list plain">
              {list.items.map((i) => (
                <IdentifierItem
                  key={i.id}
                  identifier={i}
                  path={path}
                  canRecord={list.can.record}
                  onChanged={replaced}
                  onRemoved={() => removed(i.id)}
                  announce={announce}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function AddForm({ path, onAdded, onStart }: { path: string; onAdded(identifier: Identifier): void; onStart(): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<IdentifierKind>('phone');
  const [value, setValue] = useState('');
  const save = useAction();
  const fieldError = valueError(t, save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onStart();
    void save.run(async () => {
      const identifier = await api.post<Identifier>(path, { kind, value: value.trim() });
      setValue('');
      onAdded(identifier);
    });
  };
  return (
    <form onSubmit={submit} className="panel identifier-add" aria-labelledby="identifier-add-heading">
      <h3 id="identifier-add-heading">{t('investigation.add')}</h3>
      <SelectField
        label={t('investigation.kind')}
        value={kind}
        required
        onValue={(v) => {
          setKind(v as IdentifierKind);
          save.setError(null);
        }}
        options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: t(`investigation.kind.${k}`) }))}
      />
      <TextField
        label={t('investigation.value')}
        hint={t(`investigation.hint.${kind}`)}
        error={fieldError}
        value={value}
        required
        maxLength={500}
        autoComplete="off"
        spellCheck={false}
        onValue={setValue}
      />
      {fieldError ? null : <ErrorMessage error={save.error} />}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.busy}>
          {t('investigation.save')}
        </button>
      </div>
    </form>
  );
}

function IdentifierItem({
  identifier: i,
  path,
  canRecord,
  onChanged,
  onRemoved,
  announce,
}: {
  identifier: Identifier;
  path: string;
  canRecord: boolean;
  onChanged(identifier: Identifier): void;
  onRemoved(): void;
  announce(next: Announcement): void;
}) {
  const { t, date } = useI18n();
  const headingId = useId();
  const remove = useAction();
  const kind = t(`investigation.kind.${i.kind}`);
  // One that an information request was sent about stays on the case (the server says so too: 409).
  const asked = i.hits.some((h) => h.request);
  const doRemove = () => {
    if (!window.confirm(t('investigation.deleteConfirm', { value: i.value }))) return;
    void remove.run(async () => {
      await request('DELETE', `${path}/${i.id}`);
      onRemoved();
    });
  };
  return (
    <li>
      <article className="card" aria-labelledby={headingId}>
        <header>
          <h4 id={headingId}>
            {kind}:{' '}
            <span className="identifier-value" translate="no">
              {i.value}
            </span>
          </h4>
          <p className="sub">
            {t('investigation.normalized')}:{' '}
            <span className="identifier-value" translate="no">
              {i.normalized}
            </span>{' '}
            · {t('investigation.recorded', { date: date(i.recordedAt), name: i.recordedBy })}
          </p>
        </header>
        {i.hits.length === 0 ? (
          <p>{t('investigation.noHits')}</p>
        ) : (
          <>
            <p>
              <strong>{t('investigation.hits')}</strong>
            </p>
            <ul className="hit-list">
              {i.hits.map((h) => (
                <HitItem
                  key={h.agencyCode}
                  hit={h}
                  identifier={i}
                  canRecord={canRecord}
                  onRequested={(r) =>
                    onChanged({
                      ...i,
                      hits: i.hits.map((x) =>
                        x.agencyCode === h.agencyCode ? { ...x, request: { id: r.id, status: r.status } } : x,
                      ),
                    })
                  }
                  announce={announce}
                />
              ))}
            </ul>
            <p className="hint">{t('investigation.noContent')}</p>
          </>
        )}
        {canRecord ? (
          asked ? (
            <p className="hint">{t('investigation.kept')}</p>
          ) : (
            <div className="actions">
              <button
                type="button"
                onClick={doRemove}
                disabled={remove.busy}
                aria-label={t('investigation.deleteLabel', { value: i.value })}
              >
                {t('investigation.delete')}
              </button>
            </div>
          )
        ) : null}
        <ErrorMessage error={remove.error} />
      </article>
    </li>
  );
}

function HitItem({
  hit: h,
  identifier,
  canRecord,
  onRequested,
  announce,
}: {
  hit: IdentifierHit;
  identifier: Identifier;
  canRecord: boolean;
  onRequested(r: InformationRequest): void;
  announce(next: Announcement): void;
}) {
  const { t, number } = useI18n();
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState('');
  const send = useAction();
  const agency = `${h.agencyName} (${h.agencyCode})`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send.run(async () => {
      const r = await api.post<InformationRequest>('/information-requests', {
        identifierId: identifier.id,
        agencyCode: h.agencyCode,
        ...(message.trim() ? { message: message.trim() } : {}),
      });
      setAsking(false);
      setMessage('');
      onRequested(r);
      announce({ kind: 'done', text: t('investigation.sent', { agency: h.agencyName }) });
    });
  };
  return (
    <li>
      <p>
        <strong>
          {t(h.cases === 1 ? 'investigation.hit.one' : 'investigation.hit.other', {
            count: number(h.cases),
            agency,
          })}
        </strong>
      </p>
      <p>
        {h.contacts.length ? (
          <>
            {t('investigation.contacts')}{' '}
            {h.contacts.map((c, n) => (
              <span key={c.email}>
                {n ? ', ' : ''}
                {c.name} (<a href={`mailto:${c.email}`}>{c.email}</a>)
              </span>
            ))}
          </>
        ) : (
          t('investigation.noContacts')
        )}
      </p>
      {h.readableCases.length ? (
        <p>
          {t('investigation.readable')}{' '}
          {h.readableCases.map((rc, n) => (
            <span key={rc.id}>
              {n ? ', ' : ''}
              <Link to={`/cases/${rc.id}`}>{rc.reference}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {h.request ? (
        <p>
          {t('investigation.requestState', { agency: h.agencyName })}{' '}
          <StatusBadge status={requestBadge(h.request.status)} label={t(`investigation.status.${h.request.status}`)} />{' '}
          <Link to={`/information-requests/${h.request.id}`}>{t('investigation.openRequest')}</Link>
        </p>
      ) : null}
      {canRecord && mayAsk(h) ? (
        asking ? (
          <form onSubmit={submit} className="request-form">
            <p>
              <strong>{t('investigation.requestTo', { agency: h.agencyName })}</strong>
            </p>
            <TextArea
              label={t('investigation.message')}
              hint={t('investigation.messageHint')}
              value={message}
              maxLength={2000}
              onValue={setMessage}
            />
            <ErrorMessage error={send.error} />
            <div className="actions">
              <button type="submit" className="button primary" disabled={send.busy}>
                {t('investigation.send')}
              </button>
              <button type="button" onClick={() => setAsking(false)} disabled={send.busy}>
                {t('investigation.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setAsking(true)}>
              {h.request ? t('investigation.requestAgain') : t('investigation.request')}
            </button>
          </div>
        )
      ) : null}
    </li>
  );
}
